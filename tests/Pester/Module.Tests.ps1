BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
}

Describe 'The module' {
    It 'exports exactly the catalog cmdlets, the query, option, Athena table and report cmdlets' {
        $names = (Get-Command -Module IamInsights).Name | Sort-Object
        $expected = @($Catalog.Keys) + 'Get-IamInsightsQuery' + 'Invoke-IamInsightsQuery' + 'Get-IamInsightsOption' + 'Set-IamInsightsOption' + 'New-IamInsightsAthenaTable' + 'Export-IamInsightsReport' | Sort-Object
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
