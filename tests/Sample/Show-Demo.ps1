<#
.SYNOPSIS
    Shows IamInsights at work on the sample CloudTrail archive in tests/Sample.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SamplePath
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
if (Get-Variable PSStyle -ErrorAction SilentlyContinue) { $PSStyle.OutputRendering = 'PlainText' }

function Show-Step([string] $Command) {
    Write-Host ''
    Write-Host "PS> $Command"
    Invoke-Expression $Command | Out-String -Width 150 | Write-Host
}

Set-Location (Split-Path $SamplePath -Parent)
Show-Step 'Get-IamInsightsQuery'
Show-Step 'Get-IamCreateUserEvent -Path ./AWSLogs'
Show-Step 'Get-IamUserPolicyChange -Path ./AWSLogs'
Show-Step 'Get-IamSwitchRoleEvent -Path ./AWSLogs'
Show-Step 'Get-IamConsoleLoginEvent -Path ./AWSLogs'
Show-Step 'Get-IamEvent -Path ./AWSLogs -Risk AdminGrant, OtherPrincipal, CrossAccount | Format-Table EventTime, RequestUser, EventName, User, Risk'
Show-Step 'Get-ChildItem ./AWSLogs -Recurse -File | Get-IamAddUserToGroupEvent | Format-List'

$csv = Join-Path ([IO.Path]::GetTempPath()) 'iaminsights-demo-changes.csv'
Show-Step "Get-IamUserPolicyChange -Path ./AWSLogs -Since ([datetime]'2026-11-20') | Export-Csv '$csv' -NoTypeInformation"
Show-Step "Get-Content '$csv'"
Remove-Item $csv
