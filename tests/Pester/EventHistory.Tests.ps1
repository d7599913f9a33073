BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IAMINSIGHTS_MODULE -Force

    function New-TestEvent([string] $Name, [string] $Source, [int] $MinutesAgo, [string] $Id, [string] $Region = 'us-east-1', [hashtable] $Request = @{}) {
        @{
            eventVersion = '1.10'; eventTime = [DateTime]::UtcNow.AddMinutes(-$MinutesAgo).ToString('yyyy-MM-ddTHH:mm:ssZ'); eventSource = $Source
            eventName = $Name; awsRegion = $Region; sourceIPAddress = '203.0.113.5'; userAgent = 'aws-cli/2.0'; eventID = $Id
            recipientAccountId = '111122223333'; requestParameters = $Request; responseElements = $null; readOnly = $false
            userIdentity = @{ type = 'IAMUser'; arn = 'arn:aws:iam::111122223333:user/alice'; accountId = '111122223333'; userName = 'alice' }
        }
    }
    $script:Events = @(
        New-TestEvent CreateUser iam.amazonaws.com 5 'create-1' -Request @{ userName = 'new-1' }
        New-TestEvent CreateUser iam.amazonaws.com 65 'create-2' -Request @{ userName = 'new-2' }
        New-TestEvent CreateUser iam.amazonaws.com 125 'create-3' -Request @{ userName = 'new-3' }
        New-TestEvent ListUsers iam.amazonaws.com 7 'list-1'
        New-TestEvent AssumeRole sts.amazonaws.com 30 'assume-east' -Request @{ roleArn = 'arn:aws:iam::111122223333:role/r'; roleSessionName = 's' }
        New-TestEvent AssumeRole sts.amazonaws.com 40 'assume-west' -Region eu-west-1 -Request @{ roleArn = 'arn:aws:iam::111122223333:role/r'; roleSessionName = 't' }
        New-TestEvent AssumeRole sts.amazonaws.com 50 'assume-sydney' -Region ap-southeast-2 -Request @{ roleArn = 'arn:aws:iam::111122223333:role/r'; roleSessionName = 'u' }
        New-TestEvent AssumeRole sts.amazonaws.com 55 'assume-zurich' -Region eu-central-2 -Request @{ roleArn = 'arn:aws:iam::111122223333:role/r'; roleSessionName = 'v' }
    )
    $script:Keys = @{ AccessKey = 'AKIAIAMINSIGHTSTEST1'; SecretKey = 'fake/secret/for/tests/only/0000000000000' }
    # eu-central-2 holds an event but is not enabled, so -Region * does not read it.
    $script:Fake = Start-FakeEventHistory -Events $script:Events -TargetLog (Join-Path $TestDrive 'targets.log') -EnabledRegions us-east-1, eu-west-1, ap-southeast-2
    if ($script:Fake) { $script:Remote = @{ EndpointUrl = $script:Fake.Endpoint } + $script:Keys }
}

AfterAll {
    Stop-FakeLogsInsights $script:Fake
}

