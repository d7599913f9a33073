<#
.SYNOPSIS
    Builds, tests and demonstrates the IamInsights module.
.DESCRIPTION
    Tasks:
      Build  stages an importable module at out/IamInsights (manifest, assemblies, format file, help).
      Test   builds, runs the xunit tests, then the Pester tests against out/IamInsights in a child process,
             and ends with one line: "tests: N passed, M failed".
      Demo   builds and runs the cmdlets over the shipped sample in tests/Sample.
      Fuzz   fuzzes the lexer and parser with SharpFuzz and AFL++ for -Seconds (default 600), then reports what it
             found; it needs afl-fuzz (Debian: apt-get install afl++) and exits non-zero on any crash or hang.
      Clean  removes out/ and the projects' bin/ and obj/ folders.
    Runs under PowerShell 7 and Windows PowerShell 5.1.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Fuzz', 'Clean')]
    [string] $Task = 'Build',

    [ValidateRange(10, 86400)]
    [int] $Seconds = 600,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'IamInsights'
$SampleFolder = Join-Path $Root 'tests/Sample'

function Invoke-Native {
    # Runs a program and stops the build when it fails.
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-ChildShell {
    # The command line that starts another PowerShell like this one: powershell.exe, pwsh, or 'dotnet pwsh.dll'.
    if ($PSVersionTable.PSEdition -eq 'Desktop') { return , @(Join-Path $PSHOME 'powershell.exe') }
    $self = (Get-Process -Id $PID).Path
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ([IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet' -and (Test-Path $dll)) { return , @($self, $dll) }
    return , @($self)
}

function Invoke-ChildShell {
    # Runs a script file in a fresh PowerShell process with the given arguments; returns its exit code.
    param([string] $Script, [string[]] $ArgumentList = @())
    $shell = Get-ChildShell
    $exe = $shell[0]
    $prefix = @($shell | Select-Object -Skip 1)
    & $exe @prefix -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $Script @ArgumentList | Out-Host
    return $LASTEXITCODE
}

function Invoke-Build {
    $publish = Join-Path $Out 'publish'
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/IamInsights/IamInsights.csproj'), '-c', $Configuration,
        '-o', $publish, '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $dependencies = Join-Path $ModuleOut 'Dependencies'
    New-Item -ItemType Directory -Path $dependencies -Force | Out-Null
    Copy-Item (Join-Path $Root 'IamInsights.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'src/IamInsights/IamInsights.Format.ps1xml') $ModuleOut
    Copy-Item (Join-Path $publish 'IamInsights.dll') $ModuleOut
    Get-ChildItem $publish -Filter *.dll |
        Where-Object { $_.Name -ne 'IamInsights.dll' -and $_.Name -ne 'System.Management.Automation.dll' } |
        Copy-Item -Destination $dependencies

    $helpFolder = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $helpFolder -Force | Out-Null
    $code = Invoke-ChildShell (Join-Path $Root 'src/IamInsights/Help/New-MamlHelp.ps1') @(
        '-ModulePath', (Join-Path $ModuleOut 'IamInsights.psd1'),
        '-HelpSource', (Join-Path $Root 'src/IamInsights/Help/IamInsights.Help.psd1'),
        '-OutputPath', (Join-Path $helpFolder 'IamInsights.dll-Help.xml'))
    if ($code -ne 0) { throw "Generating the help failed with exit code $code." }
    Write-Host "Built the module at $ModuleOut"
}

function Get-PesterModulePath {
    # Pester comes from NuGet: a PackageDownload restore puts it in the NuGet packages folder.
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/Pester/PesterPackage.csproj'), '--nologo', '-v', 'quiet')
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = (& dotnet nuget locals global-packages --list) -join ''
        $packages = $line -replace '^.*?global-packages:\s*', ''
    }
    $psd1 = Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 5.7.1 was restored but $psd1 is missing." }
    return $psd1
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results -Force | Out-Null

    # xunit
    $trx = Join-Path $results 'xunit.trx'
    & dotnet test (Join-Path $Root 'tests/IamInsights.Engine.Tests/IamInsights.Engine.Tests.csproj') -c $Configuration `
        --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunitExit = $LASTEXITCODE
    $xunitPassed = 0; $xunitFailed = 0
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1 }
    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed"

    # Pester, in a child process against the staged module.
    $pester = Get-PesterModulePath
    $summary = Join-Path $results 'pester.json'
    $code = Invoke-ChildShell (Join-Path $Root 'tests/Pester/Invoke-PesterRun.ps1') @(
        '-PesterPath', $pester, '-ModulePath', (Join-Path $ModuleOut 'IamInsights.psd1'),
        '-TestPath', (Join-Path $Root 'tests/Pester'), '-SummaryPath', $summary)
    $pesterPassed = 0; $pesterFailed = 0
    if (Test-Path $summary) {
        $counts = Get-Content $summary -Raw | ConvertFrom-Json
        $pesterPassed = [int]$counts.Passed
        $pesterFailed = [int]$counts.Failed
    }
    if ($code -ne 0 -and $pesterFailed -eq 0) { $pesterFailed = 1 }
    Write-Host "pester: $pesterPassed passed, $pesterFailed failed"

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    Write-Host "tests: $passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $code = Invoke-ChildShell (Join-Path $Root 'tests/Sample/Show-Demo.ps1') @(
        '-ModulePath', (Join-Path $ModuleOut 'IamInsights.psd1'), '-SamplePath', (Join-Path $SampleFolder 'AWSLogs'))
    if ($code -ne 0) { throw "The demo failed with exit code $code." }
}

function Invoke-Fuzz {
    $afl = Get-Command afl-fuzz -ErrorAction SilentlyContinue
    if (-not $afl) { throw 'Fuzz needs afl-fuzz from AFL++ on PATH (Debian: apt-get install afl++).' }
    $fuzz = Join-Path $Out 'fuzz'
    $bin = Join-Path $fuzz 'bin'
    if (Test-Path $fuzz) { Remove-Item $fuzz -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'tests/Fuzz/IamInsights.Fuzz.csproj'), '-c', 'Release', '-o', $bin, '--nologo', '-v', 'quiet')
    $harness = Join-Path $bin 'IamInsights.Fuzz.dll'
    $seeds = Join-Path $fuzz 'seeds'
    Invoke-Native dotnet @($harness, '--seeds', $seeds)
    # Instrument the engine so that AFL sees which branches each input takes; it then runs only under afl-fuzz.
    Invoke-Native dotnet @('sharpfuzz', (Join-Path $bin 'IamInsights.Engine.dll'))
    $findings = Join-Path $fuzz 'findings'

    $env:AFL_SKIP_BIN_CHECK = '1'
    $env:AFL_NO_UI = '1'
    $env:AFL_SKIP_CPUFREQ = '1'
    $env:AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
    Write-Host "Fuzzing the lexer and parser for $Seconds s..."
    & $afl.Source -i $seeds -o $findings -t 5000 -m none -V $Seconds -- dotnet $harness | Select-Object -Last 5 | Out-Host

    $stats = @{}
    foreach ($line in Get-Content (Join-Path $findings 'default/fuzzer_stats')) {
        $name, $value = $line -split '\s*:\s*', 2
        $stats[$name] = $value
    }
    $crashes = @(Get-ChildItem (Join-Path $findings 'default/crashes') -File -ErrorAction SilentlyContinue | Where-Object Name -ne 'README.txt')
    $hangs = @(Get-ChildItem (Join-Path $findings 'default/hangs') -File -ErrorAction SilentlyContinue | Where-Object Name -ne 'README.txt')
    Write-Host ("fuzz: ran {0} s, {1} executions, {2} paths in the corpus, {3} crashes, {4} hangs" -f
        $stats['run_time'], $stats['execs_done'], $stats['corpus_count'], $crashes.Count, $hangs.Count)
    foreach ($file in $crashes + $hangs) { Write-Host "finding: $($file.FullName)" }
    if ($crashes.Count + $hangs.Count -gt 0) { exit 1 }
}

function Invoke-Clean {
    foreach ($folder in @($Out) + @(Get-ChildItem (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj)) {
        if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
    }
    Write-Host 'Cleaned.'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Fuzz' { Invoke-Fuzz }
    'Clean' { Invoke-Clean }
}
