BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule

    function Get-Completion([string] $Line) {
        # What Tab offers at the end of the line, as PowerShell's own completion (TabExpansion2) gives it.
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    function Get-ListedCompletion([string] $Line) {
        # What Tab offers once the log groups are listed. A listing slower than the completer's patience goes on in the
        # background and fills the cache, so on a busy machine a later Tab gives what the first could not.
        for ($attempt = 0; $attempt -lt 40; $attempt++) {
            $completions = Get-Completion $Line
            if ($completions.Count -gt 0) { return $completions }
            Start-Sleep -Milliseconds 500
        }
        return @()
    }

    function Get-ChildCompletion([string] $Line) {
        # What Tab offers in a new pwsh started with this process's environment. AWSSDK.Core reads
        # AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE once per process, so profiles are completed where the files
        # were set before the start, as a user's session sets them.
        $shell, $prefix = Get-ChildPwsh
        $script = 'Import-Module $env:IAMINSIGHTS_MODULE; $line = [Console]::In.ReadToEnd().TrimEnd([char]13, [char]10); ' +
            '@((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Select-Object CompletionText, ListItemText) | ConvertTo-Json -Compress'
        $json = $Line | & $shell @prefix -NoProfile -NonInteractive -Command $script
        if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed with exit code $LASTEXITCODE." }
        if (-not $json) { return @() }
        @(($json -join '') | ConvertFrom-Json)
    }

    function Get-CountOf([string] $Path, [string] $Pattern) {
        if (-not (Test-Path $Path)) { return 0 }
        @(Get-Content $Path | Where-Object { $_ -match $Pattern }).Count
    }

    # Completion must find AWS through the command line only: nothing from the environment or the user's files.
    $script:SavedEnvironment = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION',
        'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE') {
        $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        Remove-Item "env:$name" -ErrorAction Ignore
    }
    $script:Credentials = Join-Path $TestDrive 'credentials'
    $script:Config = Join-Path $TestDrive 'config'
    $script:Other = Join-Path $TestDrive 'other-credentials'
    @(
        '[audit]', 'aws_access_key_id = AKIAAUDIT', 'aws_secret_access_key = audit-secret', ''
        '[my profile]', 'aws_access_key_id = AKIASPACE', 'aws_secret_access_key = space-secret', ''
        '[region-only]', 'region = eu-west-1'
    ) | Set-Content $script:Credentials
    @(
        '[profile deploy]', 'aws_access_key_id = AKIADEPLOY', 'aws_secret_access_key = deploy-secret', ''
        '[profile sso-admin]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = us-east-1',
        'sso_account_id = 111122223333', 'sso_role_name = AdministratorAccess', 'region = us-east-1', ''
        '[profile settings-only]', 'output = json'
    ) | Set-Content $script:Config
    @('[elsewhere]', 'aws_access_key_id = AKIAELSEWHERE', 'aws_secret_access_key = elsewhere-secret') | Set-Content $script:Other
    $env:AWS_SHARED_CREDENTIALS_FILE = $script:Credentials
    $env:AWS_CONFIG_FILE = $script:Config
}

AfterAll {
    foreach ($name in $script:SavedEnvironment.Keys) {
        if ($null -eq $script:SavedEnvironment[$name]) { Remove-Item "env:$name" -ErrorAction Ignore }
        else { Set-Item "env:$name" $script:SavedEnvironment[$name] }
    }
}

