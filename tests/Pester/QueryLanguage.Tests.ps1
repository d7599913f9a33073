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