Describe 'CloudTrail Event History' {
    It 'reads Event History with -EventHistory, each event once' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $found = @(Get-IamCreateUserEvent -EventHistory -Region us-east-1 -Since (Get-Date).AddDays(-7) @Remote -ErrorAction Stop)
        $found.Count | Should -Be 3
        $found[0] | Should -BeOfType 'IamInsights.Records.CreateUserEvent'
        ($found.EventId | Sort-Object) | Should -Be @('create-1', 'create-2', 'create-3')
        ($found | Sort-Object EventTime).CreatedUser | Should -Be @('new-3', 'new-2', 'new-1')
    }

    It 'reads STS events from every Region given, with their Region' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $found = @(Get-IamAssumeRoleEvent -EventHistory -Region us-east-1, eu-west-1 @Remote -ErrorAction Stop)
        ($found | Sort-Object EventId | ForEach-Object { "$($_.EventId)@$($_.AwsRegion)" }) | Should -Be @('assume-east@us-east-1', 'assume-west@eu-west-1')
    }

    It 'reads STS events from every Region enabled in the account with -Region *, and names them' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $output = Get-IamAssumeRoleEvent -EventHistory -Region * @Remote -Verbose -ErrorAction Stop 4>&1
        $found = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        ($found | Sort-Object EventId | ForEach-Object { "$($_.EventId)@$($_.AwsRegion)" }) |
            Should -Be @('assume-east@us-east-1', 'assume-sydney@ap-southeast-2', 'assume-west@eu-west-1')
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match ([regex]::Escape('account:ListRegions): us-east-1, eu-west-1, ap-southeast-2'))
    }

    It 'refuses -Region * with Region names' {
        $thrown = $null
        try { Get-IamAssumeRoleEvent -EventHistory -Region '*', eu-west-1 -EndpointUrl http://127.0.0.1:9 @Keys -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'RegionWildcardMixed,IamInsights.Commands.GetIamAssumeRoleEventCommand'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.TargetObject | Should -Be '*, eu-west-1'
    }

    It 'is the default when no log group is set and no trail delivers to CloudWatch Logs, and says why' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        Remove-Variable IamInsightsLogGroupName -ErrorAction SilentlyContinue
        $saved = $env:IAMINSIGHTS_LOG_GROUP; $env:IAMINSIGHTS_LOG_GROUP = $null
        try { $output = Get-IamCreateUserEvent -Region us-east-1 @Remote -Verbose -ErrorAction Stop 4>&1 }
        finally { $env:IAMINSIGHTS_LOG_GROUP = $saved }
        $records = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        ($records.EventId | Sort-Object) | Should -Be @('create-1', 'create-2', 'create-3')
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match 'No trail of the account in us-east-1 delivers to CloudWatch Logs'
        $verbose | Should -Match 'reading CloudTrail Event History'
        $verbose | Should -Match 'last 90 days'
        $verbose | Should -Not -Match ([regex]::Escape($script:Keys.SecretKey))
        (Get-Content (Join-Path $TestDrive 'targets.log') -Raw) | Should -Match 'DescribeTrails'
    }

    It 'is the default source when set so' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        Set-IamInsightsOption -DefaultSource EventHistory
        try { $found = @(Get-IamEvent -Region us-east-1 @Remote -ErrorAction Stop) }
        finally { Set-IamInsightsOption -DefaultSource CloudWatchLogs }
        ($found.EventId | Sort-Object) | Should -Be @('assume-east', 'create-1', 'create-2', 'create-3')
    }

    It 'refuses a -Since more than 90 days ago and points to the other sources' {
        if (-not $script:Fake) { Set-ItResult -Skipped -Because 'run through build.ps1 Test, which builds the fake server'; return }
        $since = (Get-Date).AddDays(-100)
        $thrown = $null
        try { Get-IamCreateUserEvent -EventHistory -Since $since -Region us-east-1 @Remote -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'EventHistoryWindowTooOld,IamInsights.Commands.GetIamCreateUserEventCommand'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.Exception.Message | Should -Match '90 days'
        $thrown.Exception.Message | Should -Match '-LogGroupName'
    }

    It 'takes one Region only for CloudWatch Logs' {
        $thrown = $null
        try { Get-IamCreateUserEvent -LogGroupName g -Region us-east-1, eu-west-1 -EndpointUrl http://127.0.0.1:9 @Keys -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'RegionNotSingle,IamInsights.Commands.GetIamCreateUserEventCommand'
        $thrown.TargetObject | Should -Be 'us-east-1, eu-west-1'
    }

    It 'takes -Region * only for Event History' {
        $thrown = $null
        try { Get-IamCreateUserEvent -LogGroupName g -Region * -EndpointUrl http://127.0.0.1:9 @Keys -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'RegionNotSingle,IamInsights.Commands.GetIamCreateUserEventCommand'
        $thrown.TargetObject | Should -Be '*'
        $thrown = $null
        try { Get-IamCreateUserEvent -LogGroupName g -Region eu-west-1, '*' -EndpointUrl http://127.0.0.1:9 @Keys -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'RegionWildcardMixed,IamInsights.Commands.GetIamCreateUserEventCommand'
    }
}
