<#
.SYNOPSIS
    Writes the cmdlets of the staged IamInsights.dll into the staged manifest's CmdletsToExport.
.DESCRIPTION
    The repository's IamInsights.psd1 has CmdletsToExport = @(); the staged copy gets the explicit list of every
    cmdlet class of the assembly, sorted by name, so that adding a cmdlet needs no change to the manifest. The script
    imports the assembly in its own process, so run it in a child PowerShell.
#>
param(
    [Parameter(Mandatory)] [string] $ManifestPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$assembly = Join-Path (Split-Path $ManifestPath -Parent) 'IamInsights.dll'
$names = @((Import-Module $assembly -PassThru).ExportedCmdlets.Keys | Sort-Object)
if ($names.Count -eq 0) { throw "$assembly has no cmdlets." }

$placeholder = '(?m)^(\s*CmdletsToExport\s*=\s*)@\(\)'
$text = [IO.File]::ReadAllText($ManifestPath)
if ($text -notmatch $placeholder) { throw "$ManifestPath has no 'CmdletsToExport = @()' to fill." }
$list = "@(`n" + (($names | ForEach-Object { "        '$_'" }) -join "`n") + "`n    )"
$text = $text -replace $placeholder, ('${1}' + $list)
[IO.File]::WriteAllText($ManifestPath, $text, (New-Object System.Text.UTF8Encoding($false)))
