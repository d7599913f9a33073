BeforeAll {
    function Get-ChildPwsh {
        # How to start another PowerShell like this one: pwsh itself, or dotnet and pwsh.dll for the dotnet tool.
        $shell = (Get-Process -Id $PID).Path
        $prefix = @()
        if ([IO.Path]::GetFileNameWithoutExtension($shell) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        return $shell, $prefix
    }

    $ModulePath = $env:IAMINSIGHTS_MODULE
    if (-not $ModulePath) { $ModulePath = Join-Path $PSScriptRoot '../../out/IamInsights/IamInsights.psd1' }
    Import-Module $ModulePath -Force
    $Sample = (Resolve-Path (Join-Path $PSScriptRoot '../Sample/AWSLogs')).Path
    $Catalog = @{
        'Get-IamCreateUserEvent'                    = @{ Type = 'IamInsights.Records.CreateUserEvent'; Count = 2 }
        'Get-IamDeleteUserEvent'                    = @{ Type = 'IamInsights.Records.DeleteUserEvent'; Count = 2 }
        'Get-IamAddUserToGroupEvent'                = @{ Type = 'IamInsights.Records.AddUserToGroupEvent'; Count = 1 }
        'Get-IamRemoveUserFromGroupEvent'           = @{ Type = 'IamInsights.Records.RemoveUserFromGroupEvent'; Count = 1 }
        'Get-IamPutUserPermissionsBoundaryEvent'    = @{ Type = 'IamInsights.Records.PutUserPermissionsBoundaryEvent'; Count = 1 }
        'Get-IamDeleteUserPermissionsBoundaryEvent' = @{ Type = 'IamInsights.Records.DeleteUserPermissionsBoundaryEvent'; Count = 1 }
        'Get-IamPutUserPolicyEvent'                 = @{ Type = 'IamInsights.Records.PutUserPolicyEvent'; Count = 1 }
        'Get-IamDetachUserPolicyEvent'              = @{ Type = 'IamInsights.Records.DetachUserPolicyEvent'; Count = 1 }
        'Get-IamSwitchRoleEvent'                    = @{ Type = 'IamInsights.Records.SwitchRoleEvent'; Count = 2 }
        'Get-IamUserPolicyChange'                   = @{ Type = 'IamInsights.Records.UserPolicyChange'; Count = 6 }
        'Get-IamGroupChange'                        = @{ Type = 'IamInsights.Records.GroupChange'; Count = 4 }
        'Get-IamRoleChange'                         = @{ Type = 'IamInsights.Records.RoleChange'; Count = 2 }
        'Get-IamPolicyChange'                       = @{ Type = 'IamInsights.Records.PolicyChange'; Count = 1 }
        'Get-IamAccessKeyEvent'                     = @{ Type = 'IamInsights.Records.AccessKeyEvent'; Count = 2 }
        'Get-IamLoginProfileEvent'                  = @{ Type = 'IamInsights.Records.LoginProfileEvent'; Count = 1 }
        'Get-IamMfaDeviceEvent'                     = @{ Type = 'IamInsights.Records.MfaDeviceEvent'; Count = 1 }
        'Get-IamAssumeRoleEvent'                    = @{ Type = 'IamInsights.Records.AssumeRoleEvent'; Count = 2 }
        'Get-IamConsoleLoginEvent'                  = @{ Type = 'IamInsights.Records.ConsoleLoginEvent'; Count = 4 }
        'Get-IamRootActivity'                       = @{ Type = 'IamInsights.Records.IamActivity'; Count = 4 }
        'Get-IamEvent'                              = @{ Type = 'IamInsights.Records.IamActivity'; Count = 29 }
    }
}

Describe 'The module' {
    It 'exports exactly the catalog cmdlets and Get-IamInsightsQuery' {
        $names = (Get-Command -Module IamInsights).Name | Sort-Object
        $expected = @($Catalog.Keys) + 'Get-IamInsightsQuery' + 'Invoke-IamInsightsQuery' | Sort-Object
        $names | Should -Be $expected
    }

    It 'takes its version from the manifest' {
        $manifest = Import-PowerShellDataFile $env:IAMINSIGHTS_MODULE
        (Get-Module IamInsights).Version | Should -Be ([version]$manifest.ModuleVersion)
        $assembly = (Get-Command Get-IamCreateUserEvent).ImplementingType.Assembly.GetName().Version
        "$($assembly.Major).$($assembly.Minor).$($assembly.Build)" | Should -Be $manifest.ModuleVersion
    }

    It 'declares both editions and PowerShell 5.1' {
        $manifest = Import-PowerShellDataFile $env:IAMINSIGHTS_MODULE
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
    }
}

Describe 'Catalog cmdlet <_>' -ForEach @(
    'Get-IamCreateUserEvent', 'Get-IamDeleteUserEvent', 'Get-IamAddUserToGroupEvent', 'Get-IamRemoveUserFromGroupEvent',
    'Get-IamPutUserPermissionsBoundaryEvent', 'Get-IamDeleteUserPermissionsBoundaryEvent', 'Get-IamPutUserPolicyEvent',
    'Get-IamDetachUserPolicyEvent', 'Get-IamSwitchRoleEvent', 'Get-IamUserPolicyChange', 'Get-IamGroupChange', 'Get-IamRoleChange',
    'Get-IamPolicyChange', 'Get-IamAccessKeyEvent', 'Get-IamLoginProfileEvent', 'Get-IamMfaDeviceEvent', 'Get-IamAssumeRoleEvent',
    'Get-IamConsoleLoginEvent', 'Get-IamRootActivity', 'Get-IamEvent') {
    BeforeAll { $Command = $_ }

    It 'emits its own typed records, as many as the sample holds' {
        $records = @(& $Command -Path $Sample)
        $records.Count | Should -Be $Catalog[$Command].Count
        $records | ForEach-Object { $_.GetType().FullName | Should -Be $Catalog[$Command].Type }
        (Get-Command $Command).OutputType.Name | Should -Be $Catalog[$Command].Type
    }

    It 'fills the common properties' {
        $record = & $Command -Path $Sample | Select-Object -First 1
        $record.EventTime.Kind | Should -Be 'Utc'
        $record.AccountId | Should -Be '111122223333'
        $record.EventId | Should -Match '^[0-9a-f-]{36}$'
        $record.RequestUser | Should -Not -BeNullOrEmpty
        $record.UserIdentityType | Should -BeIn @('IAMUser', 'AssumedRole', 'Root')
    }

    It 'has a table view' {
        $type = $Catalog[$Command].Type
        $view = Get-FormatData -TypeName $type
        $view | Should -Not -BeNullOrEmpty
        $view.FormatViewDefinition[0].Control | Should -BeOfType System.Management.Automation.TableControl
    }

    It 'has full help: synopsis, description, parameters and examples' {
        $help = Get-Help $Command -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Get-Iam'
        ($help.Description.Text -join ' ') | Should -Match 'The Logs Insights query it runs'
        ($help.Description.Text -join ' ') | Should -Match 'AdminGrant'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($name in 'Path', 'LiteralPath', 'Since', 'Until', 'Checkpoint', 'UserName', 'RequestUser', 'Risk') {
            $parameter = $help.Parameters.Parameter | Where-Object Name -eq $name
            ($parameter.Description.Text -join ' ') | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'Record values' {
    It 'reads a CreateUser by an SSO session' {
        $record = Get-IamCreateUserEvent -Path $Sample | Where-Object { -not $_.ErrorCode }
        $record.CreatedUser | Should -Be 'deploy-bot'
        $record.CreateDate | Should -Be ([datetime]::new(2026, 11, 20, 8, 10, 11, [DateTimeKind]::Utc))
        $record.RequestUser | Should -Be 'bob@example.com'
        $record.UserIdentityType | Should -Be 'AssumedRole'
        $record.MfaAuthenticated | Should -BeFalse
    }

    It 'keeps failed calls with their error' {
        $failed = Get-IamCreateUserEvent -Path $Sample | Where-Object ErrorCode
        $failed.ErrorCode | Should -Be 'EntityAlreadyExists'
        $failed.CreateDate | Should -BeNullOrEmpty
        $failed.RequestUser | Should -Be 'alice'
        $failed.MfaAuthenticated | Should -BeTrue
    }

    It 'names root as root' {
        (Get-IamDeleteUserPermissionsBoundaryEvent -Path $Sample).RequestUser | Should -Be 'root'
    }

    It 'decodes a URL-encoded inline policy' {
        $policy = (Get-IamPutUserPolicyEvent -Path $Sample).PolicyDocument | ConvertFrom-Json
        $policy.Statement[0].Action | Should -Be 's3:*'
    }

    It 'tells added from removed policy changes' {
        $changes = Get-IamUserPolicyChange -Path $Sample
        ($changes | Where-Object Change -eq 'Added').EventName | Should -Be @('PutUserPolicy', 'AttachUserPolicy', 'PutUserPermissionsBoundary')
        ($changes | Where-Object Change -eq 'Removed').EventName | Should -Be @('DetachUserPolicy', 'DeleteUserPermissionsBoundary', 'DeleteUserPolicy')
    }

    It 'reads switch role results' {
        $switches = Get-IamSwitchRoleEvent -Path $Sample
        $switches.Result | Should -Be @('Success', 'Failure')
        $switches[0].SwitchTo | Should -Be 'arn:aws:iam::111122223333:role/OpsAdmin'
        $switches[0].SwitchFrom | Should -Be 'arn:aws:iam::111122223333:user/alice'
    }
}

Describe 'Time window' {
    It 'keeps events between -Since and -Until, inclusive, compared in UTC' {
        $since = [datetime]::new(2026, 11, 20, 9, 31, 17, [DateTimeKind]::Utc)
        $until = [datetime]::new(2026, 11, 21, 8, 3, 44, [DateTimeKind]::Utc)
        $changes = Get-IamUserPolicyChange -Path $Sample -Since $since -Until $until
        $changes.EventName | Should -Be @('AttachUserPolicy', 'PutUserPermissionsBoundary', 'DetachUserPolicy', 'DeleteUserPermissionsBoundary')
    }

    It 'takes a time of unspecified kind as local time' {
        $script = "Import-Module '$env:IAMINSIGHTS_MODULE'; (Get-IamUserPolicyChange -Path '$Sample' -Since ([datetime]'2026-11-21T17:00:00')).EventName -join ','"
        $shell, $prefix = Get-ChildPwsh
        $saved = $env:TZ
        try {
            $env:TZ = 'Asia/Tokyo'
            $output = & $shell @prefix -NoProfile -NonInteractive -Command $script
        }
        finally { $env:TZ = $saved }
        # 17:00 in Tokyo is 08:00 UTC: the two changes after 08:00Z on the 21st.
        $output | Should -Be 'DeleteUserPermissionsBoundary,DeleteUserPolicy'
    }

    It 'refuses -Since later than -Until with one terminating error' {
        { Get-IamCreateUserEvent -Path $Sample -Since '2026-11-22' -Until '2026-11-20' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTimeWindow,IamInsights.Commands.GetIamCreateUserEventCommand'
    }
}

Describe 'Input' {
    It 'takes files piped from Get-ChildItem' {
        $records = @(Get-ChildItem $Sample -Recurse -File | Get-IamCreateUserEvent)
        $records.Count | Should -Be 2
    }

    It 'takes wildcards in -Path' {
        $records = @(Get-IamUserPolicyChange -Path (Join-Path $Sample '111122223333/CloudTrail/us-east-1/2026/11/2*'))
        $records.Count | Should -Be 6
        @(Get-IamUserPolicyChange -Path (Join-Path $Sample '111122223333/CloudTrail/us-east-1/2026/11/21/*.json')).Count | Should -Be 2
    }

    It 'reports a path that does not exist' {
        $records = Get-IamCreateUserEvent -Path (Join-Path $TestDrive 'nope') -ErrorVariable problems -ErrorAction SilentlyContinue
        $records | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CloudTrailPathNotFound,*'
    }
}

Describe 'Bad files' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'mixed'
        New-Item -ItemType Directory $folder | Out-Null
        $good = Get-ChildItem $Sample -Recurse -Filter *.json | Select-Object -First 1
        Copy-Item $good.FullName (Join-Path $folder '1-good.json')
        $gz = Get-ChildItem $Sample -Recurse -Filter *.gz | Select-Object -First 1
        $bytes = [IO.File]::ReadAllBytes($gz.FullName)
        [IO.File]::WriteAllBytes((Join-Path $folder '2-truncated.json.gz'), $bytes[0..([int]($bytes.Length / 2))])
        Set-Content (Join-Path $folder '3-notjson.json') 'this is not json'
        Set-Content (Join-Path $folder '4-shape.json') '{"hello": "world"}'
        $line = (Get-Content $good.FullName -Raw | ConvertFrom-Json).Records |
            Where-Object eventName -eq 'DeleteUser' | Select-Object -First 1 | ConvertTo-Json -Depth 20 -Compress
        Set-Content (Join-Path $folder '5-lines.jsonl') @($line, '{broken', $line)
    }

    It 'gives one non-terminating error per bad file, naming it, and reads everything else' {
        $output = Get-IamDeleteUserEvent -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        # 2 DeleteUser events in 1-good.json and 2 good lines of 5-lines.jsonl
        @($output).Count | Should -Be 4
        $problems.Count | Should -Be 4
        $byFile = @{}
        foreach ($p in $problems) { $byFile[(Split-Path $p.TargetObject -Leaf)] = $p }
        $byFile.Keys | Sort-Object | Should -Be @('2-truncated.json.gz', '3-notjson.json', '4-shape.json', '5-lines.jsonl')
        $byFile['3-notjson.json'].FullyQualifiedErrorId | Should -BeLike 'CloudTrailFileInvalidJson,*'
        $byFile['4-shape.json'].FullyQualifiedErrorId | Should -BeLike 'CloudTrailFileNotCloudTrail,*'
        $byFile['4-shape.json'].CategoryInfo.Category | Should -Be 'InvalidData'
        $byFile['5-lines.jsonl'].Exception.Message | Should -Match 'line 2'
        foreach ($p in $problems) { $p.Exception.Message | Should -BeLike "*$($p.TargetObject)*" }
    }

    It 'writes nothing but records and errors' {
        $all = Get-IamDeleteUserEvent -Path $folder -ErrorAction Continue *>&1
        @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 4
        $all | ForEach-Object {
            ($_ -is [IamInsights.Records.DeleteUserEvent] -or $_ -is [System.Management.Automation.ErrorRecord]) | Should -BeTrue
        }
    }
}

Describe 'Verbose' {
    It 'tells the files, the window and the count' {
        $verbose = Get-IamCreateUserEvent -Path $Sample -Since '2026-11-01' -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'Reading 4 files'
        ($verbose -join "`n") | Should -Match '2 events found'
        ($verbose -join "`n") | Should -Match 'filter eventSource = "iam.amazonaws.com"'
    }
}

Describe 'Export-Csv' {
    It 'writes one column per property' {
        $csv = Join-Path $TestDrive 'changes.csv'
        Get-IamUserPolicyChange -Path $Sample -Since '2026-11-01' | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 6
        $columns = $rows[0].PSObject.Properties.Name
        foreach ($c in 'User', 'PolicyName', 'PolicyArn', 'PolicyDocument', 'PermissionsBoundary', 'Change', 'EventTime', 'EventName',
            'EventSource', 'AwsRegion', 'AccountId', 'EventId', 'SourceIPAddress', 'UserAgent', 'RequestUser', 'RequestUserArn',
            'UserIdentityType', 'MfaAuthenticated', 'ErrorCode', 'ErrorMessage', 'RequestAccountId', 'Risk') {
            $columns | Should -Contain $c
        }
        $rows[1].PolicyArn | Should -Be 'arn:aws:iam::aws:policy/AdministratorAccess'
        $rows[1].Change | Should -Be 'Added'
    }
}

Describe 'Get-IamInsightsQuery' {
    It 'lists every catalog cmdlet with its query' {
        $entries = Get-IamInsightsQuery
        $entries.Count | Should -Be 20
        foreach ($entry in $entries) {
            $entry.Query | Should -Match '^filter '
            $Catalog.ContainsKey($entry.Command) | Should -BeTrue
        }
    }

    It 'filters by name with wildcards' {
        (Get-IamInsightsQuery -Name '*Boundary*').Command | Should -Be @('Get-IamPutUserPermissionsBoundaryEvent', 'Get-IamDeleteUserPermissionsBoundaryEvent')
        (Get-IamInsightsQuery Get-IamUserPolicyChange).EventNames.Count | Should -Be 6
    }

    It 'reports a name that is not in the catalog' {
        Get-IamInsightsQuery -Name 'Get-Nothing' -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CatalogQueryNotFound,*'
    }

    It 'has help' {
        $help = Get-Help Get-IamInsightsQuery -Full
        $help.Synopsis | Should -Match 'catalog'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 1
    }
}

Describe 'Invoke-IamInsightsQuery' {
    It 'returns objects with the columns of fields in order' {
        $rows = Invoke-IamInsightsQuery -Path $Sample -Query 'filter eventName = "CreateUser" | fields eventName, requestParameters.userName as who, @timestamp'
        $rows.Count | Should -Be 2
        $rows[0].PSObject.Properties.Name | Should -Be @('eventName', 'who', '@timestamp')
        $rows[0] | Should -BeOfType System.Management.Automation.PSCustomObject
        $rows[0].who | Should -Be 'deploy-bot'
        $rows[0].'@timestamp' | Should -BeOfType datetime
    }

    It 'types stats numbers and groups in the order stats gives' {
        $rows = Invoke-IamInsightsQuery -Path $Sample -Query 'filter eventSource = "iam.amazonaws.com" | stats count(*) as calls by eventName | sort calls desc, eventName asc | limit 3'
        $rows[0].PSObject.Properties.Name | Should -Be @('eventName', 'calls')
        $rows.eventName | Should -Be @('CreateAccessKey', 'CreateUser', 'DeleteUser')
        $rows[0].calls | Should -Be 2
        $rows[0].calls | Should -BeOfType long
        (Invoke-IamInsightsQuery -Path $Sample -Query 'filter eventName = "CreateUser" | stats avg(strlen(eventName)) / 4 as q').q | Should -Be 2.5
    }

    It 'bins by hour as DateTime' {
        $rows = Invoke-IamInsightsQuery -Path $Sample -Query 'stats count(*) as n by bin(1d) as day' -Since '2026-11-21T00:00:00Z'
        $rows.Count | Should -Be 2
        $rows[0].day | Should -Be ([datetime]::new(2026, 11, 21, 0, 0, 0, [DateTimeKind]::Utc))
        $rows.n | Should -Be @(8, 16)
    }

    It 'gives a malformed query one terminating error with the line and column' {
        $thrown = $null
        try { Invoke-IamInsightsQuery -Path $Sample -Query "filter eventName = `n| fields )" -ErrorAction Stop }
        catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'MalformedQueryException,IamInsights.Commands.InvokeIamInsightsQueryCommand'
        $thrown.CategoryInfo.Category | Should -Be 'ParserError'
        $thrown.Exception.Message | Should -BeLike 'Syntax error (line 2, column 1): unexpected ''|''*'
    }

    It 'takes files from the pipeline' {
        $rows = Get-ChildItem $Sample -Recurse -File | Invoke-IamInsightsQuery -Query 'stats count(*) as n'
        $rows.n | Should -Be 37
    }

    It 'has help with examples' {
        $help = Get-Help Invoke-IamInsightsQuery -Full
        $help.Synopsis | Should -Match 'Logs Insights'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 3
        ($help.Parameters.Parameter | Where-Object Name -eq 'Query').Description.Text | Should -Match 'stats'
    }
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

Describe 'Risk flags and filters' {
    It 'keeps the records with any of the -Risk flags' {
        $records = Get-IamEvent -Path $Sample -Risk AdminGrant
        $records.EventName | Should -Be @('AttachUserPolicy', 'AttachRolePolicy', 'CreatePolicyVersion')
        (Get-IamEvent -Path $Sample -Risk CrossAccount, NoMfa).EventName | Should -Be @('ConsoleLogin', 'ConsoleLogin', 'CreateRole', 'AssumeRole')
        (Get-IamAccessKeyEvent -Path $Sample -Risk OtherPrincipal).User | Should -Be 'deploy-bot'
        @(Get-IamRootActivity -Path $Sample | Where-Object { -not ($_.Risk -band [IamInsights.Records.IamRisk]::Root) }).Count | Should -Be 0
    }

    It 'flags failed sign-ins, which have no error code' {
        $failed = Get-IamConsoleLoginEvent -Path $Sample -Risk Failed
        $failed.RequestUser | Should -Be 'carol'
        $failed.ErrorCode | Should -BeNullOrEmpty
        $failed.ErrorMessage | Should -Be 'Failed authentication'
        @(Get-IamConsoleLoginEvent -Path $Sample -ExcludeFailed).Count | Should -Be 3
    }

    It 'filters by target user and caller, case-insensitively and with wildcards, in the query' {
        (Get-IamEvent -Path $Sample -UserName 'CAROL').EventName | Should -Be @('UpdateLoginProfile', 'DeactivateMFADevice')
        @(Get-IamUserPolicyChange -Path $Sample -UserName 'deploy-*').Count | Should -Be 6
        (Get-IamEvent -Path $Sample -RequestUser 'bob@*' -UserName carol).EventName | Should -Be @('UpdateLoginProfile', 'DeactivateMFADevice')
        (Get-IamEvent -Path $Sample -RequestUser root).EventName | Should -Be @('AttachUserPolicy', 'DeleteUserPermissionsBoundary', 'CreatePolicyVersion')
        @(Get-IamEvent -Path $Sample -SourceIPAddress '198.51.100.*' -AccountId 111122223333).Count | Should -Be 12
        $verbose = Get-IamEvent -Path $Sample -UserName "o'brien `"x`" /|\" -Verbose 4>&1 | ForEach-Object Message
        ($verbose -join "`n") | Should -Match ([regex]::Escape('| filter requestParameters.userName =~ /(?i)^o''brien\ "x"\ \/\|\\\z/'))
    }

    It 'narrows Get-IamEvent by event name and widens it to read-only calls' {
        (Get-IamEvent -Path $Sample -EventName CreateAccessKey, ConsoleLogin).Count | Should -Be 6
        $all = Get-IamEvent -Path $Sample -IncludeReadOnly
        $all.Count | Should -Be 32
        $all.EventName | Should -Contain 'GetUser'
        (Get-IamEvent -Path $Sample -EventName GetUser -IncludeReadOnly).RequestUser | Should -Be 'alice'
    }

    It 'completes -EventName from the catalog' {
        $line = 'Get-IamEvent -EventName CreateAcc'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Be @('CreateAccessKey')
    }
}

Describe 'The shared corpus of real CloudTrail records' {
    BeforeAll {
        $Corpus = Join-Path $PSScriptRoot '../../../shared/corpus'
        $Stratus = Join-Path $Corpus 'stratus-red-team'
    }

    It 'is read by every cmdlet without an error' {
        if (-not (Test-Path $Corpus)) {
            if ($env:CI) { throw "The shared corpus is missing at $Corpus." }
            Set-ItResult -Skipped -Because 'the shared corpus is not beside the project'
            return
        }
        foreach ($command in (Get-Command -Module IamInsights -Name Get-Iam* | Where-Object Name -ne 'Get-IamInsightsQuery').Name) {
            $null = & $command -Path $Corpus -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems.Count | Should -Be 0 -Because "$command reads the corpus"
        }
        @(Get-IamEvent -Path $Corpus).Count | Should -BeGreaterThan 100
    }

    It 'surfaces each Stratus Red Team IAM technique with its flags' -ForEach @(
        @{ File = 'aws.persistence.iam-backdoor-user.json'; Event = 'CreateAccessKey'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.persistence.iam-create-admin-user.json'; Event = 'AttachUserPolicy'; Flag = 'AdminGrant' }
        @{ File = 'aws.persistence.iam-create-admin-user.json'; Event = 'CreateAccessKey'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.persistence.iam-create-backdoor-role.json'; Event = 'AttachRolePolicy'; Flag = 'AdminGrant' }
        @{ File = 'aws.persistence.iam-create-backdoor-role.json'; Event = 'CreateRole'; Flag = 'CrossAccount' }
        @{ File = 'aws.persistence.iam-backdoor-role.json'; Event = 'UpdateAssumeRolePolicy'; Flag = 'CrossAccount' }
        @{ File = 'aws.persistence.iam-create-user-login-profile.json'; Event = 'CreateLoginProfile'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.privilege-escalation.iam-update-user-login-profile.json'; Event = 'UpdateLoginProfile'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.initial-access.console-login-without-mfa.json'; Event = 'ConsoleLogin'; Flag = 'NoMfa' }
        @{ File = 'aws.persistence.sts-federation-token.json'; Event = 'GetFederationToken'; Flag = $null }
    ) {
        $path = Join-Path $Stratus $File
        if (-not (Test-Path $path)) {
            if ($env:CI) { throw "The shared corpus is missing $path." }
            Set-ItResult -Skipped -Because 'the shared corpus is not beside the project'
            return
        }
        $records = @(Get-IamEvent -Path $path -EventName $Event)
        $records.Count | Should -BeGreaterThan 0
        if ($Flag) { $records | Where-Object { $_.Risk -band [IamInsights.Records.IamRisk]$Flag } | Should -Not -BeNullOrEmpty }
    }
}

Describe 'Logs Insights against moto_server' {
    BeforeAll {
        $script:Moto = $null
        $tools = (Get-Command moto_server, aws -ErrorAction SilentlyContinue)
        if (@($tools).Count -lt 2) {
            if ($env:CI) { throw 'moto_server and the AWS CLI are needed in CI.' }
            return
        }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $script:Port = $listener.LocalEndpoint.Port; $listener.Stop()
        $script:Moto = Start-Process -FilePath (Get-Command moto_server).Source -ArgumentList '-H', '127.0.0.1', '-p', $script:Port -PassThru `
            -RedirectStandardOutput (Join-Path $TestDrive 'moto.out') -RedirectStandardError (Join-Path $TestDrive 'moto.err')
        $deadline = (Get-Date).AddSeconds(30)
        do {
            Start-Sleep -Milliseconds 200
            $client = [System.Net.Sockets.TcpClient]::new()
            try { $client.Connect('127.0.0.1', $script:Port); $ready = $true } catch { $ready = $false } finally { $client.Dispose() }
        } until ($ready -or (Get-Date) -gt $deadline)
        $script:Endpoint = "http://127.0.0.1:$($script:Port)"
        $env:AWS_ACCESS_KEY_ID = 'AKIAMOTOPESTER'; $env:AWS_SECRET_ACCESS_KEY = 'pester-secret-value'; $env:AWS_DEFAULT_REGION = 'us-east-1'
        $script:Secret = 'pester-secret-value'
        aws --endpoint-url $script:Endpoint logs create-log-group --log-group-name /aws/cloudtrail/pester | Out-Null
        aws --endpoint-url $script:Endpoint logs create-log-stream --log-group-name /aws/cloudtrail/pester --log-stream-name 111122223333_CloudTrail_us-east-1 | Out-Null
        $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
        $events = 0..2 | ForEach-Object { @{ timestamp = $now + $_; message = (@{ eventName = 'CreateUser'; eventSource = 'iam.amazonaws.com'; eventID = "e$_" } | ConvertTo-Json -Compress) } }
        $file = Join-Path $TestDrive 'events.json'
        ConvertTo-Json @($events) | Set-Content $file
        aws --endpoint-url $script:Endpoint logs put-log-events --log-group-name /aws/cloudtrail/pester --log-stream-name 111122223333_CloudTrail_us-east-1 --log-events "file://$file" | Out-Null
        Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY, env:AWS_DEFAULT_REGION
        $script:Remote = @{ EndpointUrl = $script:Endpoint; AccessKey = 'AKIAMOTOPESTER'; SecretKey = $script:Secret; Region = 'us-east-1' }
    }

    AfterAll {
        if ($script:Moto) { Stop-Process -Id $script:Moto.Id -ErrorAction SilentlyContinue }
    }

    It 'returns the events of a log group with Invoke-IamInsightsQuery' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $output = Invoke-IamInsightsQuery -LogGroupName /aws/cloudtrail/pester -Query 'fields @timestamp, @message | sort @timestamp desc | limit 20' @Remote -Verbose 4>&1
        $rows = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $rows.Count | Should -Be 3
        $rows[0].PSObject.Properties.Name | Should -Be @('@timestamp', '@message')
        $rows[0].'@timestamp' | Should -BeOfType datetime
        ($rows.'@message' | ConvertFrom-Json).eventName | Should -Be @('CreateUser', 'CreateUser', 'CreateUser')
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match 'No -Since: querying the 24 hours before'
        $verbose | Should -Match 'AWS credentials from -AccessKey/-SecretKey'
        $verbose | Should -Not -Match $script:Secret
    }

    It 'takes the log group from $IamInsightsLogGroupName' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $IamInsightsLogGroupName = '/aws/cloudtrail/pester'
        @(Invoke-IamInsightsQuery -Query 'fields @message | limit 5' @Remote).Count | Should -Be 3
    }

    It 'takes the row limit and the concurrency from session settings' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $IamInsightsRowLimit = 5000; $IamInsightsMaxConcurrentQueries = 2
        $verbose = Invoke-IamInsightsQuery -LogGroupName /aws/cloudtrail/pester -Query 'fields @message' @Remote -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'at most 5,000 rows a query, 2 queries at once'
        $IamInsightsRowLimit = 'many'
        { Invoke-IamInsightsQuery -LogGroupName /aws/cloudtrail/pester -Query 'fields @message' @Remote -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSetting,*'
    }

    It 'asks the trails for their log group, and says what to do when there is none' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        Remove-Variable IamInsightsLogGroupName -ErrorAction SilentlyContinue
        $saved = $env:IAMINSIGHTS_LOG_GROUP; $env:IAMINSIGHTS_LOG_GROUP = $null
        try {
            $thrown = $null
            try { Invoke-IamInsightsQuery -Query 'fields @message' @Remote -ErrorAction Stop } catch { $thrown = $_ }
        }
        finally { $env:IAMINSIGHTS_LOG_GROUP = $saved }
        $thrown.FullyQualifiedErrorId | Should -Be 'LogGroupNotSpecified,IamInsights.Commands.InvokeIamInsightsQueryCommand'
        $thrown.Exception.Message | Should -Match '-LogGroupName.*IamInsightsLogGroupName.*IAMINSIGHTS_LOG_GROUP.*-Path'
    }

    It 'refuses half a key pair' {
        { Get-IamCreateUserEvent -LogGroupName g -AccessKey AKIAONLYHALF -Region us-east-1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'AwsCredentialsIncomplete,*'
    }

    It 'names a log group that does not exist in one terminating error' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $thrown = $null
        try { Invoke-IamInsightsQuery -LogGroupName /no/such/group -Query 'fields @message' @Remote -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'LogGroupNotFound,IamInsights.Commands.InvokeIamInsightsQueryCommand'
        $thrown.TargetObject | Should -Be '/no/such/group'
        "$thrown" | Should -Not -Match $script:Secret
    }

    It 'works in a session that loaded another AWSSDK.Core first, as AWS.Tools does' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $packages = (Get-Module Pester).ModuleBase | Split-Path | Split-Path | Split-Path
        $other = Join-Path $packages 'awssdk.core/4.0.3.3/lib/net8.0/AWSSDK.Core.dll'
        Test-Path $other | Should -BeTrue -Because 'build.ps1 restores AWSSDK.Core 4.0.3.3 with Pester'
        $script = @"
Add-Type -Path '$other'
Import-Module '$env:IAMINSIGHTS_MODULE'
`$rows = @(Invoke-IamInsightsQuery -LogGroupName /aws/cloudtrail/pester -Query 'fields @message' -EndpointUrl $($script:Endpoint) -AccessKey AKIAMOTOPESTER -SecretKey '$($script:Secret)' -Region us-east-1 -ErrorAction Stop)
`$contexts = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name } | Sort-Object
"{0} {1}" -f `$rows.Count, (`$contexts -join ',')
"@
        $file = Join-Path $TestDrive 'isolation.ps1'
        Set-Content $file $script
        $shell, $prefix = Get-ChildPwsh
        $output = & $shell @prefix -NoProfile -NonInteractive -File $file 2>&1
        ($output | Select-Object -Last 1) | Should -Be '3 Default,IamInsights.Aws'
    }

    It 'says which credential sources it tried when there are none' {
        $home2 = Join-Path $TestDrive 'empty-home'
        New-Item -ItemType Directory $home2 -Force | Out-Null
        $script = "Import-Module '$env:IAMINSIGHTS_MODULE'; try { Get-IamCreateUserEvent -LogGroupName g -Region us-east-1 -EndpointUrl http://127.0.0.1:9 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $shell, $prefix = Get-ChildPwsh
        $saved = @{}
        foreach ($name in 'HOME', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        try {
            $env:HOME = $home2
            $env:AWS_CONFIG_FILE = Join-Path $home2 'none-config'
            $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $home2 'none-credentials'
            $env:AWS_EC2_METADATA_DISABLED = 'true'
            $output = & $shell @prefix -NoProfile -NonInteractive -Command $script
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $output[0] | Should -Be 'AwsCredentialsNotFound,IamInsights.Commands.GetIamCreateUserEventCommand'
        ($output -join ' ') | Should -Match 'Tried: -AccessKey/-SecretKey; -Credential; -ProfileName; \$StoredAWSCredentials; the environment'
    }
}

Describe 'Ctrl+C during a Logs Insights query' {
    It 'stops the running query with StopQuery within a second' {
        $server = $env:IAMINSIGHTS_FAKE_SERVER
        if (-not $server -or -not (Test-Path $server)) {
            if ($env:CI) { throw 'The fake Logs Insights server was not built.' }
            Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'
            return
        }
        $log = Join-Path $TestDrive 'targets.log'
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($argument in $server, '/aws/cloudtrail', '5', '1000000', $log) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $fake = [System.Diagnostics.Process]::Start($start)
        try {
            $endpoint = $fake.StandardOutput.ReadLine()
            $shell = [powershell]::Create()
            $null = $shell.AddCommand('Import-Module').AddArgument($env:IAMINSIGHTS_MODULE).AddStatement().
                AddCommand('Get-IamCreateUserEvent').AddParameter('LogGroupName', '/aws/cloudtrail').AddParameter('EndpointUrl', $endpoint).
                AddParameter('AccessKey', 'AKIAIAMINSIGHTSTEST1').AddParameter('SecretKey', 'fake/secret/for/tests/only/0000000000000').
                AddParameter('Region', 'us-east-1')
            $running = $shell.BeginInvoke()
            $deadline = (Get-Date).AddSeconds(30)
            while (-not ((Test-Path $log) -and (Get-Content $log -Raw) -match 'GetQueryResults') -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
            (Get-Content $log -Raw) | Should -Match 'Logs_20140328.StartQuery'
            $stoppedAt = [DateTime]::UtcNow
            $shell.Stop()
            $running.AsyncWaitHandle.WaitOne(10000) | Should -BeTrue
            $stop = Get-Content $log | Where-Object { $_ -match 'Logs_20140328.StopQuery' } | Select-Object -First 1
            $stop | Should -Not -BeNullOrEmpty
            $when = [DateTime]::Parse(($stop -split ' ')[0], [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind)
            ($when - $stoppedAt).TotalSeconds | Should -BeLessThan 1
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $shell.Dispose()
        }
        finally {
            $fake.StandardInput.Close()
            if (-not $fake.WaitForExit(5000)) { $fake.Kill() }
        }
    }
}
