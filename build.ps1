<#
.SYNOPSIS
    Builds, tests and demonstrates the IamInsights module.
.DESCRIPTION
    Tasks:
      Build  stages an importable module at out/IamInsights (manifest, assemblies, format file, help and the about_IamInsights topic), and
             compiles the same sources against .NET Framework 4.7.2 as a check for Windows PowerShell 5.1.
      Test   builds, runs the xunit tests, then the Pester tests against out/IamInsights in a child process,
             and ends with one line: "tests: N passed, M failed, K skipped". A test skips only when a peer it
             needs is missing (moto_server, the AWS CLI, the shared corpus); when the CI environment variable is
             set, any skip fails the run. The shared corpus of real CloudTrail records is found by
             -CorpusPath, or the IAMINSIGHTS_CORPUS environment variable.
      Package builds, then packs out/IamInsights into out/package/IamInsights.<version>.nupkg, the package that
             PowerShell Gallery and any PSResourceGet repository take (Compress-PSResource, PSResourceGet 1.1 or later).
      Demo   builds and runs the cmdlets over the shipped sample in tests/Sample, writes its HTML report to
             out/demo/report.html and, when chromium is installed, a screenshot of it to out/demo/report.png.
      Bench  generates a synthetic CloudTrail archive of -SizeMiB (default 256) in the S3 layout and prints how long
             the module takes to find its CreateUser events, against zcat, zcat | jq and DuckDB on the same files,
             with the peak memory and the import time; then, for the filter scan and for stats, sort and dedup over
             every record, the engine's time, its anchor's (two zcat processes, DuckDB), the ratio and the engine's
             peak memory, medians of 3 runs; then the S3 source against the file source in one process, from an
             in-memory S3 server and from a warm moto_server; then times the Logs Insights source against the fake
             server, the Event History source against the fake server at the real rate, and the size of a report of
             10,000 records with the time headless Chromium takes to load it. It prints figures; it has no pass or fail.
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
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench', 'Fuzz', 'Clean')]
    [string] $Task = 'Build',

    [ValidateRange(1, 65536)]
    [int] $SizeMiB = 256,

    [ValidateRange(10, 86400)]
    [int] $Seconds = 600,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $CorpusPath = $env:IAMINSIGHTS_CORPUS
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
    $project = Join-Path $Root 'src/IamInsights/IamInsights.csproj'
    Invoke-Native dotnet @('publish', $project, '-f', 'netstandard2.0', '-c', $Configuration, '-o', $publish, '--nologo', '-v', 'quiet')
    # The same sources compiled against .NET Framework 4.7.2's reference assemblies: an API that Windows PowerShell
    # 5.1 lacks fails the build here. These assemblies are not shipped.
    Invoke-Native dotnet @('build', $project, '-f', 'net472', '-c', $Configuration, '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $dependencies = Join-Path $ModuleOut 'Dependencies'
    New-Item -ItemType Directory -Path $dependencies -Force | Out-Null
    Copy-Item (Join-Path $Root 'IamInsights.psd1') $ModuleOut
    Copy-Item (Join-Path $publish 'IamInsights.dll') $ModuleOut
    Get-ChildItem $publish -Filter *.dll |
        Where-Object { $_.Name -ne 'IamInsights.dll' -and $_.Name -ne 'System.Management.Automation.dll' } |
        Copy-Item -Destination $dependencies

    # The manifest's cmdlet list and the format file are derived from the built assemblies.
    $buildScripts = Join-Path $Root 'src/IamInsights/Build'
    $code = Invoke-ChildShell (Join-Path $buildScripts 'Set-ManifestCmdlets.ps1') @('-ManifestPath', (Join-Path $ModuleOut 'IamInsights.psd1'))
    if ($code -ne 0) { throw "Stamping the manifest's CmdletsToExport failed with exit code $code." }
    $code = Invoke-ChildShell (Join-Path $buildScripts 'New-FormatFile.ps1') @(
        '-AssemblyPath', (Join-Path $ModuleOut 'IamInsights.dll'), '-OutputPath', (Join-Path $ModuleOut 'IamInsights.Format.ps1xml'))
    if ($code -ne 0) { throw "Writing the format file failed with exit code $code." }

    $helpFolder = Join-Path $ModuleOut 'en-US'
    New-Item -ItemType Directory -Path $helpFolder -Force | Out-Null
    $code = Invoke-ChildShell (Join-Path $Root 'src/IamInsights/Help/New-MamlHelp.ps1') @(
        '-ModulePath', (Join-Path $ModuleOut 'IamInsights.psd1'),
        '-HelpSource', (Join-Path $Root 'src/IamInsights/Help/IamInsights.Help.psd1'),
        '-OutputPath', (Join-Path $helpFolder 'IamInsights.dll-Help.xml'))
    if ($code -ne 0) { throw "Generating the help failed with exit code $code." }
    $code = Invoke-ChildShell (Join-Path $Root 'src/IamInsights/Help/New-AboutHelp.ps1') @(
        '-ModulePath', (Join-Path $ModuleOut 'IamInsights.psd1'),
        '-TextPath', (Join-Path $Root 'src/IamInsights/Help/about_IamInsights.help.txt'),
        '-OutputPath', (Join-Path $helpFolder 'about_IamInsights.help.txt'))
    if ($code -ne 0) { throw "Writing about_IamInsights failed with exit code $code." }
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

    # xunit; the staged module is checked there too.
    $env:IAMINSIGHTS_MODULE = Join-Path $ModuleOut 'IamInsights.psd1'
    $trx = Join-Path $results 'xunit.trx'
    & dotnet test (Join-Path $Root 'tests/IamInsights.Engine.Tests/IamInsights.Engine.Tests.csproj') -c $Configuration `
        --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunitExit = $LASTEXITCODE
    $xunitPassed = 0; $xunitFailed = 0; $xunitSkipped = 0
    if (Test-Path $trx) {
        $run = ([xml](Get-Content $trx -Raw)).TestRun
        $counters = $run.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        # A skipped test is a result with the outcome NotExecuted; the summary's own counter leaves it out.
        $xunitSkipped = @($run.Results.UnitTestResult | Where-Object { $_.outcome -eq 'NotExecuted' }).Count
    }
    if ($xunitExit -ne 0 -and $xunitFailed -eq 0) { $xunitFailed = 1 }
    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed, $xunitSkipped skipped"

    # Pester, in a child process against the staged module, with the fake Logs Insights server built beside it.
    $fake = Join-Path $Out 'fake-logs-insights'
    Invoke-Native dotnet @('build', (Join-Path $Root 'tests/FakeLogsInsights/FakeLogsInsights.Server.csproj'), '-c', $Configuration, '-o', $fake, '--nologo', '-v', 'quiet')
    $env:IAMINSIGHTS_FAKE_SERVER = Join-Path $fake 'FakeLogsInsights.Server.dll'
    $env:IAMINSIGHTS_CORPUS = $CorpusPath
    $pester = Get-PesterModulePath
    $summary = Join-Path $results 'pester.json'
    $code = Invoke-ChildShell (Join-Path $Root 'tests/Pester/Invoke-PesterRun.ps1') @(
        '-PesterPath', $pester, '-ModulePath', (Join-Path $ModuleOut 'IamInsights.psd1'),
        '-TestPath', (Join-Path $Root 'tests/Pester'), '-SummaryPath', $summary)
    $pesterPassed = 0; $pesterFailed = 0; $pesterSkipped = 0
    if (Test-Path $summary) {
        $counts = Get-Content $summary -Raw | ConvertFrom-Json
        $pesterPassed = [int]$counts.Passed
        $pesterFailed = [int]$counts.Failed
        $pesterSkipped = [int]$counts.Skipped
    }
    if ($code -ne 0 -and $pesterFailed -eq 0) { $pesterFailed = 1 }
    Write-Host "pester: $pesterPassed passed, $pesterFailed failed, $pesterSkipped skipped"

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    $skipped = $xunitSkipped + $pesterSkipped
    if ($env:CI -and $skipped -gt 0) { Write-Host "CI is set: the $skipped skipped tests fail this run (a peer they need is missing)." }
    Write-Host "tests: $passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or ($env:CI -and $skipped -gt 0)) { exit 1 }
}

function Invoke-Package {
    Invoke-Build
    $package = Join-Path $Out 'package'
    if (Test-Path $package) { Remove-Item $package -Recurse -Force }
    New-Item -ItemType Directory -Path $package -Force | Out-Null
    if (-not (Get-Command Compress-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Package needs Compress-PSResource from Microsoft.PowerShell.PSResourceGet 1.1 or later (it ships with PowerShell 7.6).'
    }
    Compress-PSResource -Path $ModuleOut -DestinationPath $package
    $nupkg = @(Get-ChildItem $package -Filter *.nupkg)
    if ($nupkg.Count -ne 1) { throw "Packing $ModuleOut made $($nupkg.Count) packages in $package." }
    Write-Host "Packed the module into $($nupkg[0].FullName)"
}

function Invoke-Demo {
    Invoke-Build
    $fake = Join-Path $Out 'fake-logs-insights'
    Invoke-Native dotnet @('build', (Join-Path $Root 'tests/FakeLogsInsights/FakeLogsInsights.Server.csproj'), '-c', $Configuration, '-o', $fake, '--nologo', '-v', 'quiet')
    $demo = Join-Path $Out 'demo'
    New-Item -ItemType Directory -Path $demo -Force | Out-Null
    $report = Join-Path $demo 'report.html'
    $code = Invoke-ChildShell (Join-Path $Root 'tests/Sample/Show-Demo.ps1') @(
        '-ModulePath', (Join-Path $ModuleOut 'IamInsights.psd1'), '-SamplePath', (Join-Path $SampleFolder 'AWSLogs'),
        '-FakeServer', (Join-Path $fake 'FakeLogsInsights.Server.dll'), '-ReportPath', $report)
    if ($code -ne 0) { throw "The demo failed with exit code $code." }
    Write-Host ("The report of the sample: {0} ({1:N0} bytes)" -f $report, (Get-Item $report).Length)
    if (Get-Command chromium -ErrorAction SilentlyContinue) {
        $png = Join-Path $demo 'report.png'
        Save-Screenshot -Page $report -PngPath $png
        Write-Host ("Its screenshot in headless Chromium: {0} ({1:N0} bytes)" -f $png, (Get-Item $png).Length)
    }
}

function Save-Screenshot {
    # A 1280 x 1600 screenshot of a page in headless Chromium (Debian's chromium package), with a fresh profile.
    param([string] $Page, [string] $PngPath)
    $profile = Join-Path ([IO.Path]::GetTempPath()) ('iaminsights-chromium-' + [guid]::NewGuid().ToString('N'))
    try {
        & chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking `
            --disable-component-update --disable-sync "--user-data-dir=$profile" "--screenshot=$PngPath" --window-size=1280,1600 `
            ([uri]::new($Page).AbsoluteUri) 2>$null | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "chromium failed to take a screenshot of $Page (exit code $LASTEXITCODE)." }
    }
    finally { Remove-Item $profile -Recurse -Force -ErrorAction SilentlyContinue }
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

function Measure-Seconds([scriptblock] $Block) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Block | Out-Null
    return $watch.Elapsed.TotalSeconds
}

function Invoke-Bench {
    Invoke-Build
    $bench = Join-Path $Out 'bench'
    $bin = Join-Path $bench 'bin'
    Invoke-Native dotnet @('build', (Join-Path $Root 'tests/Benchmarks/IamInsights.Benchmarks.csproj'), '-c', 'Release', '-o', $bin, '--nologo', '-v', 'quiet')
    $tool = Join-Path $bin 'IamInsights.Benchmarks.dll'
    $archive = Join-Path $bench "archive-$SizeMiB"
    if (-not (Test-Path $archive)) { Invoke-Native dotnet @($tool, 'generate', $archive, "$SizeMiB", '42') }
    $files = @(Get-ChildItem $archive -Recurse -Filter *.json.gz)
    $json = 0L
    Write-Host ("Archive: {0} files, {1:N1} MiB gzipped, at {2}" -f $files.Count, (($files | Measure-Object Length -Sum).Sum / 1MB), $archive)
    $list = Join-Path $bench 'files.txt'
    ($files.FullName -join "`n") | Set-Content $list -NoNewline

    $rows = [Collections.Generic.List[object]]::new()
    function Add-Row([string] $Tool, [double] $Seconds, [string] $Answer, [string] $Note = '') {
        $rows.Add([pscustomobject]@{ Tool = $Tool; Seconds = [math]::Round($Seconds, 3); Answer = $Answer; Note = $Note })
    }

    # Anchors, each after one warm-up run so the files are in the page cache.
    $zcat = 'xargs -a ''{0}'' -d ''\n'' zcat > /dev/null' -f $list
    & bash -c $zcat
    Add-Row 'zcat > /dev/null (one core)' (Measure-Seconds { & bash -c $zcat }) ''
    if (Get-Command jq -ErrorAction SilentlyContinue) {
        $jq = 'xargs -a ''{0}'' -d ''\n'' zcat | jq -c ''.Records[] | select(.eventSource == "iam.amazonaws.com" and .eventName == "CreateUser")'' | wc -l' -f $list
        $seconds = Measure-Seconds { $script:answer = (& bash -c $jq) }
        Add-Row 'zcat | jq select' $seconds "$($script:answer)".Trim()
    }
    else {
        Add-Row 'zcat | jq select' ([double]::NaN) '' 'jq is not installed'
    }
    $duck = & dotnet $tool duckdb $archive CreateUser
    if ($LASTEXITCODE -ne 0) { throw 'The DuckDB anchor failed.' }
    if ($duck -match 'duckdb: (\d+) rows in ([0-9.]+) s') { Add-Row 'DuckDB read_json + unnest + filter' ([double]$Matches[2]) $Matches[1] 'in-process, after a warm-up' }
    $duckSeconds = $rows[$rows.Count - 1].Seconds

    # The module, in-process after a warm-up, and as a whole process with its peak memory.
    $module = Join-Path $ModuleOut 'IamInsights.psd1'
    $inProcess = Join-Path $bench 'in-process.ps1'
    @"
Import-Module '$module'
`$null = Get-IamCreateUserEvent -Path '$archive'
`$count = 0
`$times = @(1..3 | ForEach-Object { (Measure-Command { `$script:count = @(Get-IamCreateUserEvent -Path '$archive').Count }).TotalSeconds } | Sort-Object)
"{0} {1}" -f `$times[1], `$count
"@ | Set-Content $inProcess
    $shell = Get-ChildShell
    $exe = $shell[0]; $prefix = @($shell | Select-Object -Skip 1)
    $measured = (& $exe @prefix -NoProfile -NonInteractive -File $inProcess | Select-Object -Last 1) -split ' '
    Add-Row 'Get-IamCreateUserEvent (in-process)' ([double]$measured[0]) $measured[1] 'Measure-Command, median of 3 after a warm-up'
    $moduleSeconds = [double]$measured[0]

    $whole = Join-Path $bench 'whole-process.ps1'
    @"
