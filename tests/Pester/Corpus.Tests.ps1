BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
}

Describe 'The shared corpus of real CloudTrail records' {
    BeforeAll {
        $Corpus = Get-CorpusPath
        $Stratus = if ($Corpus) { Join-Path $Corpus 'stratus-red-team' }
    }

    It 'is read by every cmdlet without an error' {
        if (-not $Corpus) { Set-ItResult -Skipped -Because 'IAMINSIGHTS_CORPUS is not set'; return }
        foreach ($command in (Get-Command -Module IamInsights -Name Get-Iam* | Where-Object { $_.Parameters.ContainsKey('Path') }).Name) {
            $null = & $command -Path $Corpus -ErrorVariable problems -ErrorAction SilentlyContinue
            # One Panther test record has "eventTime": "redacted"; a query that parses it reports it and reads on.
            $problems | Where-Object { $_.FullyQualifiedErrorId -notlike 'CloudTrailEventTimeInvalid,*' } | Should -BeNullOrEmpty -Because "$command reads the corpus"
            $problems | ForEach-Object { $_.Exception.Message | Should -Match "rule_tests_iam_sts_signin\.jsonl.*'redacted'" }
        }
        @(Get-IamEvent -Path $Corpus).Count | Should -BeGreaterThan 100
    }

    It 'surfaces each Stratus Red Team IAM technique with its flags' -ForEach @(
        @{ File = 'aws.persistence.iam-backdoor-user.json'; Event = 'CreateAccessKey'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.persistence.iam-create-admin-user.json'; Event = 'AttachUserPolicy'; Flag = 'AdminGrant' }
        @{ File = 'aws.persistence.iam-create-admin-user.json'; Event = 'CreateAccessKey'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.persistence.iam-create-backdoor-role.json'; Event = 'AttachRolePolicy'; Flag = 'AdminGrant' }
        @{ File = 'aws.persistence.iam-create-backdoor-role.json'; Event = 'CreateRole'; Flag = 'CrossAccount' }
        @{ File = 'aws.persistence.iam-backdoor-role.json'; Event = 'UpdateAssumeRolePolicy'; Flag = 'CrossAccount' }
        @{ File = 'aws.persistence.iam-create-user-login-profile.json'; Event = 'CreateLoginProfile'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.privilege-escalation.iam-update-user-login-profile.json'; Event = 'UpdateLoginProfile'; Flag = 'OtherPrincipal' }
        @{ File = 'aws.initial-access.console-login-without-mfa.json'; Event = 'ConsoleLogin'; Flag = 'NoMfa' }
        @{ File = 'aws.persistence.sts-federation-token.json'; Event = 'GetFederationToken'; Flag = $null }
    ) {
        if (-not $Corpus) { Set-ItResult -Skipped -Because 'IAMINSIGHTS_CORPUS is not set'; return }
        $path = Join-Path $Stratus $File
        Test-Path $path | Should -BeTrue -Because "the corpus holds $File"
        $records = @(Get-IamEvent -Path $path -EventName $Event)
        $records.Count | Should -BeGreaterThan 0
        if ($Flag) { $records | Where-Object { $_.Risk -band [IamInsights.Records.IamRisk]$Flag } | Should -Not -BeNullOrEmpty }
    }
}
