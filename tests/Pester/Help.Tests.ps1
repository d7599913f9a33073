BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Commands = @(Get-Command -Module IamInsights | ForEach-Object Name)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name +
        [System.Management.Automation.Internal.ShouldProcessParameters].GetProperties().Name
}

Describe 'Help of <_>' -ForEach $Commands {
    BeforeAll { $Command = $_ }

    It 'describes every parameter' {
        $help = Get-Help $Command -Full
        foreach ($name in (Get-Command $Command).Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $parameter = $help.Parameters.Parameter | Where-Object Name -eq $name
            ($parameter.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name of $Command needs a description"
        }
    }

    It 'says which parameters take wildcards, as the cmdlet declares them' {
        $help = Get-Help $Command -Full
        foreach ($info in (Get-Command $Command).Parameters.Values | Where-Object { $_.Name -notin $Common }) {
            $declared = @($info.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
            $parameter = $help.Parameters.Parameter | Where-Object Name -eq $info.Name
            $parameter.globbing | Should -Be ([string]$declared).ToLowerInvariant() -Because "-$($info.Name) of $Command"
        }
    }
}

Describe 'Wildcard parameters' {
    It 'are declared on the filters that take wildcards, and not on -LiteralPath' {
        foreach ($name in 'UserName', 'RequestUser', 'SourceIPAddress', 'AccountId', 'Path') {
            (Get-Help Get-IamCreateUserEvent -Parameter $name).globbing | Should -Be 'true' -Because "-$name takes wildcards"
        }
        (Get-Help Get-IamCreateUserEvent -Parameter LiteralPath).globbing | Should -Be 'false'
    }
}