Import-Module '$module'
`$count = @(Get-IamCreateUserEvent -Path '$archive').Count
"{0} {1}" -f `$count, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@ | Set-Content $whole
    $output = $null
    $seconds = Measure-Seconds { $script:output = (& $exe @prefix -NoProfile -NonInteractive -File $whole | Select-Object -Last 1) }
    $parts = "$($script:output)" -split ' '
    Add-Row 'Get-IamCreateUserEvent (whole process)' $seconds $parts[0] ("peak working set {0:N0} MB" -f ([double]$parts[1] / 1MB))

    # Import time: a bare start against a start that imports the module, five of each.
    $bare = @(1..5 | ForEach-Object { Measure-Seconds { & $exe @prefix -NoProfile -NonInteractive -Command '1' } })
    $import = @(1..5 | ForEach-Object { Measure-Seconds { & $exe @prefix -NoProfile -NonInteractive -Command "Import-Module '$module'; 1" } })
    $importCost = (($import | Measure-Object -Average).Average - ($bare | Measure-Object -Average).Average)
    # The same for PSReadLine, a binary module that ships with PowerShell: what importing any binary module costs here.
    $reference = @(1..5 | ForEach-Object { Measure-Seconds { & $exe @prefix -NoProfile -NonInteractive -Command 'Import-Module PSReadLine; 1' } })
    $referenceCost = (($reference | Measure-Object -Average).Average - ($bare | Measure-Object -Average).Average)

    $rows | ForEach-Object {
        $ratio = if ($duckSeconds -gt 0 -and -not [double]::IsNaN($_.Seconds)) { '{0:N2}x' -f ($_.Seconds / $duckSeconds) } else { '' }
        $_ | Add-Member -NotePropertyName 'vs DuckDB' -NotePropertyValue $ratio -PassThru
    } | Format-Table Tool, Seconds, 'vs DuckDB', Answer, Note -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host ("Import-Module adds {0:N0} ms to a bare start (pwsh -NoProfile -c 1: {1:N0} ms; average of 5); Import-Module PSReadLine adds {2:N0} ms." -f ($importCost * 1000), (($bare | Measure-Object -Average).Average * 1000), ($referenceCost * 1000))
    Write-Host ("Module / DuckDB: {0:N2}" -f ($moduleSeconds / $duckSeconds))
    Write-Host ''
    Invoke-Native dotnet @($tool, 'goals', $archive, '3')
    Write-Host ''
    Write-Host "CloudTrail's S3 archive against the files once the bytes are there: the S3 source through AWSSDK.S3 from an in-memory S3 server and from a warm moto_server:"
    & dotnet $tool s3scan $archive 3
    if ($LASTEXITCODE -ne 0) { Write-Host "!!! s3scan exited with code $($LASTEXITCODE): the sources disagree, or the in-memory server met a request it does not answer (above)." }
    Write-Host ''
    Write-Host 'Logs Insights, against the fake server over HTTP:'
    Invoke-Native dotnet @($tool, 'insights', '50')
    Write-Host ''
    Write-Host 'CloudTrail Event History, against the fake server at the real rate:'
    Invoke-Native dotnet @($tool, 'eventhistory', '100')
    Write-Host ''
    Write-Host "CloudTrail's S3 archive, the same archive served by moto_server:"
    Invoke-S3Bench -Archive $archive -Module $module -Bench $bench
    Write-Host 'Export-IamInsightsReport, 10,000 records, and headless Chromium loading the report:'
    $code = Invoke-ChildShell (Join-Path $Root 'tests/Benchmarks/Measure-Report.ps1') @('-ModulePath', $module, '-OutputFolder', (Join-Path $bench 'report'))
    if ($code -ne 0) { throw "Measuring the report failed with exit code $code." }
    Write-Host 'Micro-benchmarks: dotnet out/bench/bin/IamInsights.Benchmarks.dll micro --filter *'
}

