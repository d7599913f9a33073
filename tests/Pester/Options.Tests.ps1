BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
}

Describe 'Get-IamInsightsOption and Set-IamInsightsOption' {
    AfterEach { Set-IamInsightsOption -LogGroupName @() -RowLimit $null -MaxConcurrentQueries $null -DefaultSource CloudWatchLogs }

    It 'starts with the defaults' {
        $options = Get-IamInsightsOption
        $options | Should -BeOfType 'IamInsights.Settings.IamInsightsOptions'
        $options.LogGroupName.Count | Should -Be 0
        $options.RowLimit | Should -BeNullOrEmpty
        $options.MaxConcurrentQueries | Should -BeNullOrEmpty
        $options.DefaultSource | Should -Be 'CloudWatchLogs'
    }

    It 'keeps what is set, and -PassThru writes it' {
        $written = Set-IamInsightsOption -LogGroupName a, b -RowLimit 100000 -MaxConcurrentQueries 8 -PassThru
        $written.RowLimit | Should -Be 100000
        $options = Get-IamInsightsOption
        $options.LogGroupName | Should -Be @('a', 'b')
        $options.RowLimit | Should -Be 100000
        $options.MaxConcurrentQueries | Should -Be 8
    }

    It 'refuses <Name> = <Value> when it is set, naming the value, and keeps the settings as they were' -ForEach @(
        @{ Name = 'RowLimit'; Value = 0 }
        @{ Name = 'RowLimit'; Value = 100001 }
        @{ Name = 'MaxConcurrentQueries'; Value = 0 }
        @{ Name = 'MaxConcurrentQueries'; Value = 101 }
        @{ Name = 'LogGroupName'; Value = ' ' }
    ) {
        Set-IamInsightsOption -RowLimit 5000
        $thrown = $null
        $arguments = @{ $Name = $Value }
        try { Set-IamInsightsOption @arguments -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be 'InvalidSetting,IamInsights.Commands.SetIamInsightsOptionCommand'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($thrown.TargetObject)" | Should -Be "$Value"
        $thrown.Exception.Message | Should -Match $Name
        (Get-IamInsightsOption).RowLimit | Should -Be 5000
    }

    It 'refuses a default source that does not exist at binding' {
        { Set-IamInsightsOption -DefaultSource Nowhere -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*,*'
    }

    It 'changes nothing under -WhatIf' {
        Set-IamInsightsOption -RowLimit 2000 -WhatIf
        (Get-IamInsightsOption).RowLimit | Should -BeNullOrEmpty
    }

    It 'hands out copies, so changing one changes nothing' {
        $options = Get-IamInsightsOption
        $options.RowLimit = 9
        (Get-IamInsightsOption).RowLimit | Should -BeNullOrEmpty
    }
}