Describe '-ProfileName completion' {
    It 'offers the profiles of the credentials and config files that give credentials, quoted where needed' {
        $completions = Get-ChildCompletion 'Get-IamCreateUserEvent -ProfileName '
        $completions.ListItemText | Sort-Object | Should -Be @('audit', 'deploy', 'my profile', 'sso-admin')
        ($completions | Where-Object ListItemText -eq 'my profile').CompletionText | Should -Be "'my profile'"
        ($completions | Where-Object ListItemText -eq 'audit').CompletionText | Should -Be 'audit'
    }

    It 'narrows them to the word typed, on every cmdlet that takes -ProfileName' {
        (Get-ChildCompletion 'Get-IamRoleChange -ProfileName de').CompletionText | Should -Be @('deploy')
        (Get-ChildCompletion 'Invoke-IamInsightsQuery -Query "fields @message" -ProfileName sso').CompletionText | Should -Be @('sso-admin')
        (Get-ChildCompletion 'Get-IamEvent -EventHistory -ProfileName AU').CompletionText | Should -Be @('audit')
    }

    It 'reads the -ProfileLocation file given on the command line in place of the shared credentials file' {
        $line = "Get-IamCreateUserEvent -ProfileLocation '$script:Other' -ProfileName "
        (Get-ChildCompletion $line).ListItemText | Sort-Object | Should -Be @('deploy', 'elsewhere', 'sso-admin')
    }
}

Describe '-Region completion' {
    BeforeAll {
        # The Regions as AWSSDK.Core lists them, asked in another process that loads the shipped AWSSDK.Core by itself.
        $core = Join-Path (Split-Path (Get-Module IamInsights).Path) 'Dependencies/AWSSDK.Core.dll'
        $shell, $prefix = Get-ChildPwsh
        $script = "Add-Type -Path '$core'; [Amazon.RegionEndpoint]::EnumerableAllRegions | ForEach-Object { `$_.SystemName + [char]9 + `$_.DisplayName }"
        $script:Known = @{}
        foreach ($line in (& $shell @prefix -NoProfile -NonInteractive -Command $script)) {
            $name, $display = $line -split "`t", 2
            $script:Known[$name] = $display
        }
    }

    It 'offers every Region AWSSDK.Core knows, with its display name as the tooltip' {
        $script:Known.Count | Should -BeGreaterThan 30
        $completions = Get-Completion 'Get-IamCreateUserEvent -Region '
        $completions.CompletionText | Sort-Object | Should -Be @($script:Known.Keys | Sort-Object)
        foreach ($completion in $completions) { $completion.ToolTip | Should -Be $script:Known[$completion.CompletionText] }
        ($completions | Where-Object CompletionText -eq 'us-east-1').ToolTip | Should -Be 'US East (N. Virginia)'
    }

    It 'narrows them to the word typed, also as a wildcard pattern' {
        $expected = @($script:Known.Keys | Where-Object { $_ -like 'eu-*' } | Sort-Object)
        (Get-Completion 'Get-IamEvent -EventHistory -Region eu-').CompletionText | Sort-Object | Should -Be $expected
        $expected = @($script:Known.Keys | Where-Object { $_ -like '*-southeast-*' } | Sort-Object)
        (Get-Completion 'Get-IamAssumeRoleEvent -Region *-southeast-').CompletionText | Sort-Object | Should -Be $expected
    }
}