function Invoke-S3Bench {
    # The archive uploaded to moto_server's S3, then read two ways, each as a whole pwsh process: the module reading
    # the bucket in place (-S3Uri), and the route it replaces, aws s3 sync to disk and then -Path. Then a one-hour
    # window, to show how many objects the walk reads against how many hold events of the window.
    param([string] $Archive, [string] $Module, [string] $Bench)
    Import-Module (Join-Path $Root 'tests/Pester/TestHelpers.psm1') -Force
    $moto = Start-MotoServer -LogFolder $Bench
    if (-not $moto) { Write-Host 'Skipped: moto_server or the aws CLI is not on PATH.'; return }
    $variables = 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'
    $saved = @{}
    foreach ($name in $variables) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    $env:AWS_ACCESS_KEY_ID = 'AKIABENCH'; $env:AWS_SECRET_ACCESS_KEY = 'bench-secret'; $env:AWS_DEFAULT_REGION = 'us-east-1'
    $env:AWS_CONFIG_FILE = '/dev/null'; $env:AWS_SHARED_CREDENTIALS_FILE = '/dev/null'
    try {
        $endpoint = $moto.Endpoint
        & aws --endpoint-url $endpoint s3api create-bucket --bucket bench-archive | Out-Null
        & aws --endpoint-url $endpoint s3 cp --recursive --quiet $Archive s3://bench-archive/
        if ($LASTEXITCODE -ne 0) { throw 'Uploading the archive to moto_server failed.' }

        $delivered = @(Get-ChildItem $Archive -Recurse -Filter *.json.gz | ForEach-Object {
                [datetime]::ParseExact(($_.Name -split '_')[3], "yyyyMMdd'T'HHmm'Z'", [Globalization.CultureInfo]::InvariantCulture,
                    [Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal') })
        $first = ($delivered | Measure-Object -Minimum).Minimum
        $last = ($delivered | Measure-Object -Maximum).Maximum
        $shell = Get-ChildShell
        $exe = $shell[0]; $prefix = @($shell | Select-Object -Skip 1)

        function Invoke-Timed([string] $Name, [string] $Command) {
            # Runs a command in a fresh pwsh that prints '<count> <peak working set> <verbose summary>'.
            $script = Join-Path $Bench "$Name.ps1"
            @"
Import-Module '$Module'
`$output = $Command -Verbose 4>&1
`$records = @(`$output | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] })
`$summary = @(`$output | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -match '^(Listed|Read) \d+' }).Message -join ' '
"{0}|{1}|{2}" -f `$records.Count, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64, `$summary
"@ | Set-Content $script
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $line = & $exe @prefix -NoProfile -NonInteractive -File $script | Select-Object -Last 1
            $watch.Stop()
            $parts = "$line" -split '\|', 3
            [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Count = $parts[0]; PeakMB = [double]$parts[1] / 1MB; Summary = $parts[2] }
        }

        $window = "-Since ([datetime]'{0:o}') -Until ([datetime]'{1:o}')" -f $first.AddHours(-1), $last.AddHours(1)
        $remote = "-S3Uri s3://bench-archive -EndpointUrl $endpoint -AccessKey AKIABENCH -SecretKey bench-secret -Region us-east-1"
        $inPlace = Invoke-Timed 's3-in-place' "Get-IamCreateUserEvent $remote $window"

        $copy = Join-Path $Bench 's3-sync'
        if (Test-Path $copy) { Remove-Item $copy -Recurse -Force }
        $syncSeconds = Measure-Seconds { & aws --endpoint-url $endpoint s3 sync --quiet s3://bench-archive/AWSLogs (Join-Path $copy 'AWSLogs') }
        $local = Invoke-Timed 's3-sync-scan' "Get-IamCreateUserEvent -Path '$copy' $window"

        $since = $first.AddHours(3)
        $until = $since.AddHours(1)
        $holding = @($delivered | Where-Object { $_ -ge $since -and $_ -le $until.AddMinutes(5) }).Count
        $narrow = Invoke-Timed 's3-one-hour' ("Get-IamCreateUserEvent $remote -Since ([datetime]'{0:o}') -Until ([datetime]'{1:o}')" -f $since, $until)

        $route = $syncSeconds + $local.Seconds
        @(
            [pscustomobject]@{ Route = 'module, -S3Uri (whole process)'; Seconds = [math]::Round($inPlace.Seconds, 2); Answer = $inPlace.Count; 'Peak MB' = [math]::Round($inPlace.PeakMB) }
            [pscustomobject]@{ Route = 'aws s3 sync to disk'; Seconds = [math]::Round($syncSeconds, 2); Answer = ''; 'Peak MB' = '' }
            [pscustomobject]@{ Route = '  then -Path (whole process)'; Seconds = [math]::Round($local.Seconds, 2); Answer = $local.Count; 'Peak MB' = [math]::Round($local.PeakMB) }
            [pscustomobject]@{ Route = 'aws s3 sync + -Path'; Seconds = [math]::Round($route, 2); Answer = $local.Count; 'Peak MB' = '' }
            [pscustomobject]@{ Route = 'module, -S3Uri, one hour'; Seconds = [math]::Round($narrow.Seconds, 2); Answer = $narrow.Count; 'Peak MB' = [math]::Round($narrow.PeakMB) }
        ) | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
        Write-Host ("Module in place / (aws s3 sync + local scan): {0:N2} (goal: at most 0.5)" -f ($inPlace.Seconds / $route))
        Write-Host ("Whole archive: {0} objects; {1}" -f $delivered.Count, $inPlace.Summary)
        Write-Host ("One hour ({0:HH:mm}-{1:HH:mm}Z): {2} objects hold events of the window; {3}" -f $since, $until, $holding, $narrow.Summary)
    }
    finally {
        Stop-MotoServer $moto
        foreach ($name in $variables) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
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
    'Package' { Invoke-Package }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Fuzz' { Invoke-Fuzz }
    'Clean' { Invoke-Clean }
}
