<#
.SYNOPSIS
    Prints the size of an Export-IamInsightsReport report of -Count records (default 10,000), how long the module takes
    to write it, and how long headless Chromium takes to load it. It prints figures; it has no pass or fail.
.DESCRIPTION
    The records come from a synthetic CloudTrail file of IAM, STS and sign-in events over 30 days (a tenth of them
    inline policies with their documents), read by several Get-Iam cmdlets so that the report mixes record types.
    Chromium's load time is the time from navigation start until the page is parsed, its script has run and its
    layout is done, as the page itself measures it (performance.now() in a script added to a copy of the report), the
    median of three runs; the whole `chromium --headless --dump-dom` run is timed too, against an empty page.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputFolder,
    [int] $Count = 10000
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
New-Item -ItemType Directory -Path $OutputFolder -Force | Out-Null

$kinds = @(
    @{ Name = 'CreateUser'; Source = 'iam'; Request = { param($i) '{"userName":"user-' + ($i % 400) + '"}' } }
    @{ Name = 'AttachUserPolicy'; Source = 'iam'; Request = { param($i) '{"userName":"user-' + ($i % 400) + '","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}' } }
    @{ Name = 'PutUserPolicy'; Source = 'iam'; Request = { param($i) '{"userName":"user-' + ($i % 400) + '","policyName":"inline-' + $i + '","policyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::bucket-' + ($i % 50) + '\",\"arn:aws:s3:::bucket-' + ($i % 50) + '/*\"]}]}"}' } }
    @{ Name = 'CreateAccessKey'; Source = 'iam'; Request = { param($i) '{"userName":"user-' + ($i % 400) + '"}' } }
    @{ Name = 'AttachRolePolicy'; Source = 'iam'; Request = { param($i) '{"roleName":"role-' + ($i % 60) + '","policyArn":"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}' } }
    @{ Name = 'AddUserToGroup'; Source = 'iam'; Request = { param($i) '{"userName":"user-' + ($i % 400) + '","groupName":"group-' + ($i % 12) + '"}' } }
    @{ Name = 'AssumeRole'; Source = 'sts'; Request = { param($i) '{"roleArn":"arn:aws:iam::111122223333:role/role-' + ($i % 60) + '","roleSessionName":"session-' + $i + '"}' } }
    @{ Name = 'ConsoleLogin'; Source = 'signin'; Request = { param($i) 'null' } }
    @{ Name = 'DetachUserPolicy'; Source = 'iam'; Request = { param($i) '{"userName":"user-' + ($i % 400) + '","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}' } }
    @{ Name = 'UpdateLoginProfile'; Source = 'iam'; Request = { param($i) '{"userName":"user-' + ($i % 400) + '"}' } }
)
$start = [datetime]::new(2026, 10, 1, 0, 0, 0, [DateTimeKind]::Utc)
$json = [Text.StringBuilder]::new()
[void]$json.Append('{"Records":[')
for ($i = 0; $i -lt $Count; $i++) {
    $kind = $kinds[$i % $kinds.Count]
    $caller = 'dev-' + ($i % 25)
    $time = $start.AddSeconds([math]::Floor($i * 30 * 86400 / $Count)).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $mfa = if ($i % 7 -eq 0) { 'false' } else { 'true' }
    $response = if ($kind.Name -eq 'ConsoleLogin') { '{"ConsoleLogin":"Success"}' } else { 'null' }
    $extra = if ($kind.Name -eq 'ConsoleLogin') { ',"additionalEventData":{"MFAUsed":"' + $(if ($i % 3 -eq 0) { 'No' } else { 'Yes' }) + '","LoginTo":"https://console.aws.amazon.com/"}' } else { '' }
    $failure = if ($i % 23 -eq 0) { ',"errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::111122223333:user/' + $caller + ' is not authorized to perform this action"' } else { '' }
    if ($i -gt 0) { [void]$json.Append(',') }
    [void]$json.Append('{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDA').Append($i % 25).Append('EXAMPLE","arn":"arn:aws:iam::111122223333:user/').Append($caller).Append('","accountId":"111122223333","accessKeyId":"AKIA').Append($i % 25).Append('EXAMPLE","userName":"').Append($caller).Append('","sessionContext":{"attributes":{"creationDate":"').Append($time).Append('","mfaAuthenticated":"').Append($mfa).Append('"}}},"eventTime":"').Append($time).Append('","eventSource":"').Append($kind.Source).Append('.amazonaws.com","eventName":"').Append($kind.Name).Append('","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.').Append($i % 250).Append('","userAgent":"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-amd64 exe/x86_64.debian.12 prompt/off command/iam","requestParameters":').Append((& $kind.Request $i)).Append(',"responseElements":').Append($response).Append($failure).Append($extra).Append(',"requestID":"').Append([guid]::NewGuid()).Append('","eventID":"').Append([guid]::NewGuid()).Append('","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}')
}
[void]$json.Append(']}')
$events = Join-Path $OutputFolder 'report-events.json'
[IO.File]::WriteAllText($events, $json.ToString())

