BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
}

Describe 'The module as a package' {
    BeforeAll {
        # A home of its own for the PowerShell that publishes and installs: the repository it registers and the
        # CurrentUser module folder it installs into are both under it, so nothing outside TestDrive changes.
        $Home_ = Join-Path $TestDrive 'home'
        $Repository = Join-Path $TestDrive 'repository'
        # .NET gives no application data folder when it does not exist, and PSResourceGet then writes into the current
        # directory: make them first.
        New-Item -ItemType Directory (Join-Path $Home_ '.local/share'), (Join-Path $Home_ '.config'), $Repository -Force | Out-Null
        $ModuleFolder = Split-Path $env:IAMINSIGHTS_MODULE -Parent
        $Manifest = Import-PowerShellDataFile $env:IAMINSIGHTS_MODULE

        function Invoke-IsolatedChild([string] $Script, [string[]] $ArgumentList) {
            $saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; XDG_CACHE_HOME = $env:XDG_CACHE_HOME }
            try {
                $env:HOME = $Home_
                $env:XDG_DATA_HOME = Join-Path $Home_ '.local/share'
                $env:XDG_CONFIG_HOME = Join-Path $Home_ '.config'
                $env:XDG_CACHE_HOME = Join-Path $Home_ '.cache'
                $shell, $prefix = Get-ChildPwsh
                $output = & $shell @prefix -NoProfile -NonInteractive -File $Script @ArgumentList 2>&1
                return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" }) }
            }
            finally {
                foreach ($name in $saved.Keys) { Set-Item "env:$name" $saved[$name] }
            }
        }

        $install = Join-Path $TestDrive 'Install.ps1'
        @'
param([string] $Repository, [string] $ModuleFolder)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name IamInsightsTest -Uri $Repository -Trusted
try {
    Publish-PSResource -Path $ModuleFolder -Repository IamInsightsTest
    Install-PSResource IamInsights -Repository IamInsightsTest -Scope CurrentUser
}
finally {
    Unregister-PSResourceRepository -Name IamInsightsTest
}
"repositories: " + (@(Get-PSResourceRepository | Where-Object Name -eq IamInsightsTest).Count)
"installed: " + (Get-InstalledPSResource IamInsights -Scope CurrentUser).InstalledLocation
'@ | Set-Content $install
        $Installed = Invoke-IsolatedChild $install @($Repository, $ModuleFolder)
    }

    It 'publishes to a local folder repository and installs from it with Install-PSResource' {
        $Installed.ExitCode | Should -Be 0 -Because ($Installed.Output -join "`n")
        $Installed.Output | Should -Contain 'repositories: 0'
        $location = ($Installed.Output | Where-Object { $_ -like 'installed: *' }) -replace '^installed: ', ''
        $location | Should -BeLike "$Home_*"
        Join-Path $location "IamInsights/$($Manifest.ModuleVersion)/IamInsights.psd1" | Should -Exist
    }

    It 'carries the manifest''s version, release notes and tags in the package' {
        $nupkg = @(Get-ChildItem $Repository -Filter '*.nupkg')
        $nupkg.Name | Should -Be @("IamInsights.$($Manifest.ModuleVersion).nupkg")
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($nupkg[0].FullName)
        try {
            $reader = New-Object IO.StreamReader ($zip.GetEntry('IamInsights.nuspec').Open())
            $nuspec = ([xml]$reader.ReadToEnd()).package.metadata
            $reader.Dispose()
            $entries = @($zip.Entries.FullName)
        }
        finally { $zip.Dispose() }
        $nuspec.version | Should -Be $Manifest.ModuleVersion
        $nuspec.releaseNotes | Should -Be $Manifest.PrivateData.PSData.ReleaseNotes
        $tags = $nuspec.tags -split ' '
        foreach ($tag in $Manifest.PrivateData.PSData.Tags) { $tags | Should -Contain $tag }
        $shipped = @(Get-ChildItem $ModuleFolder -Recurse -File | ForEach-Object { $_.FullName.Substring($ModuleFolder.Length + 1).Replace('\', '/') })
        foreach ($file in $shipped) { $entries | Should -Contain $file }
    }

    It 'imports by name from the installed folder in a new PowerShell and reads the sample' {
        $modules = Join-Path $Home_ '.local/share/powershell/Modules'
        $run = Join-Path $TestDrive 'Run.ps1'
        @'
param([string] $Sample)
$ErrorActionPreference = 'Stop'
Import-Module IamInsights
"base: " + (Get-Module IamInsights).ModuleBase
"count: " + @(Get-IamCreateUserEvent -Path $Sample).Count
'@ | Set-Content $run
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = $modules
            $result = Invoke-IsolatedChild $run @($Sample)
        }
        finally { $env:PSModulePath = $saved }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain "base: $(Join-Path $modules "IamInsights/$($Manifest.ModuleVersion)")"
        $result.Output | Should -Contain "count: $($Catalog['Get-IamCreateUserEvent'].Count)"
    }
}
