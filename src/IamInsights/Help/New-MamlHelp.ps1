<#
.SYNOPSIS
    Writes the module's MAML help from the cmdlets' own metadata and the text in IamInsights.Help.psd1.
.DESCRIPTION
    Syntax, parameter sets, types, positions and pipeline input come from Get-Command, so the help cannot drift
    from the code. Synopses of catalog cmdlets and the query each runs come from Get-IamInsightsQuery, and the table
    of a catalog cmdlet's own properties from the CloudTrail fields its record type declares. A catalog cmdlet needs
    no entry in IamInsights.Help.psd1: without one, its description is its synopsis.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$module = Import-Module $ModulePath -PassThru -Force
$source = Import-PowerShellDataFile $HelpSource
$catalog = @{}
foreach ($entry in Get-IamInsightsQuery) { $catalog[$entry.Command] = $entry }
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = New-Object System.Xml.XmlWriterSettings
$settings.Indent = $true
$settings.Encoding = New-Object System.Text.UTF8Encoding($false)
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)

function Write-Paragraphs([string] $Text) {
    $writer.WriteStartElement('maml', 'description', $maml)
    foreach ($para in ($Text -split "\r?\n\r?\n")) { $writer.WriteElementString('maml', 'para', $maml, $para.Trim()) }
    $writer.WriteEndElement()
}

function Get-ParameterText([string] $Command, [string] $Name) {
    $own = $source.Commands[$Command]
    if ($own -and $own.ContainsKey('Parameters') -and $own.Parameters.ContainsKey($Name)) { return $own.Parameters[$Name] }
    if ($source.Parameters.ContainsKey($Name)) { return $source.Parameters[$Name] }
    throw "IamInsights.Help.psd1 has no text for the parameter -$Name of $Command."
}

function Get-PropertyTable($Entry) {
    # The record's own properties: name, type and the CloudTrail field each is read from (or how it is computed).
    $fields = [IamInsights.Records.RecordSchema]::Of($Entry.RecordType).Fields
    $width = ($fields | ForEach-Object { $_.Name.Length } | Measure-Object -Maximum).Maximum + 2
    $lines = foreach ($field in $fields) {
        $origin = if ($field.IsComputed) { "computed: $($field.Origin)" } else { $field.Origin }
        if ($field.IsPolicyDocument) { $origin += ' (URL-decoded)' }
        '{0}{1}{2}' -f $field.Name.PadRight($width), ('[' + $field.ValueType.Name + ']').PadRight(13), $origin
    }
    return "Its own properties, besides the common ones below, and the CloudTrail field each is read from:`n`n" + ($lines -join "`n")
}

function Get-PipelineText($Parameter) {
    $ways = @()
    if ($Parameter.ValueFromPipeline) { $ways += 'ByValue' }
    if ($Parameter.ValueFromPipelineByPropertyName) { $ways += 'ByPropertyName' }
    if ($ways.Count -eq 0) { return 'False' }
    return "True ($($ways -join ', '))"
}

function Write-Parameter([string] $Command, $Parameter, [bool] $InSyntax) {
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $position = if ($Parameter.Position -ge 0) { [string]$Parameter.Position } else { 'named' }
    $writer.WriteStartElement('command', 'parameter', $cmd)
    $writer.WriteAttributeString('required', ([string]$Parameter.IsMandatory).ToLowerInvariant())
    $writer.WriteAttributeString('variableLength', ([string]$Parameter.ParameterType.IsArray).ToLowerInvariant())
    $wildcards = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
    $writer.WriteAttributeString('globbing', $wildcards.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('pipelineInput', (Get-PipelineText $Parameter))
    $writer.WriteAttributeString('position', $position)
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paragraphs (Get-ParameterText $Command $Parameter.Name)
    $typeName = $Parameter.ParameterType.Name
    $underlying = [Nullable]::GetUnderlyingType($Parameter.ParameterType)
    if ($underlying) { $typeName = $underlying.Name }
    if (-not $isSwitch) {
        $writer.WriteStartElement('command', 'parameterValue', $cmd)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($typeName)
        $writer.WriteEndElement()
    }
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $typeName)
    $writer.WriteEndElement()
    if ($Parameter.Aliases.Count -gt 0 -and -not $InSyntax) {
        $writer.WriteElementString('dev', 'defaultValue', $dev, "None. Aliases: $($Parameter.Aliases -join ', ')")
    }
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')

foreach ($command in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $name = $command.Name
    $text = $source.Commands[$name]
    $entry = $catalog[$name]
    if (-not $text -and -not $entry) { throw "IamInsights.Help.psd1 has no entry for $name." }
    if (-not $text) { $text = @{ Description = $entry.Synopsis; Examples = @() } }
    $synopsis = if ($text.ContainsKey('Synopsis')) { $text.Synopsis } else { $entry.Synopsis }
    $description = $text.Description
    if ($entry) {
        $description = $description + "`n`n" + (Get-PropertyTable $entry) + "`n`n" + $source.CatalogDescription +
            "`n`nThe Logs Insights query it runs (Get-IamInsightsQuery $name shows it too):`n`n" + $entry.Query
    }
    $examples = @($text.Examples)
    if ($entry) { $examples += @($source.CatalogExamples | ForEach-Object { @{ Code = $_.Code -replace '\{Command\}', $name; Remarks = $_.Remarks } }) }

    $writer.WriteStartElement('command', 'command', $cmd)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $cmd)
    $writer.WriteElementString('command', 'name', $cmd, $name)
    $writer.WriteElementString('command', 'verb', $cmd, $command.Verb)
    $writer.WriteElementString('command', 'noun', $cmd, $command.Noun)
    Write-Paragraphs $synopsis
    $writer.WriteEndElement()
    Write-Paragraphs $description

    $writer.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $cmd)
        $writer.WriteElementString('maml', 'name', $maml, $name)
        foreach ($parameter in $set.Parameters | Where-Object { $common -notcontains $_.Name }) {
            Write-Parameter $name $parameter $true
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $cmd)
    $seen = @{}
    foreach ($set in $command.ParameterSets) {
        foreach ($parameter in $set.Parameters | Where-Object { $common -notcontains $_.Name }) {
            if ($seen.ContainsKey($parameter.Name)) { continue }
            $seen[$parameter.Name] = $true
            Write-Parameter $name $parameter $false
        }
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'returnValues', $cmd)
    foreach ($type in $command.OutputType) {
        $writer.WriteStartElement('command', 'returnValue', $cmd)
        $writer.WriteStartElement('dev', 'type', $dev)
        $writer.WriteElementString('maml', 'name', $maml, $type.Name)
        $writer.WriteEndElement()
        Write-Paragraphs 'One object per event, written to the pipeline as it is found.'
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $cmd)
    $number = 0
    foreach ($example in $examples) {
        $number++
        $writer.WriteStartElement('command', 'example', $cmd)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- Example $number --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.Code)
        $writer.WriteStartElement('dev', 'remarks', $dev)
        $writer.WriteElementString('maml', 'para', $maml, $example.Remarks)
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}

$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Close()
