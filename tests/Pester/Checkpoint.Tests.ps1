BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
}

Describe 'Checkpoint' {
    BeforeAll {
        function Copy-SampleDay([string] $Day, [string] $To) {
            $from = Join-Path $Sample "111122223333/CloudTrail/us-east-1/2026/11/$Day"
            $target = Join-Path $To "111122223333/CloudTrail/us-east-1/2026/11/$Day"
            New-Item -ItemType Directory $target -Force | Out-Null
            Copy-Item (Join-Path $from '*') $target
        }
        function Invoke-Child([string] $Script, [hashtable] $Environment = @{}) {
            $shell, $prefix = Get-ChildPwsh
            & $shell @prefix -NoProfile -NonInteractive -File $Script @args | Out-Null
            return $LASTEXITCODE
        }
    }

    It 'reports each change once across runs as files arrive, and suppresses repeats' {
        $logs = Join-Path $TestDrive 'growing'
        $cp = Join-Path $TestDrive 'growing.json'
        Copy-SampleDay '20' $logs
        # The checkpoint is at "now" and the sample's events are days old: an overlap of 30 days reaches back to them,
        # as 20 minutes reach back to CloudTrail's late deliveries.
        $overlap = [timespan]::FromDays(30)
        $first = @(Get-IamUserPolicyChange -Path $logs -Checkpoint $cp -Since '2026-11-01' -CheckpointOverlap $overlap)
        $first.Count | Should -Be 4
        Copy-SampleDay '21' $logs
        $second = @(Get-IamUserPolicyChange -Path $logs -Checkpoint $cp -CheckpointOverlap $overlap -Verbose 4>&1)
        $records = @($second | Where-Object { $_ -is [IamInsights.Records.UserPolicyChange] })
        $verbose = ($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $records.EventName | Should -Be @('DeleteUserPermissionsBoundary', 'DeleteUserPolicy')
        $verbose | Should -Match '4 results were already reported and suppressed'
        $verbose | Should -Match 'Checkpoint moved to'
        @(Get-IamUserPolicyChange -Path $logs -Checkpoint $cp -CheckpointOverlap $overlap).Count | Should -Be 0
    }

    It 'repeats a run that was stopped midway' {
        $cp = Join-Path $TestDrive 'stopped.json'
        Get-IamUserPolicyChange -Path $Sample -Checkpoint $cp | Select-Object -First 2 | Out-Null
        Test-Path $cp | Should -BeFalse
        @(Get-IamUserPolicyChange -Path $Sample -Checkpoint $cp).Count | Should -Be 6
        Test-Path $cp | Should -BeTrue
    }

    It 'refuses a corrupt checkpoint with one terminating error and leaves it as it is' {
        $cp = Join-Path $TestDrive 'corrupt.json'
        Set-Content $cp '{ "version": 1, "query": '
        $thrown = $null
        try { Get-IamUserPolicyChange -Path $Sample -Checkpoint $cp -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'CheckpointInvalid,*'
        $thrown.TargetObject | Should -Be $cp
        (Get-Content $cp -Raw).Trim() | Should -Be '{ "version": 1, "query":'
    }

    It 'refuses a checkpoint written for another cmdlet' {
        $cp = Join-Path $TestDrive 'other.json'
        Get-IamCreateUserEvent -Path $Sample -Checkpoint $cp | Out-Null
        { Get-IamDeleteUserEvent -Path $Sample -Checkpoint $cp -ErrorAction Stop } | Should -Throw -ErrorId 'CheckpointQueryMismatch,*'
    }

    It 'keeps Invoke-IamInsightsQuery results apart by eventID' {
        $cp = Join-Path $TestDrive 'invoke.json'
        $query = 'filter eventSource = "iam.amazonaws.com" | fields eventID, eventName'
        $overlap = [timespan]::FromDays(3650)
        @(Invoke-IamInsightsQuery -Path $Sample -Query $query -Checkpoint $cp -CheckpointOverlap $overlap).Count | Should -Be 23
        @(Invoke-IamInsightsQuery -Path $Sample -Query $query -Checkpoint $cp -CheckpointOverlap $overlap).Count | Should -Be 0
    }

    It 'lets two processes run on one checkpoint at once without corrupting it or reporting twice' {
        $cp = Join-Path $TestDrive 'shared.json'
        $script = Join-Path $TestDrive 'concurrent.ps1'
        @'
param($Module, $Sample, $Checkpoint, $Out)
Import-Module $Module
Get-IamEvent -Path $Sample -Checkpoint $Checkpoint -CheckpointOverlap ([timespan]::FromDays(3650)) | Select-Object -ExpandProperty EventId | Set-Content $Out
'@ | Set-Content $script
        $shell, $prefix = Get-ChildPwsh
        $runs = foreach ($n in 1, 2) {
            $arguments = $prefix + @('-NoProfile', '-NonInteractive', '-File', $script, $env:IAMINSIGHTS_MODULE, $Sample, $cp, (Join-Path $TestDrive "ids$n.txt"))
            Start-Process -FilePath $shell -ArgumentList $arguments -PassThru -NoNewWindow
        }
        $runs | Wait-Process -Timeout 120
        $runs | ForEach-Object { $_.ExitCode | Should -Be 0 }
        $first = @(Get-Content (Join-Path $TestDrive 'ids1.txt') -ErrorAction SilentlyContinue | Where-Object { $_ })
        $second = @(Get-Content (Join-Path $TestDrive 'ids2.txt') -ErrorAction SilentlyContinue | Where-Object { $_ })
        # One run reports every event, the other none of them, whichever got the lock first.
        ($first.Count + $second.Count) | Should -Be 29
        @($first + $second | Sort-Object -Unique).Count | Should -Be 29
        (Get-Content $cp -Raw | ConvertFrom-Json).version | Should -Be 1
    }

    It 'has a scheduled-task script that exits 0, 2 on a bad input, and 1 on a bad checkpoint' {
        $script = Join-Path $PSScriptRoot '../Sample/ScheduledRun.ps1'
        $logs = Join-Path $TestDrive 'task-logs'
        $state = Join-Path $TestDrive 'task-state'
        New-Item -ItemType Directory $state | Out-Null
        Copy-SampleDay '20' $logs

        Invoke-Child $script -LogFolder $logs -StateFolder $state -ModulePath $env:IAMINSIGHTS_MODULE | Should -Be 0
        @(Import-Csv (Join-Path $state 'user-policy-changes.csv')).Count | Should -Be 4

        Set-Content (Join-Path $logs 'broken.json') '{"Records": ['
        Invoke-Child $script -LogFolder $logs -StateFolder $state -ModulePath $env:IAMINSIGHTS_MODULE | Should -Be 2
        Get-Content (Join-Path $state 'errors.log') -Raw | Should -Match 'CloudTrailFileInvalidJson'
        @(Import-Csv (Join-Path $state 'user-policy-changes.csv')).Count | Should -Be 4

        Set-Content (Join-Path $state 'user-policy-changes.checkpoint.json') 'garbage'
        Invoke-Child $script -LogFolder $logs -StateFolder $state -ModulePath $env:IAMINSIGHTS_MODULE | Should -Be 1
        Get-Content (Join-Path $state 'errors.log') -Raw | Should -Match 'CheckpointInvalid'
    }
}