Describe 'Log group, bucket and trail completion against moto_server' {
    BeforeAll {
        $script:Moto = Start-MotoServer -LogFolder $TestDrive
        if (-not $script:Moto) { return }
        $env:AWS_ACCESS_KEY_ID = 'AKIAMOTOCOMPLETION'; $env:AWS_SECRET_ACCESS_KEY = 'completion-secret'; $env:AWS_DEFAULT_REGION = 'eu-west-1'
        foreach ($group in '/aws/cloudtrail/alpha', '/aws/cloudtrail/beta', 'payments-app') {
            aws --endpoint-url $script:Moto.Endpoint logs create-log-group --log-group-name $group | Out-Null
        }
        foreach ($bucket in 'trail-archive-one', 'trail-archive-two', 'website') {
            aws --endpoint-url $script:Moto.Endpoint s3api create-bucket --bucket $bucket --create-bucket-configuration LocationConstraint=eu-west-1 | Out-Null
        }
        aws --endpoint-url $script:Moto.Endpoint cloudtrail create-trail --name org-trail --s3-bucket-name trail-archive-one | Out-Null
        aws --endpoint-url $script:Moto.Endpoint cloudtrail create-trail --name audit-trail --s3-bucket-name trail-archive-two | Out-Null
        aws --endpoint-url $script:Moto.Endpoint athena create-work-group --name security-team | Out-Null
        Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY, env:AWS_DEFAULT_REGION
        $script:Remote = "-EndpointUrl $($script:Moto.Endpoint) -AccessKey AKIAMOTOCOMPLETION -SecretKey completion-secret -Region eu-west-1"
    }

    AfterAll { Stop-MotoServer $script:Moto }

    It 'offers the log groups of the account and Region named on the command line' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server or the aws CLI is not installed'; return }
        (Get-Completion "Get-IamCreateUserEvent $script:Remote -LogGroupName ").CompletionText |
            Should -Be @('/aws/cloudtrail/alpha', '/aws/cloudtrail/beta', 'payments-app')
        (Get-ListedCompletion "Invoke-IamInsightsQuery -Query 'fields @message' $script:Remote -LogGroupName /aws/cloudtrail/").CompletionText |
            Should -Be @('/aws/cloudtrail/alpha', '/aws/cloudtrail/beta')
    }

    It 'offers the buckets of the account for -BucketName and -S3Uri, the trails of the Region for -Trail, and its Athena workgroups' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server or the aws CLI is not installed'; return }
        (Get-ListedCompletion "Get-IamCreateUserEvent $script:Remote -BucketName trail-").CompletionText |
            Should -Be @('trail-archive-one', 'trail-archive-two')
        (Get-ListedCompletion "Get-IamGroupChange $script:Remote -S3Uri s3://").CompletionText |
            Should -Be @('s3://trail-archive-one/', 's3://trail-archive-two/', 's3://website/')
        (Get-ListedCompletion "Get-IamPolicyChange $script:Remote -Trail ").CompletionText |
            Should -Be @('audit-trail', 'org-trail')
        (Get-ListedCompletion "Get-IamRoleChange $script:Remote -AthenaTable security.cloudtrail_logs -AthenaWorkGroup sec").CompletionText |
            Should -Be @('security-team')
    }

    It 'offers nothing from another Region, where the account has no log group' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server or the aws CLI is not installed'; return }
        $line = "Get-IamCreateUserEvent -EndpointUrl $($script:Moto.Endpoint) -AccessKey AKIAMOTOCOMPLETION -SecretKey completion-secret -Region ap-south-1 -LogGroupName /aws/"
        (Get-Completion $line).CompletionText | Should -Not -Contain '/aws/cloudtrail/alpha'
    }

    It 'takes the Region from $StoredAWSRegion, as the cmdlets do, when the command line has none' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server or the aws CLI is not installed'; return }
        $StoredAWSRegion = 'eu-west-1'
        $line = "Get-IamCreateUserEvent -EndpointUrl $($script:Moto.Endpoint) -AccessKey AKIAMOTOCOMPLETION -SecretKey completion-secret -LogGroupName /aws/cloudtrail/a"
        (Get-ListedCompletion $line).CompletionText | Should -Be @('/aws/cloudtrail/alpha')
    }

    It 'finds the credentials and Region in the environment when the command line has none' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server or the aws CLI is not installed'; return }
        $env:AWS_ACCESS_KEY_ID = 'AKIAMOTOCOMPLETION'; $env:AWS_SECRET_ACCESS_KEY = 'completion-secret'; $env:AWS_REGION = 'eu-west-1'
        try {
            (Get-ListedCompletion "Get-IamCreateUserEvent -EndpointUrl $($script:Moto.Endpoint) -LogGroupName pay").CompletionText | Should -Be @('payments-app')
        }
        finally {
            Remove-Item env:AWS_ACCESS_KEY_ID, env:AWS_SECRET_ACCESS_KEY, env:AWS_REGION
        }
    }
}