$records = @(
    Get-IamCreateUserEvent -Path $events
    Get-IamUserPolicyChange -Path $events
    Get-IamAccessKeyEvent -Path $events
    Get-IamRoleChange -Path $events
    Get-IamGroupChange -Path $events
    Get-IamAssumeRoleEvent -Path $events
    Get-IamConsoleLoginEvent -Path $events
    Get-IamLoginProfileEvent -Path $events
)
$report = Join-Path $OutputFolder "report-$Count.html"
$writing = Measure-Command { $file = $records | Export-IamInsightsReport -Path $report -Force -PassThru }
Write-Host ("report: {0:N0} records of {1} types, {2:N2} MB ({3:N0} bytes, {4:N0} bytes a record), written in {5:N2} s, at {6}" -f
    $records.Count, @($records | ForEach-Object { $_.GetType().Name } | Sort-Object -Unique).Count, ($file.Length / 1MB), $file.Length,
    ($file.Length / [math]::Max(1, $records.Count)), $writing.TotalSeconds, $file.FullName)

if (-not (Get-Command chromium -ErrorAction SilentlyContinue)) {
    Write-Host 'report: chromium is not installed, so its load time is not measured (Debian: apt-get install chromium).'
    return
}
function Invoke-Chromium([string] $Path) {
    # The DOM of a page after its scripts ran, from headless Chromium with a fresh profile; and the seconds it took.
    $profile = Join-Path ([IO.Path]::GetTempPath()) ('iaminsights-chromium-' + [guid]::NewGuid().ToString('N'))
    $page = [uri]::new($Path).AbsoluteUri
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $dom = & chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking `
            --disable-component-update --disable-sync "--user-data-dir=$profile" --dump-dom $page 2>$null
        $seconds = $watch.Elapsed.TotalSeconds
        if ($LASTEXITCODE -ne 0) { throw "chromium failed on $page with exit code $LASTEXITCODE." }
        return [pscustomobject]@{ Seconds = $seconds; Dom = ($dom -join "`n") }
    }
    finally { Remove-Item $profile -Recurse -Force -ErrorAction SilentlyContinue }
}

# A copy of the report that notes, after its own script ran, how long since navigation started, with the layout done.
# The copy drops the Content-Security-Policy, which would refuse the added script.
$timed = Join-Path $OutputFolder "report-$Count-timed.html"
$html = [IO.File]::ReadAllText($report) -replace '<meta http-equiv="Content-Security-Policy"[^>]*>', ''
$probe = '<script>document.body.getBoundingClientRect();document.documentElement.setAttribute("data-ready-ms",Math.round(performance.now()))</script>'
[IO.File]::WriteAllText($timed, $html.Replace('</body>', $probe + '</body>'))
$blank = Join-Path $OutputFolder 'blank.html'
Set-Content -Path $blank -Value '<!DOCTYPE html><title>blank</title>'
$null = Invoke-Chromium $blank
$runs = @(1..3 | ForEach-Object { Invoke-Chromium $timed })
$ready = @($runs | ForEach-Object { if ($_.Dom -match 'data-ready-ms="(\d+)"') { [int]$Matches[1] } } | Sort-Object)
$shown = if ($runs[0].Dom -match '<p id="shown"[^>]*>([^<]*)<') { $Matches[1] } else { 'no count rendered' }
$blankSeconds = @(1..3 | ForEach-Object { (Invoke-Chromium $blank).Seconds } | Sort-Object)
$wholeSeconds = @($runs.Seconds | Sort-Object)
Write-Host ("report: headless Chromium has it parsed, scripted and laid out {0:N2} s after navigation starts (median of 3: {1} ms); the page says '{2}'" -f
    ($ready[1] / 1000), ($ready -join ', '), $shown)
Write-Host ("report: a whole chromium --headless --dump-dom run takes {0:N2} s on the report and {1:N2} s on an empty page (medians of 3)" -f
    $wholeSeconds[1], $blankSeconds[1])
if (Test-Path /proc/loadavg) {
    Write-Host ("report: load average {0} on {1} cores while measuring; on a busy machine these times are longer" -f
        ((Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' '), [Environment]::ProcessorCount)
}
