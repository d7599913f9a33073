<#
.SYNOPSIS
    Writes the about_IamInsights topic from its text and the built engine's ErrorCatalog.
.DESCRIPTION
    The topic's list of error ids is made here, from every ErrorDefinition of the staged module's engine (its id,
    category, whether it ends the call, and when it happens), in place of the line {ErrorIds} of the text, so it
    cannot go stale. The script imports the module in its own process, so run it in a child PowerShell.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TextPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

Import-Module $ModulePath -Force
# The module loads its engine when a cmdlet first needs it; the engine is loaded here from where the module's resolver takes it.
$engine = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path $ModulePath -Parent) 'Dependencies/IamInsights.Engine.dll'))
$catalog = $engine.GetType('IamInsights.Errors.ErrorCatalog', $true)

function Format-Wrapped([string] $Text, [string] $Indent, [int] $Width = 78) {
    # The words of the text on lines of at most $Width characters, each starting with $Indent.
    $lines = New-Object System.Collections.Generic.List[string]
    $line = $Indent
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if ($line.Length -gt $Indent.Length -and $line.Length + 1 + $word.Length -gt $Width) {
            $lines.Add($line)
            $line = $Indent
        }
        $line = if ($line.Length -gt $Indent.Length) { "$line $word" } else { "$line$word" }
    }
    if ($line.Length -gt $Indent.Length) { $lines.Add($line) }
    $lines -join "`n"
}

$entries = foreach ($definition in $catalog::All) {
    $ends = if ($definition.Terminating) { 'terminating' } else { 'non-terminating' }
    "    $($definition.Id) ($($definition.Kind), $ends)`n" + (Format-Wrapped ($definition.When -replace '`', '') '        ')
}
$text = [IO.File]::ReadAllText($TextPath) -replace "`r`n", "`n"
if ($text -notmatch '(?m)^\{ErrorIds\}$') { throw "$TextPath has no line {ErrorIds} to fill." }
$text = $text -replace '(?m)^\{ErrorIds\}$', (($entries -join "`n`n") -replace '\$', '$$$$')
[IO.File]::WriteAllText($OutputPath, $text, (New-Object System.Text.UTF8Encoding($false)))