Describe '-LogGroupName completion is cached' {
    BeforeAll {
        $script:TargetLog = Join-Path $TestDrive 'targets.log'
        $script:Fake = Start-FakeLogsInsights -LogGroup '/aws/cloudtrail/cached' -TargetLog $script:TargetLog
    }

    AfterAll { Stop-FakeLogsInsights $script:Fake }

    It 'asks DescribeLogGroups once per account, Region and endpoint, and answers from the cache after that' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'the fake Logs Insights server is not built (IAMINSIGHTS_FAKE_SERVER)'; return }
        # The fake server accepts requests signed with this key pair only.
        $remote = "-EndpointUrl $($script:Fake.Endpoint) -AccessKey AKIAIAMINSIGHTSTEST1 -SecretKey 'fake/secret/for/tests/only/0000000000000'"
        (Get-ListedCompletion "Get-IamCreateUserEvent $remote -Region us-east-1 -LogGroupName ").CompletionText | Should -Be @('/aws/cloudtrail/cached')
        Get-CountOf $script:TargetLog 'DescribeLogGroups' | Should -Be 1
        (Get-ListedCompletion "Get-IamGroupChange $remote -Region us-east-1 -LogGroupName /aws/").CompletionText | Should -Be @('/aws/cloudtrail/cached')
        Get-CountOf $script:TargetLog 'DescribeLogGroups' | Should -Be 1
        # Another Region is listed anew, once.
        (Get-ListedCompletion "Get-IamCreateUserEvent $remote -Region eu-west-1 -LogGroupName ").CompletionText | Should -Be @('/aws/cloudtrail/cached')
        (Get-ListedCompletion "Get-IamCreateUserEvent $remote -Region eu-west-1 -LogGroupName ").CompletionText | Should -Be @('/aws/cloudtrail/cached')
        Get-CountOf $script:TargetLog 'DescribeLogGroups' | Should -Be 2
    }

    It 'signs with a -SecretKey given as a SecureString in a variable' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'the fake Logs Insights server is not built (IAMINSIGHTS_FAKE_SERVER)'; return }
        $before = Get-CountOf $script:TargetLog 'DescribeLogGroups'
        $secret = ConvertTo-SecureString 'fake/secret/for/tests/only/0000000000000' -AsPlainText -Force
        # A Region not listed yet, so the fake server checks this signature.
        $line = "Get-IamCreateUserEvent -EndpointUrl $($script:Fake.Endpoint) -AccessKey AKIAIAMINSIGHTSTEST1 -SecretKey `$secret -Region ap-northeast-1 -LogGroupName "
        (Get-ListedCompletion $line).CompletionText | Should -Be @('/aws/cloudtrail/cached')
        Get-CountOf $script:TargetLog 'DescribeLogGroups' | Should -Be ($before + 1)
    }

    It 'asks again after a failed listing, which it does not keep' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'the fake Logs Insights server is not built (IAMINSIGHTS_FAKE_SERVER)'; return }
        $before = Get-CountOf $script:TargetLog 'DescribeLogGroups'
        # Another account's key, which the fake server refuses (UnrecognizedClientException).
        $refused = "Get-IamCreateUserEvent -EndpointUrl $($script:Fake.Endpoint) -AccessKey AKIAOTHERACCOUNT -SecretKey other-secret -Region us-east-1 -LogGroupName /aws/"
        $errors = $Error.Count
        (Get-Completion $refused).CompletionText | Should -Not -Contain '/aws/cloudtrail/cached'
        (Get-Completion $refused).CompletionText | Should -Not -Contain '/aws/cloudtrail/cached'
        $Error.Count | Should -Be $errors
        Get-CountOf $script:TargetLog 'DescribeLogGroups' | Should -Be ($before + 2)
    }
}

