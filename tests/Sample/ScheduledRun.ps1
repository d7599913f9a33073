<#
.SYNOPSIS
    The hourly job: appends new IAM user policy changes to a CSV file, exactly once each.
.DESCRIPTION
    Exit codes: 0 when everything was read; 2 when some input could not be read (the changes that could be read were
    still written, and the checkpoint did not move, so the next run reads that window again); 1 when the run failed
    as a whole (the module could not load, or the checkpoint is corrupt or locked). Errors are appended to ErrorLog.
#>
param(
    [string] $LogFolder = 'D:\CloudTrail\AWSLogs',
    [string] $StateFolder = 'C:\ProgramData\IamInsights',
    [string] $ModulePath = 'IamInsights'
)

$csv = Join-Path $StateFolder 'user-policy-changes.csv'
$checkpoint = Join-Path $StateFolder 'user-policy-changes.checkpoint.json'
$errorLog = Join-Path $StateFolder 'errors.log'
try {
    Import-Module $ModulePath -ErrorAction Stop
    Get-IamUserPolicyChange -Path $LogFolder -Checkpoint $checkpoint -ErrorAction Continue -ErrorVariable problems |
        Export-Csv $csv -Append -NoTypeInformation -ErrorAction Stop
    if ($problems) {
        $problems | ForEach-Object { "$(Get-Date -Format o) $($_.FullyQualifiedErrorId): $($_.Exception.Message)" } |
            Add-Content $errorLog
        exit 2
    }
    exit 0
}
catch {
    "$(Get-Date -Format o) $($_.FullyQualifiedErrorId): $($_.Exception.Message)" | Add-Content $errorLog
    exit 1
}
