BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $CatalogCommands = @((Get-CatalogExpectation).Keys | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:IAMINSIGHTS_MODULE -Force
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
    if (Get-Variable PSStyle -ErrorAction SilentlyContinue) { $PSStyle.OutputRendering = 'PlainText' }

    function Get-TableLine([object[]] $Records) {
        @(($Records | Format-Table | Out-String -Width 250) -split '\r?\n' | Where-Object { $_.Trim() })
    }

    function Get-Cell([string] $Header, [string] $Line, [string] $Column, [string] $Next) {
        $start = $Header.IndexOf($Column)
        $Line.Substring($start, $Header.IndexOf($Next) - $start).Trim()
    }
}

Describe 'The format views written at build' {
    It 'gives <Command> the columns <Columns>' -ForEach @(
        @{ Command = 'Get-IamCreateUserEvent'; Columns = 'EventTime RequestUser CreatedUser CreateDate Risk' }
        @{ Command = 'Get-IamConsoleLoginEvent'; Columns = 'EventTime RequestUser Result MfaUsed SourceIPAddress Risk' }
        @{ Command = 'Get-IamUserPolicyChange'; Columns = 'EventTime RequestUser Change User EventName Policy Risk' }
        @{ Command = 'Get-IamRootActivity'; Columns = 'EventTime RequestUser EventSource EventName Target Risk' }
        @{ Command = 'Get-IamAccessKeyEvent'; Columns = 'EventTime RequestUser Change EventName User AccessKeyId Status Risk' }
    ) {
        $lines = Get-TableLine @(& $Command -Path $Sample)
        ($lines[0] -split '\s+' | Where-Object { $_ }) -join ' ' | Should -BeExactly $Columns
    }

    It 'shows the first given of PolicyName, PolicyArn and PermissionsBoundary as the Policy of a user policy change' {
        $lines = Get-TableLine @(Get-IamUserPolicyChange -Path $Sample)
        $policies = $lines | Select-Object -Skip 2 | ForEach-Object { Get-Cell $lines[0] $_ 'Policy' 'Risk' }
        # The six user policy changes of the sample, in file order, as their requestParameters name the policy.
        $policies | Should -Be @('s3-full', 'arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::111122223333:policy/DeveloperBoundary',
            'arn:aws:iam::aws:policy/AdministratorAccess', '', 's3-full')
    }

    It 'shows the catalog as a table and as a list' {
        $table = Get-TableLine @(Get-IamInsightsQuery Get-IamCreateUserEvent)
        ($table[0] -split '\s+' | Where-Object { $_ }) -join ' ' | Should -BeExactly 'Command EventSource EventNames'
        $list = @((Get-IamInsightsQuery Get-IamCreateUserEvent | Format-List | Out-String -Width 250) -split '\r?\n' | Where-Object { $_ -match '^\S' })
        ($list | ForEach-Object { ($_ -split '\s*:')[0] }) -join ' ' | Should -BeExactly 'Command Synopsis EventSource EventNames RecordType Query'
    }
}

Describe 'The manifest written at build' {
    It 'lists every cmdlet in CmdletsToExport' {
        $manifest = Import-PowerShellDataFile $env:IAMINSIGHTS_MODULE
        $expected = @($Catalog.Keys) + 'Get-IamInsightsQuery', 'Invoke-IamInsightsQuery', 'Get-IamInsightsOption', 'Set-IamInsightsOption',
            'New-IamInsightsAthenaTable', 'Export-IamInsightsReport' | Sort-Object
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be $expected
    }
}

Describe 'The help of a catalog cmdlet' {
    It 'lists the own properties of Get-IamPolicyChange with the CloudTrail field each is read from' {
        $text = (Get-Help Get-IamPolicyChange -Full).Description.Text -join "`n"
        $text | Should -Match '(?m)^PolicyArn\s+\[String\]\s+requestParameters\.policyArn, else responseElements\.policy\.arn$'
        $text | Should -Match '(?m)^PolicyDocument\s+\[String\]\s+requestParameters\.policyDocument \(URL-decoded\)$'
        $text | Should -Match '(?m)^SetAsDefault\s+\[Boolean\]\s+requestParameters\.setAsDefault$'
        $text | Should -Match '(?m)^Change\s+\[ChangeKind\]\s+computed: '
    }

    It 'lists every own property of its record type: <_>' -ForEach $CatalogCommands {
        $type = (Get-Command $_).OutputType[0].Type
        $own = $type.GetProperties([Reflection.BindingFlags]'Public, Instance, DeclaredOnly').Name
        $own | Should -Not -BeNullOrEmpty
        $text = (Get-Help $_ -Full).Description.Text -join "`n"
        foreach ($name in $own) { $text | Should -Match "(?m)^$name\s+\[" }
    }

    It 'is complete for a catalog cmdlet that has no entry in the help data file' {
        $source = Join-Path $PSScriptRoot '../../src/IamInsights/Help/IamInsights.Help.psd1'
        $trimmed = Join-Path $TestDrive 'Help.psd1'
        $text = (Get-Content $source -Raw) -replace "(?ms)^\s*'Get-IamCreateUserEvent'\s*=\s*@\{.*?^        \}\r?\n", ''
        Set-Content -Path $trimmed -Value $text
        (Import-PowerShellDataFile $trimmed).Commands.ContainsKey('Get-IamCreateUserEvent') | Should -BeFalse

        $maml = Join-Path $TestDrive 'help.xml'
        $shell, $prefix = Get-ChildPwsh
        & $shell @prefix -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../../src/IamInsights/Help/New-MamlHelp.ps1') `
            -ModulePath $env:IAMINSIGHTS_MODULE -HelpSource $trimmed -OutputPath $maml | Out-Null
        $LASTEXITCODE | Should -Be 0

        $command = ([xml](Get-Content $maml -Raw)).helpItems.command | Where-Object { $_.details.name -eq 'Get-IamCreateUserEvent' }
        $command.details.description.para | Should -Be 'Finds IAM users being created.'
        $description = @($command.description.para) -join "`n"
        $description | Should -Match '(?m)^CreatedUser\s+\[String\]\s+requestParameters\.userName$'
        $description | Should -Match '(?m)^CreateDate\s+\[DateTime\]\s+responseElements\.user\.createDate$'
        $description | Should -Match 'AdminGrant'
        $description | Should -Match 'The Logs Insights query it runs'
        @($command.examples.example).Count | Should -BeGreaterOrEqual 2
    }
}