Describe '-LogGroupName completion gives up quietly' {
    BeforeAll {
        # Run from an empty folder: when a completer offers nothing, PowerShell falls back to the folder's file names.
        $script:Empty = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'empty')
        Push-Location $script:Empty
    }

    AfterAll { Pop-Location }

    It 'offers nothing and writes no error without credentials' {
        $errors = $Error.Count
        $line = 'Get-IamCreateUserEvent -Region us-east-1 -LogGroupName '
        $completions = Get-Completion $line
        $completions.Count | Should -Be 0
        $Error.Count | Should -Be $errors
    }

    It 'offers nothing and writes no error for Set-IamInsightsOption, which takes no credentials, when the environment has none' {
        $errors = $Error.Count
        (Get-Completion 'Set-IamInsightsOption -LogGroupName ').Count | Should -Be 0
        $Error.Count | Should -Be $errors
    }

    It 'offers nothing for an unknown profile, a refused connection or half a key pair' {
        $errors = $Error.Count
        (Get-Completion 'Get-IamCreateUserEvent -ProfileName no-such-profile -Region us-east-1 -LogGroupName ').Count | Should -Be 0
        (Get-Completion 'Get-IamCreateUserEvent -EndpointUrl http://127.0.0.1:9 -AccessKey AKIAX -SecretKey x -Region us-east-1 -LogGroupName ').Count | Should -Be 0
        (Get-Completion 'Get-IamCreateUserEvent -AccessKey AKIAX -Region us-east-1 -LogGroupName ').Count | Should -Be 0
        $Error.Count | Should -Be $errors
    }

    It 'stops waiting for an endpoint that never answers, and leaves its request to the background' {
        # A listener that takes the connection but never answers it. When completion comes back, the request must still
        # be open: completion did not wait for an answer or for the HTTP timeout (60 s).
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $line = "Get-IamCreateUserEvent -EndpointUrl http://127.0.0.1:$($listener.LocalEndpoint.Port) -AccessKey AKIASILENT -SecretKey silent-secret -Region us-east-1 -LogGroupName "
            $errors = $Error.Count
            $completions = Get-Completion $line
            $completions.Count | Should -Be 0
            $Error.Count | Should -Be $errors
            # The request goes on in the background; on a busy machine it may connect only after completion gave up.
            for ($wait = 0; $wait -lt 60 -and -not $listener.Pending(); $wait++) { Start-Sleep -Milliseconds 500 }
            $listener.Pending() | Should -BeTrue
            $connection = $listener.AcceptSocket()
            try {
                # Take the request that was sent; after that, readable with nothing to read would mean the client had closed.
                $buffer = [byte[]]::new(65536)
                while ($connection.Available -gt 0) { [void]$connection.Receive($buffer) }
                $closed = $connection.Poll(0, [System.Net.Sockets.SelectMode]::SelectRead) -and $connection.Available -eq 0
                $closed | Should -BeFalse
            }
            finally {
                $connection.Dispose()
            }
        }
        finally {
            $listener.Stop()
        }
    }
}

Describe 'Completers are registered' {
    It 'on -LogGroupName, -Region, -ProfileName, -S3Uri, -BucketName, -Trail and -AthenaWorkGroup of every cmdlet that has them, and on -EventName' {
        $expected = @{
            S3Uri        = 'IamInsights.Completion.S3UriCompleter'
            BucketName   = 'IamInsights.Completion.BucketNameCompleter'
            Trail        = 'IamInsights.Completion.TrailNameCompleter'
            AthenaWorkGroup = 'IamInsights.Completion.WorkGroupCompleter'
            LogGroupName = 'IamInsights.Completion.LogGroupNameCompleter'
            Region       = 'IamInsights.Completion.RegionCompleter'
            ProfileName  = 'IamInsights.Completion.ProfileNameCompleter'
            EventName    = 'IamInsights.Completion.CatalogEventNameCompleter'
        }
        $seen = 0
        foreach ($command in Get-Command -Module IamInsights) {
            foreach ($name in $expected.Keys) {
                $parameter = $command.Parameters[$name]
                if (-not $parameter) { continue }
                $seen++
                $completer = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] })
                $completer.Count | Should -Be 1 -Because "-$name of $($command.Name) is completed"
                $completer[0].Type.FullName | Should -Be $expected[$name] -Because "-$name of $($command.Name)"
            }
        }
        $seen | Should -BeGreaterThan 60
    }
}
