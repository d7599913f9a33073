BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
}

Describe 'Logs Insights against moto_server' {
    BeforeAll {
        $script:Moto = Start-MotoServer -LogFolder $TestDrive
        if (-not $script:Moto) { return }
        $script:Endpoint = $script:Moto.Endpoint
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
        Stop-MotoServer $script:Moto
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

    It 'takes the log group, the row limit and the concurrency from Set-IamInsightsOption, and names a missing log group' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        Set-IamInsightsOption -LogGroupName /aws/cloudtrail/pester -RowLimit 7000 -MaxConcurrentQueries 3
        try {
            $output = Invoke-IamInsightsQuery -Query 'fields @message | limit 5' @Remote -Verbose 4>&1
            @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 3
            (($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") |
                Should -Match 'at most 7,000 rows a query, 3 queries at once'
            Set-IamInsightsOption -LogGroupName /no/such/group
            $thrown = $null
            try { Invoke-IamInsightsQuery -Query 'fields @message' @Remote -ErrorAction Stop } catch { $thrown = $_ }
            $thrown.FullyQualifiedErrorId | Should -Be 'LogGroupNotFound,IamInsights.Commands.InvokeIamInsightsQueryCommand'
            $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $thrown.TargetObject | Should -Be '/no/such/group'
            $thrown.Exception.Message | Should -Match "'/no/such/group'"
        }
        finally { Set-IamInsightsOption -LogGroupName @() -RowLimit $null -MaxConcurrentQueries $null }
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
            [Environment]::SetEnvironmentVariable($name, [NullString]::Value)
        }
        try {
            $env:HOME = $home2
            $env:AWS_CONFIG_FILE = Join-Path $home2 'none-config'
            $env:AWS_SHARED_CREDENTIALS_FILE = Join-Path $home2 'none-credentials'
            $env:AWS_EC2_METADATA_DISABLED = 'true'
            $output = & $shell @prefix -NoProfile -NonInteractive -Command $script
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $(if ($null -eq $saved[$name]) { [NullString]::Value } else { $saved[$name] })) }
        }
        $output[0] | Should -Be 'AwsCredentialsNotFound,IamInsights.Commands.GetIamCreateUserEventCommand'
        ($output -join ' ') | Should -Match 'Tried: -AccessKey/-SecretKey; -Credential; -ProfileName; \$StoredAWSCredentials; the environment'
    }
}

Describe 'Ctrl+C during a Logs Insights query' {
    It 'stops the running query with StopQuery within a second' {
        $log = Join-Path $TestDrive 'targets.log'
        $fake = Start-FakeLogsInsights -Records 5 -Polls 1000000 -TargetLog $log
        if (-not $fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        try {
            $shell = [powershell]::Create()
            $null = $shell.AddCommand('Import-Module').AddArgument($env:IAMINSIGHTS_MODULE).AddStatement().
                AddCommand('Get-IamCreateUserEvent').AddParameter('LogGroupName', '/aws/cloudtrail').AddParameter('EndpointUrl', $fake.Endpoint).
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
        finally { Stop-FakeLogsInsights $fake }
    }
}

Describe 'A command that runs only in CloudWatch Logs Insights' {
    It 'reaches StartQuery with the query, which the fake server cannot run' {
        $log = Join-Path $TestDrive 'targets.log'
        $fake = Start-FakeLogsInsights -Records 5 -TargetLog $log
        if (-not $fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        try {
            $typed = 'fields @message | pattern @message'
            $thrown = $null
            try {
                Invoke-IamInsightsQuery -LogGroupName /aws/cloudtrail -Query $typed -EndpointUrl $fake.Endpoint -Region us-east-1 `
                    -AccessKey AKIAIAMINSIGHTSTEST1 -SecretKey 'fake/secret/for/tests/only/0000000000000' -ErrorAction Stop
            }
            catch { $thrown = $_ }
            $start = Get-Content $log | Where-Object { $_ -match 'Logs_20140328.StartQuery' } | Select-Object -First 1
            $body = ($start -split ' ', 3)[2] | ConvertFrom-Json
            ($body.queryString -replace '\s+', ' ') | Should -Be $typed
            $thrown.FullyQualifiedErrorId | Should -Be 'InsightsQueryFailed,IamInsights.Commands.InvokeIamInsightsQueryCommand'
        }
        finally { Stop-FakeLogsInsights $fake }
    }
}

Describe 'Log groups by ARN and by name prefix' {
    BeforeAll {
        $script:Log = Join-Path $TestDrive 'targets.log'
        $script:Fake = Start-FakeLogsInsights -Records 5 -TargetLog $script:Log
        if ($script:Fake) {
            $script:Remote = @{ EndpointUrl = $script:Fake.Endpoint; Region = 'us-east-1'; AccessKey = 'AKIAIAMINSIGHTSTEST1'; SecretKey = 'fake/secret/for/tests/only/0000000000000' }
        }
        function Get-StartQueryBody {
            $start = Get-Content $script:Log | Where-Object { $_ -match 'Logs_20140328.StartQuery' } | Select-Object -Last 1
            ($start -split ' ', 3)[2] | ConvertFrom-Json
        }
    }

    AfterAll { Stop-FakeLogsInsights $script:Fake }

    It 'sends a log group ARN in logGroupIdentifiers, without the trailing :*' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $arn = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail'
        @(Get-IamCreateUserEvent -LogGroupName "${arn}:*" @Remote).Count | Should -Be 5
        $body = Get-StartQueryBody
        $body.logGroupIdentifiers | Should -Be @($arn)
        $body.PSObject.Properties.Name | Should -Not -Contain 'logGroupNames'
    }

    It 'queries the log groups whose name starts with -LogGroupNamePrefix' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $output = Get-IamCreateUserEvent -LogGroupNamePrefix /aws/cloud @Remote -Verbose 4>&1
        @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 5
        (($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") |
            Should -Match "-LogGroupNamePrefix '/aws/cloud': 1 log group \(logs:DescribeLogGroups\): /aws/cloudtrail"
        (Get-Content $script:Log -Raw) | Should -Match 'Logs_20140328.DescribeLogGroups'
        (Get-StartQueryBody).logGroupNames | Should -Be @('/aws/cloudtrail')
    }

    It 'gives catalog records the account and log group they came from, and -Path records none' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $records = @(Get-IamCreateUserEvent -LogGroupName /aws/cloudtrail @Remote)
        $records.Count | Should -Be 5
        $records.LogGroup | Sort-Object -Unique | Should -Be '111122223333:/aws/cloudtrail'
        (Get-StartQueryBody).queryString | Should -Match '\| fields @log$'
        $rows = @(Invoke-IamInsightsQuery -LogGroupName /aws/cloudtrail -Query 'fields eventID' @Remote)
        $rows.Count | Should -Be 5
        (Get-StartQueryBody).queryString | Should -Be 'fields eventID'
        $fromFiles = @(Get-IamCreateUserEvent -Path $Sample)
        $fromFiles.Count | Should -BeGreaterThan 0
        $fromFiles | Where-Object LogGroup | Should -BeNullOrEmpty
    }

    It 'names a prefix that no log group starts with in a LogGroupNotFound error' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $thrown = $null
        try { Get-IamCreateUserEvent -LogGroupNamePrefix /nothing/here @Remote -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'LogGroupNotFound,IamInsights.Commands.GetIamCreateUserEventCommand'
        $thrown.TargetObject | Should -Be '/nothing/here'
        $thrown.Exception.Message | Should -Match "/nothing/here"
    }
}
