BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
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

Describe 'One parse per call' {
    It 'parses the text of Invoke-IamInsightsQuery once, and a catalog query not at all' {
        $null = Get-IamCreateUserEvent -Path $Sample -UserName deploy-bot
        $before = [IamInsights.Query.Parser]::TextsParsed
        $null = Invoke-IamInsightsQuery -Path $Sample -Query 'filter eventName = "CreateUser" | stats count(*) as n by eventSource'
        [IamInsights.Query.Parser]::TextsParsed - $before | Should -Be 1
        $before = [IamInsights.Query.Parser]::TextsParsed
        $null = Get-IamUserPolicyChange -Path $Sample -UserName deploy-bot -Risk AdminGrant
        [IamInsights.Query.Parser]::TextsParsed - $before | Should -Be 0
    }
}

Describe 'Commands that run only in CloudWatch Logs Insights' {
    It 'refuses <Query> over files before any file is read' -ForEach @(
        @{ Query = 'fields @message | pattern @message'; Command = 'pattern @message' }
        @{ Query = 'filter isValidIp(sourceIPAddress) | anomaly'; Command = 'anomaly' }
    ) {
        $folder = Join-Path $TestDrive 'unreadable'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        Set-Content (Join-Path $folder 'broken.json') 'not json at all'
        $thrown = $null
        try { Invoke-IamInsightsQuery -Path $folder -Query $Query -ErrorAction Stop -ErrorVariable problems } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'QueryNotSupportedLocally,IamInsights.Commands.InvokeIamInsightsQueryCommand'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $thrown.TargetObject | Should -Be $Command
        $thrown.Exception.Message | Should -Match 'runs only in CloudWatch Logs Insights'
        @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'CloudTrailFile*' }).Count | Should -Be 0 -Because 'no file is read'
    }

    It 'runs the IP and JSON functions locally' {
        # The expected count comes from PowerShell's own JSON reader over the sample files.
        $records = foreach ($file in Get-ChildItem $Sample -Recurse -File) {
            $stream = [IO.File]::OpenRead($file.FullName)
            if ($file.Extension -eq '.gz') { $stream = [IO.Compression.GZipStream]::new($stream, [IO.Compression.CompressionMode]::Decompress) }
            $reader = [IO.StreamReader]::new($stream)
            try { ($reader.ReadToEnd() | ConvertFrom-Json).Records } finally { $reader.Dispose() }
        }
        $expected = @($records | Where-Object { $_.sourceIPAddress -like '203.0.113.*' }).Count
        $expected | Should -BeGreaterThan 0
        $rows = @(Invoke-IamInsightsQuery -Path $Sample -Query 'filter isValidIp(sourceIPAddress) and isIpInSubnet(sourceIPAddress, "203.0.113.0/24") | stats count(*) as n')
        $rows[0].n | Should -Be $expected
    }
}
