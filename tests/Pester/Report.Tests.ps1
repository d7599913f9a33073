BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
    $ErrorId = ',IamInsights.Commands.ExportIamInsightsReportCommand'

    function Get-ReportCount([string] $Html, [string] $EventName) {
        # The count in the report's "By event" table for one event name.
        if ($Html -match "<tr><td>$EventName</td><td class=""n"">(\d+)</td>") { return [int]$Matches[1] }
        return 0
    }
}

Describe 'Export-IamInsightsReport' {
    BeforeEach {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $records = @(Get-IamCreateUserEvent -Path $Sample) + @(Get-IamConsoleLoginEvent -Path $Sample)
    }

    It 'writes records of several cmdlets to a path relative to the current location, and -PassThru gives its FileInfo' {
        Push-Location $folder
        try { $file = $records | Export-IamInsightsReport -Path report.html -Title 'Weekly review' -PassThru }
        finally { Pop-Location }
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be (Join-Path $folder 'report.html')
        $html = Get-Content $file.FullName -Raw
        $expected = $Catalog['Get-IamCreateUserEvent'].Count + $Catalog['Get-IamConsoleLoginEvent'].Count
        $records.Count | Should -Be $expected
        $html | Should -Match "<span id=""total"">$expected</span>"
        Get-ReportCount $html 'CreateUser' | Should -Be $Catalog['Get-IamCreateUserEvent'].Count
        Get-ReportCount $html 'ConsoleLogin' | Should -Be $Catalog['Get-IamConsoleLoginEvent'].Count
        $html | Should -Match '<title>Weekly review</title>'
        $html | Should -Not -Match '(src|href)="(https?:)?//'
    }

    It 'leaves out an object it cannot take, with one error that names its type, and reports the others' {
        $path = Join-Path $folder 'mixed.html'
        $given = @($records[0], 'a string', [pscustomobject]@{ eventName = 'CreateUser' }) + @($records | Select-Object -Skip 1)
        $given | Export-IamInsightsReport -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 2
        $problems | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Be "ReportInputNotSupported$ErrorId"
            $_.CategoryInfo.Category | Should -Be 'InvalidType'
        }
        $problems[0].TargetObject | Should -Be 'a string'
        $problems[0].Exception.Message | Should -Match 'System\.String'
        $problems[1].Exception.Message | Should -Match 'PSCustomObject'
        Get-Content $path -Raw | Should -Match "<span id=""total"">$($records.Count)</span>"
    }

    It 'overwrites a file as Out-File does, and with -NoClobber refuses and leaves it' {
        $path = Join-Path $folder 'report.html'
        Set-Content -Path $path -Value 'earlier'
        $thrown = $null
        $thrown = $null
        try { $records | Export-IamInsightsReport -Path $path -NoClobber } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be "ReportFileExists$ErrorId"
        $thrown.CategoryInfo.Category | Should -Be 'ResourceExists'
        $thrown.TargetObject | Should -Be $path
        (Get-Content $path -Raw).Trim() | Should -Be 'earlier'
        $records | Export-IamInsightsReport -Path $path
        Get-Content $path -Raw | Should -Match '^<!DOCTYPE html>'
    }

    It 'overwrites a read-only file only with -Force' {
        $path = Join-Path $folder 'report.html'
        Set-Content -Path $path -Value 'earlier'
        (Get-Item $path).IsReadOnly = $true
        $thrown = $null
        try { $records | Export-IamInsightsReport -Path $path } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be "ReportPathUnwritable$ErrorId"
        $thrown.Exception.Message | Should -Match 'read-only'
        (Get-Content $path -Raw).Trim() | Should -Be 'earlier'
        $records | Export-IamInsightsReport -Path $path -Force
        Get-Content $path -Raw | Should -Match "<span id=""total"">$($records.Count)</span>"
    }

    It 'names a path it cannot write: <Case>' -ForEach @(
        @{ Case = 'a missing folder'; Name = 'missing/report.html' }
        @{ Case = 'a folder'; Name = 'folder' }
    ) {
        New-Item -ItemType Directory -Path (Join-Path $folder 'folder') | Out-Null
        $path = Join-Path $folder $Name
        $thrown = $null
        try { $records | Export-IamInsightsReport -Path $path } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be "ReportPathUnwritable$ErrorId"
        $thrown.CategoryInfo.Category | Should -Be 'WriteError'
        $thrown.TargetObject | Should -Be $path
        $thrown.Exception.Message | Should -BeLike "*$path*"
    }

    It 'names a path on another provider than the file system' {
        $thrown = $null
        try { $records | Export-IamInsightsReport -Path Variable:\report } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -Be "ReportPathUnwritable$ErrorId"
        $thrown.TargetObject | Should -Be 'Variable:\report'
        Test-Path Variable:\report | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $folder 'report.html'
        $records | Export-IamInsightsReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }
}
