BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
}

Describe 'Record values' {
    It 'reads a CreateUser by an SSO session' {
        $record = Get-IamCreateUserEvent -Path $Sample | Where-Object { -not $_.ErrorCode }
        $record.CreatedUser | Should -Be 'deploy-bot'
        $record.CreateDate | Should -Be ([datetime]::new(2026, 11, 20, 8, 10, 11, [DateTimeKind]::Utc))
        $record.RequestUser | Should -Be 'bob@example.com'
        $record.UserIdentityType | Should -Be 'AssumedRole'
        $record.MfaAuthenticated | Should -BeFalse
    }

    It 'keeps failed calls with their error' {
        $failed = Get-IamCreateUserEvent -Path $Sample | Where-Object ErrorCode
        $failed.ErrorCode | Should -Be 'EntityAlreadyExists'
        $failed.CreateDate | Should -BeNullOrEmpty
        $failed.RequestUser | Should -Be 'alice'
        $failed.MfaAuthenticated | Should -BeTrue
    }

    It 'names root as root' {
        (Get-IamDeleteUserPermissionsBoundaryEvent -Path $Sample).RequestUser | Should -Be 'root'
    }

    It 'decodes a URL-encoded inline policy' {
        $policy = (Get-IamPutUserPolicyEvent -Path $Sample).PolicyDocument | ConvertFrom-Json
        $policy.Statement[0].Action | Should -Be 's3:*'
    }

    It 'tells added from removed policy changes' {
        $changes = Get-IamUserPolicyChange -Path $Sample
        ($changes | Where-Object Change -eq 'Added').EventName | Should -Be @('PutUserPolicy', 'AttachUserPolicy', 'PutUserPermissionsBoundary')
        ($changes | Where-Object Change -eq 'Removed').EventName | Should -Be @('DetachUserPolicy', 'DeleteUserPermissionsBoundary', 'DeleteUserPolicy')
    }

    It 'reads switch role results' {
        $switches = Get-IamSwitchRoleEvent -Path $Sample
        $switches.Result | Should -Be @('Success', 'Failure')
        $switches[0].SwitchTo | Should -Be 'arn:aws:iam::111122223333:role/OpsAdmin'
        $switches[0].SwitchFrom | Should -Be 'arn:aws:iam::111122223333:user/alice'
    }
}

Describe 'Risk flags and filters' {
    It 'keeps the records with any of the -Risk flags' {
        $records = Get-IamEvent -Path $Sample -Risk AdminGrant
        $records.EventName | Should -Be @('AttachUserPolicy', 'AttachRolePolicy', 'CreatePolicyVersion')
        (Get-IamEvent -Path $Sample -Risk CrossAccount, NoMfa).EventName | Should -Be @('ConsoleLogin', 'ConsoleLogin', 'CreateRole', 'AssumeRole')
        (Get-IamAccessKeyEvent -Path $Sample -Risk OtherPrincipal).User | Should -Be 'deploy-bot'
        @(Get-IamRootActivity -Path $Sample | Where-Object { -not ($_.Risk -band [IamInsights.Records.IamRisk]::Root) }).Count | Should -Be 0
    }

    It 'flags failed sign-ins, which have no error code' {
        $failed = Get-IamConsoleLoginEvent -Path $Sample -Risk Failed
        $failed.RequestUser | Should -Be 'carol'
        $failed.ErrorCode | Should -BeNullOrEmpty
        $failed.ErrorMessage | Should -Be 'Failed authentication'
        @(Get-IamConsoleLoginEvent -Path $Sample -ExcludeFailed).Count | Should -Be 3
    }

    It 'filters by target user and caller, case-insensitively and with wildcards, in the query' {
        (Get-IamEvent -Path $Sample -UserName 'CAROL').EventName | Should -Be @('UpdateLoginProfile', 'DeactivateMFADevice')
        @(Get-IamUserPolicyChange -Path $Sample -UserName 'deploy-*').Count | Should -Be 6
        (Get-IamEvent -Path $Sample -RequestUser 'bob@*' -UserName carol).EventName | Should -Be @('UpdateLoginProfile', 'DeactivateMFADevice')
        (Get-IamEvent -Path $Sample -RequestUser root).EventName | Should -Be @('AttachUserPolicy', 'DeleteUserPermissionsBoundary', 'CreatePolicyVersion')
        @(Get-IamEvent -Path $Sample -SourceIPAddress '198.51.100.*' -AccountId 111122223333).Count | Should -Be 12
        $verbose = Get-IamEvent -Path $Sample -UserName "o'brien `"x`" /|\" -Verbose 4>&1 | ForEach-Object Message
        ($verbose -join "`n") | Should -Match ([regex]::Escape('| filter requestParameters.userName =~ /(?i)^o''brien\ "x"\ \/\|\\\z/'))
    }

    It 'narrows Get-IamEvent by event name and widens it to read-only calls' {
        (Get-IamEvent -Path $Sample -EventName CreateAccessKey, ConsoleLogin).Count | Should -Be 6
        $all = Get-IamEvent -Path $Sample -IncludeReadOnly
        $all.Count | Should -Be 32
        $all.EventName | Should -Contain 'GetUser'
        (Get-IamEvent -Path $Sample -EventName GetUser -IncludeReadOnly).RequestUser | Should -Be 'alice'
    }

    It 'completes -EventName from the catalog' {
        $line = 'Get-IamEvent -EventName CreateAcc'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Be @('CreateAccessKey')
    }
}

Describe 'Export-Csv' {
    It 'writes one column per property' {
        $csv = Join-Path $TestDrive 'changes.csv'
        Get-IamUserPolicyChange -Path $Sample -Since '2026-11-01' | Export-Csv $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows.Count | Should -Be 6
        $columns = $rows[0].PSObject.Properties.Name
        foreach ($c in 'User', 'PolicyName', 'PolicyArn', 'PolicyDocument', 'PermissionsBoundary', 'Change', 'EventTime', 'EventName',
            'EventSource', 'AwsRegion', 'AccountId', 'EventId', 'SourceIPAddress', 'UserAgent', 'RequestUser', 'RequestUserArn',
            'UserIdentityType', 'MfaAuthenticated', 'ErrorCode', 'ErrorMessage', 'RequestAccountId', 'LogGroup', 'Risk') {
            $columns | Should -Contain $c
        }
        $rows[1].PolicyArn | Should -Be 'arn:aws:iam::aws:policy/AdministratorAccess'
        $rows[1].Change | Should -Be 'Added'
        $rows.LogGroup | Where-Object { $_ } | Should -BeNullOrEmpty
    }
}
