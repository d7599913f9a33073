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
Show-Step 'New-IamInsightsAthenaTable -BucketName trail-archive -KeyPrefix org -AccountId 111122223333 -Region us-east-1 -StartDate 2026-01-01 -DatabaseName security'

# The same archive read in place from S3, here moto_server (a third-party AWS emulator) standing in for the bucket.
Import-Module (Join-Path $PSScriptRoot '../Pester/TestHelpers.psm1')
$motoLogs = Join-Path ([IO.Path]::GetTempPath()) ('iaminsights-demo-moto-' + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $motoLogs | Out-Null
$moto = Start-MotoServer -LogFolder $motoLogs
if ($moto) {
    try {
        $env:AWS_ACCESS_KEY_ID = 'AKIADEMO'; $env:AWS_SECRET_ACCESS_KEY = 'demo-secret'; $env:AWS_REGION = 'us-east-1'; $env:AWS_DEFAULT_REGION = 'us-east-1'
        aws --endpoint-url $moto.Endpoint s3api create-bucket --bucket trail-archive | Out-Null
        aws --endpoint-url $moto.Endpoint s3 cp ./AWSLogs s3://trail-archive/org/AWSLogs --recursive --quiet | Out-Null
        Write-Host ''
        Write-Host '# The sample uploaded to s3://trail-archive/org/AWSLogs/ in a local S3 emulator; against AWS, leave out -EndpointUrl.'
        Show-Step "Get-IamUserPolicyChange -S3Uri s3://trail-archive/org -Since 2026-11-20 -Until 2026-11-20T23:59:59 -EndpointUrl $($moto.Endpoint) -Verbose 4>&1"
    }
    finally {
        Stop-MotoServer $moto
        Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY, env:AWS_REGION, env:AWS_DEFAULT_REGION -ErrorAction Ignore
        Remove-Item $motoLogs -Recurse -Force -ErrorAction Ignore
    }
}

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
