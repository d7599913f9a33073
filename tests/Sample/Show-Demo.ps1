<#
.SYNOPSIS
    Shows IamInsights at work on the sample CloudTrail archive in tests/Sample.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SamplePath,
    # The tests' fake AWS server (FakeLogsInsights.Server.dll): with it, the demo also shows an account that has only
    # credentials, no trail and no log group, read through CloudTrail Event History.
    [string] $FakeServer,
    # Where the demo writes its HTML report of the sample.
    [string] $ReportPath = (Join-Path ([IO.Path]::GetTempPath()) 'iaminsights-demo-report.html')
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
Show-Step "Get-IamEvent -Path ./AWSLogs | Export-IamInsightsReport -Path '$ReportPath' -Title 'IAM changes in the sample' -Force -PassThru | Format-List FullName, Length"

if (-not $FakeServer) { return }
# The sample's CreateUser calls, moved into the last 24 hours, served by the fake's LookupEvents; the fake has no
# trail and no log group, as a new account has none.
$records = foreach ($file in Get-ChildItem ./AWSLogs -Recurse -File) {
    $stream = [IO.File]::OpenRead($file.FullName)
    if ($file.Extension -eq '.gz') { $stream = [IO.Compression.GZipStream]::new($stream, [IO.Compression.CompressionMode]::Decompress) }
    $reader = [IO.StreamReader]::new($stream)
    try { ($reader.ReadToEnd() | ConvertFrom-Json).Records } finally { $reader.Dispose() }
}
$hours = 3
$events = foreach ($record in $records | Where-Object eventName -eq 'CreateUser') {
    $record.eventTime = [DateTime]::UtcNow.AddHours(-$hours).ToString('yyyy-MM-ddTHH:mm:ssZ'); $hours--
    $record
}
$folder = Join-Path ([IO.Path]::GetTempPath()) ('iaminsights-demo-' + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $folder | Out-Null
ConvertTo-Json -InputObject @($events) -Depth 20 | Set-Content (Join-Path $folder 'events.json')
$start = [System.Diagnostics.ProcessStartInfo]::new('dotnet', ('"{0}" /unused 0 1 "{1}" "{2}"' -f $FakeServer, (Join-Path $folder 'targets.log'), (Join-Path $folder 'events.json')))
$start.RedirectStandardInput = $true
$start.RedirectStandardOutput = $true
$start.UseShellExecute = $false
$fake = [System.Diagnostics.Process]::Start($start)
try {
    $env:AWS_ACCESS_KEY_ID = 'AKIAIAMINSIGHTSTEST1'; $env:AWS_SECRET_ACCESS_KEY = 'fake/secret/for/tests/only/0000000000000'; $env:AWS_REGION = 'us-east-1'
    $endpoint = $fake.StandardOutput.ReadLine()
    Write-Host ''
    Write-Host '# An account with credentials only (here the environment variables), no trail and no log group.'
    Write-Host '# The demo points the module at a local stand-in for AWS; against AWS, leave this line out.'
    Show-Step "`$PSDefaultParameterValues['*-Iam*:EndpointUrl'] = '$endpoint'"
    Show-Step 'Get-IamCreateUserEvent -Verbose 4>&1'
}
finally {
    $fake.StandardInput.Close()
    if (-not $fake.WaitForExit(5000)) { $fake.Kill() }
    Remove-Item $folder -Recurse -Force
}
