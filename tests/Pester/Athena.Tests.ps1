BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IAMINSIGHTS_MODULE -Force
    $script:Keys = @{ AccessKey = 'AKIAATHENAPESTER'; SecretKey = 'athena/pester/secret' }
    $script:SavedRegion = $env:AWS_REGION
    $env:AWS_REGION = 'us-east-1'

    function Set-MotoAthenaResult([string] $Endpoint, [object[]] $Rows) {
        # moto_server's own API: the rows the next Athena query returns.
        $body = @{ region = 'us-east-1'; results = @(@{ rows = @($Rows | ForEach-Object {
                        @{ Data = @($_ | ForEach-Object { if ($null -eq $_) { @{} } else { @{ VarCharValue = $_ } } }) } }) }) } | ConvertTo-Json -Depth 8
        Invoke-RestMethod -Method Post -Uri "$Endpoint/moto-api/static/athena/query-results" -Body $body -ContentType 'application/json' | Out-Null
    }
}

AfterAll {
    $env:AWS_REGION = $script:SavedRegion
}

Describe 'New-IamInsightsAthenaTable' {
    It 'writes the guide''s table for an organization trail with account, Region and day projected' {
        $ddl = New-IamInsightsAthenaTable -BucketName org-trail-logs -KeyPrefix audit -OrganizationId o-a1b2c3d4e5 -AccountId 111122223333, 444455556666 `
            -Region us-east-1, eu-west-1 -DatabaseName security -TableName org_trail -StartDate ([datetime]'2024-03-01')
        $ddl | Should -BeOfType [string]
        $ddl.StartsWith('CREATE EXTERNAL TABLE `security`.`org_trail` (') | Should -BeTrue
        $ddl | Should -Match "(?m)^PARTITIONED BY \(\n  account STRING,\n  region STRING,\n  ``timestamp`` STRING\)$"
        $ddl | Should -Match "(?m)^ROW FORMAT SERDE 'org\.apache\.hive\.hcatalog\.data\.JsonSerDe'$"
        $ddl | Should -Match "(?m)^STORED AS INPUTFORMAT 'com\.amazon\.emr\.cloudtrail\.CloudTrailInputFormat'$"
        $ddl | Should -Match "(?m)^LOCATION 's3://org-trail-logs/audit/AWSLogs/o-a1b2c3d4e5/'$"
        $ddl | Should -Match "'projection\.account\.type'='enum'"
        $ddl | Should -Match "'projection\.account\.values'='111122223333,444455556666'"
        $ddl | Should -Match "'projection\.region\.values'='us-east-1,eu-west-1'"
        $ddl | Should -Match "'projection\.timestamp\.range'='2024/03/01,NOW'"
        $ddl | Should -Match ([regex]::Escape("'storage.location.template'='s3://org-trail-logs/audit/AWSLogs/o-a1b2c3d4e5/`${account}/CloudTrail/`${region}/`${timestamp}'"))
    }

    It 'writes an account trail''s table with the account injected and every commercial Region' {
        $ddl = New-IamInsightsAthenaTable -BucketName my-trail-bucket
        $ddl | Should -Match "(?m)^LOCATION 's3://my-trail-bucket/AWSLogs/'$"
        $ddl | Should -Match "'projection\.account\.type'='injected'"
        $ddl | Should -Not -Match 'projection\.account\.values'
        $ddl | Should -Match "'projection\.region\.values'='af-south-1,[a-z0-9,-]+,us-west-2'"
        $ddl.StartsWith('CREATE EXTERNAL TABLE `default`.`cloudtrail_logs` (') | Should -BeTrue
    }

    It 'refuses a bad bucket name or organization id, naming it' {
        { New-IamInsightsAthenaTable -BucketName 'Bad_Bucket' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSetting,IamInsights.Commands.NewIamInsightsAthenaTableCommand'
        $error[0].TargetObject | Should -Be 'Bad_Bucket'
        { New-IamInsightsAthenaTable -BucketName ok-bucket -OrganizationId 'org-1' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSetting,IamInsights.Commands.NewIamInsightsAthenaTableCommand'
    }
}

Describe 'The Athena source' {
    It 'refuses a table that is not database.table before any call' {
        { Get-IamCreateUserEvent -AthenaTable 'cloudtrail_logs' @Keys -EndpointUrl 'http://127.0.0.1:9/' -ErrorAction Stop } |
            Should -Throw -ErrorId 'AthenaTableInvalid,IamInsights.Commands.GetIamCreateUserEventCommand'
    }

    It 'refuses a query without a SQL equivalent before any call, naming the command' {
        { Invoke-IamInsightsQuery -AthenaTable trails.cloudtrail_logs -Query 'parse userAgent "aws-cli/*" as v | fields v' @Keys -EndpointUrl 'http://127.0.0.1:9/' -ErrorAction Stop } |
            Should -Throw -ErrorId 'QueryNotTranslatable,IamInsights.Commands.InvokeIamInsightsQueryCommand'
        $error[0].TargetObject | Should -Be 'parse'
    }

    It 'runs a catalog cmdlet in moto_server''s Athena and types its rows, from the parameters and from the settings' {
        $moto = Start-MotoServer -LogFolder $TestDrive
        if (-not $moto) { Set-ItResult -Skipped -Because 'moto_server or the aws CLI is not on PATH'; return }
        try {
            $header = @('eventTime', 'eventName', 'eventSource', 'awsRegion', 'recipientAccountId', 'eventID', 'sourceIPAddress', 'userAgent',
                'userIdentity.type', 'userIdentity.userName', 'userIdentity.arn', 'userIdentity.principalId', 'userIdentity.accountId',
                'userIdentity.invokedBy', 'userIdentity.onBehalfOf.userId', 'userIdentity.sessionContext.attributes.mfaAuthenticated',
                'errorCode', 'errorMessage', 'CreatedUser', 'CreateDate')
            $row = @('2026-11-01T10:00:00Z', 'CreateUser', 'iam.amazonaws.com', 'us-east-1', '111122223333', 'e-1', '203.0.113.5', 'aws-cli/2',
                'IAMUser', 'alice', 'arn:aws:iam::111122223333:user/alice', 'AIDA1', '111122223333', $null, $null, 'false', $null, $null, 'bob', $null)
            Set-MotoAthenaResult $moto.Endpoint (@(, $header) + @(, $row))
            $verbose = Get-IamCreateUserEvent -AthenaTable trails.cloudtrail_logs -AthenaOutputLocation 's3://athena-results/' -AccountId 111122223333 `
                -Since ([datetime]'2026-11-01T00:00:00Z') -Until ([datetime]'2026-11-02T00:00:00Z') -EndpointUrl $moto.Endpoint @Keys -Verbose -ErrorAction Stop 4>&1
            $found = @($verbose | Where-Object { $_ -is [IamInsights.Records.CreateUserEvent] })
            $found.Count | Should -Be 1
            $found[0].CreatedUser | Should -Be 'bob'
            $found[0].RequestUser | Should -Be 'alice'
            $found[0].EventTime | Should -Be ([datetime]::new(2026, 11, 1, 10, 0, 0, [DateTimeKind]::Utc))
            $messages = @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $messages | Where-Object { $_ -like 'Athena SQL:*"account" IN (''111122223333'')*' } | Should -Not -BeNullOrEmpty
            $messages | Where-Object { $_ -like 'Athena query * scanned *' } | Should -Not -BeNullOrEmpty
            ($messages -join "`n") | Should -Not -Match 'athena/pester/secret'

            Set-MotoAthenaResult $moto.Endpoint (@(, $header) + @(, $row))
            Set-IamInsightsOption -AthenaTable trails.cloudtrail_logs -AthenaOutputLocation 's3://athena-results/' -DefaultSource Athena
            $fromSettings = @(Get-IamCreateUserEvent -Since ([datetime]'2026-11-01T00:00:00Z') -EndpointUrl $moto.Endpoint @Keys -ErrorAction Stop)
            $fromSettings.CreatedUser | Should -Be 'bob'
        }
        finally {
            Set-IamInsightsOption -AthenaTable $null -AthenaOutputLocation $null -DefaultSource CloudWatchLogs
            Stop-MotoServer $moto
        }
    }
}
