<#
.SYNOPSIS
    Writes the module's format file from the views that the engine's types declare.
.DESCRIPTION
    Each type of IamInsights.Engine with [TableView] gets a table view with those columns, in that order. A column
    named by a [FirstGivenColumn] of the type shows the first of its properties that has a value; any other column is
    a property. [ListView] adds a list view after the table view. The script imports the staged IamInsights.dll in
    its own process to reach the engine's types, so run it in a child PowerShell.
#>
param(
    [Parameter(Mandatory)] [string] $AssemblyPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

Import-Module $AssemblyPath
$engine = (Get-IamInsightsQuery | Select-Object -First 1).GetType().Assembly
$tableView = $engine.GetType('IamInsights.TableViewAttribute', $true)
$firstGiven = $engine.GetType('IamInsights.FirstGivenColumnAttribute', $true)
$listView = $engine.GetType('IamInsights.ListViewAttribute', $true)

function Get-Declared([type] $Type, [type] $Attribute) {
    return @($Type.GetCustomAttributes($Attribute, $false))
}

function Get-FirstGivenScript($Column) {
    # if ($_.A) { $_.A } elseif ($_.B) { $_.B } else { $_.C }
    $names = @($Column.Properties)
    $parts = @()
    for ($i = 0; $i -lt $names.Count - 1; $i++) {
        $keyword = if ($i -eq 0) { 'if' } else { 'elseif' }
        $parts += "$keyword (`$_.$($names[$i])) { `$_.$($names[$i]) }"
    }
    $parts += "else { `$_.$($names[$names.Count - 1]) }"
    return $parts -join ' '
}

function Assert-Property([type] $Type, [string] $Name) {
    if (-not $Type.GetProperty($Name)) { throw "$($Type.FullName) declares a view item '$Name' that is not one of its properties." }
}

$settings = New-Object System.Xml.XmlWriterSettings
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.Encoding = New-Object System.Text.UTF8Encoding($false)
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
$writer.WriteStartDocument()
$writer.WriteComment(' Written at build by New-FormatFile.ps1 from the [TableView] and [ListView] declarations of the engine''s types. ')
$writer.WriteStartElement('Configuration')
$writer.WriteStartElement('ViewDefinitions')

foreach ($type in $engine.GetExportedTypes()) {
    foreach ($view in Get-Declared $type $tableView) {
        $computed = @{}
        foreach ($column in Get-Declared $type $firstGiven) {
            foreach ($property in $column.Properties) { Assert-Property $type $property }
            $computed[$column.Label] = Get-FirstGivenScript $column
        }
        $writer.WriteStartElement('View')
        $writer.WriteElementString('Name', $type.Name)
        $writer.WriteStartElement('ViewSelectedBy')
        $writer.WriteElementString('TypeName', $type.FullName)
        $writer.WriteEndElement()
        $writer.WriteStartElement('TableControl')
        $writer.WriteStartElement('TableHeaders')
        foreach ($column in $view.Columns) {
            $writer.WriteStartElement('TableColumnHeader')
            $writer.WriteElementString('Label', $column)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteStartElement('TableRowEntries')
        $writer.WriteStartElement('TableRowEntry')
        $writer.WriteStartElement('TableColumnItems')
        foreach ($column in $view.Columns) {
            $writer.WriteStartElement('TableColumnItem')
            if ($computed.ContainsKey($column)) {
                $writer.WriteElementString('ScriptBlock', $computed[$column])
            }
            else {
                Assert-Property $type $column
                $writer.WriteElementString('PropertyName', $column)
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
        $writer.WriteEndElement()
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    foreach ($view in Get-Declared $type $listView) {
        $writer.WriteStartElement('View')
        $writer.WriteElementString('Name', $type.Name + 'List')
        $writer.WriteStartElement('ViewSelectedBy')
        $writer.WriteElementString('TypeName', $type.FullName)
        $writer.WriteEndElement()
        $writer.WriteStartElement('ListControl')
        $writer.WriteStartElement('ListEntries')
        $writer.WriteStartElement('ListEntry')
        $writer.WriteStartElement('ListItems')
        foreach ($item in $view.Items) {
            Assert-Property $type $item
            $writer.WriteStartElement('ListItem')
            $writer.WriteElementString('PropertyName', $item)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
        $writer.WriteEndElement()
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
}

$writer.WriteEndElement()
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Close()
