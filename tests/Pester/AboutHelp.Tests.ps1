BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $script:Topic = Get-Help about_IamInsights | Out-String
}

Describe 'about_IamInsights' {
    It 'is found by Get-Help in the staged module''s en-US folder' {
        $file = Join-Path (Split-Path (Get-Module IamInsights).Path) 'en-US/about_IamInsights.help.txt'
        $file | Should -Exist
        $script:Topic | Should -Match '(?m)^TOPIC\s+about_IamInsights'
        $script:Topic.Trim() | Should -Be (Get-Content $file -Raw).Trim()
    }

    It 'names every error id of README''s table, with its category' {
        # The rows of the table under the header "| ErrorId | category | when |", up to the first line that is not a row.
        $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md')
        $start = [array]::IndexOf($readme, '| ErrorId | category | when |')
        $start | Should -BeGreaterThan 0
        $rows = foreach ($line in $readme[($start + 2)..($readme.Count - 1)]) {
            if ($line -notmatch '^\| (\w+) \| (\w+) \|') { break }
            [pscustomobject]@{ Id = $Matches[1]; Category = $Matches[2] }
        }
        $rows = @($rows)
        $rows.Count | Should -BeGreaterThan 20
        foreach ($row in $rows) {
            $script:Topic | Should -Match "(?m)^\s+$($row.Id) \($($row.Category), " -Because "README lists $($row.Id)"
        }
    }

    It 'names every error the module reports (its ErrorCatalog)' {
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'IamInsights.Engine' }
        if (-not $engine) {
            $engine = [System.Reflection.Assembly]::LoadFrom((Join-Path (Split-Path (Get-Module IamInsights).Path) 'Dependencies/IamInsights.Engine.dll'))
        }
        $all = @($engine.GetType('IamInsights.Errors.ErrorCatalog', $true)::All)
        $all.Count | Should -BeGreaterThan 20
        foreach ($definition in $all) { $script:Topic | Should -Match "(?m)^\s+$($definition.Id) \($($definition.Kind), " }
    }

    It 'describes the sources, how one is chosen, the settings and scheduled runs' {
        foreach ($heading in 'SOURCES', 'How a source is chosen', 'SETTINGS', 'SCHEDULED RUNS', 'ERRORS', 'TAB COMPLETION') {
            $script:Topic | Should -Match ([regex]::Escape($heading))
        }
        foreach ($parameter in 'Path', 'LiteralPath', 'LogGroupName', 'EventHistory', 'Checkpoint', 'CheckpointOverlap', 'CheckpointLockTimeout') {
            (Get-Command Get-IamCreateUserEvent).Parameters.Keys | Should -Contain $parameter
            $script:Topic | Should -Match "-$parameter\b"
        }
        $settings = (Get-Command Set-IamInsightsOption).Parameters.Keys | Where-Object { $_ -in (Get-IamInsightsOption).PSObject.Properties.Name }
        @($settings).Count | Should -Be @((Get-IamInsightsOption).PSObject.Properties).Count
        foreach ($setting in $settings) { $script:Topic | Should -Match "(?m)^\s+$setting\s" }
    }
}
