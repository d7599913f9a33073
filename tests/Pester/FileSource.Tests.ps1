BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation
}

Describe 'Time window' {
    It 'keeps events between -Since and -Until, inclusive, compared in UTC' {
        $since = [datetime]::new(2026, 11, 20, 9, 31, 17, [DateTimeKind]::Utc)
        $until = [datetime]::new(2026, 11, 21, 8, 3, 44, [DateTimeKind]::Utc)
        $changes = Get-IamUserPolicyChange -Path $Sample -Since $since -Until $until
        $changes.EventName | Should -Be @('AttachUserPolicy', 'PutUserPermissionsBoundary', 'DetachUserPolicy', 'DeleteUserPermissionsBoundary')
    }

    It 'takes a time of unspecified kind as local time' {
        $script = "Import-Module '$env:IAMINSIGHTS_MODULE'; (Get-IamUserPolicyChange -Path '$Sample' -Since ([datetime]'2026-11-21T17:00:00')).EventName -join ','"
        $shell, $prefix = Get-ChildPwsh
        $saved = $env:TZ
        try {
            $env:TZ = 'Asia/Tokyo'
            $output = & $shell @prefix -NoProfile -NonInteractive -Command $script
        }
        finally { $env:TZ = $saved }
        # 17:00 in Tokyo is 08:00 UTC: the two changes after 08:00Z on the 21st.
        $output | Should -Be 'DeleteUserPermissionsBoundary,DeleteUserPolicy'
    }

    It 'refuses -Since later than -Until with one terminating error' {
        { Get-IamCreateUserEvent -Path $Sample -Since '2026-11-22' -Until '2026-11-20' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTimeWindow,IamInsights.Commands.GetIamCreateUserEventCommand'
    }
}

Describe 'Input' {
    It 'takes files piped from Get-ChildItem' {
        $records = @(Get-ChildItem $Sample -Recurse -File | Get-IamCreateUserEvent)
        $records.Count | Should -Be 2
    }

    It 'takes wildcards in -Path' {
        $records = @(Get-IamUserPolicyChange -Path (Join-Path $Sample '111122223333/CloudTrail/us-east-1/2026/11/2*'))
        $records.Count | Should -Be 6
        @(Get-IamUserPolicyChange -Path (Join-Path $Sample '111122223333/CloudTrail/us-east-1/2026/11/21/*.json')).Count | Should -Be 2
    }

    It 'reports a path that does not exist' {
        $records = Get-IamCreateUserEvent -Path (Join-Path $TestDrive 'nope') -ErrorVariable problems -ErrorAction SilentlyContinue
        $records | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CloudTrailPathNotFound,*'
    }
}

Describe 'Bad files' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'mixed'
        New-Item -ItemType Directory $folder | Out-Null
        $good = Get-ChildItem $Sample -Recurse -Filter *.json | Select-Object -First 1
        Copy-Item $good.FullName (Join-Path $folder '1-good.json')
        $gz = Get-ChildItem $Sample -Recurse -Filter *.gz | Select-Object -First 1
        $bytes = [IO.File]::ReadAllBytes($gz.FullName)
        [IO.File]::WriteAllBytes((Join-Path $folder '2-truncated.json.gz'), $bytes[0..([int]($bytes.Length / 2))])
        Set-Content (Join-Path $folder '3-notjson.json') 'this is not json'
        Set-Content (Join-Path $folder '4-shape.json') '{"hello": "world"}'
        $line = (Get-Content $good.FullName -Raw | ConvertFrom-Json).Records |
            Where-Object eventName -eq 'DeleteUser' | Select-Object -First 1 | ConvertTo-Json -Depth 20 -Compress
        Set-Content (Join-Path $folder '5-lines.jsonl') @($line, '{broken', $line)
    }

    It 'gives one non-terminating error per bad file, naming it, and reads everything else' {
        $output = Get-IamDeleteUserEvent -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        # 2 DeleteUser events in 1-good.json and 2 good lines of 5-lines.jsonl
        @($output).Count | Should -Be 4
        $problems.Count | Should -Be 4
        $byFile = @{}
        foreach ($p in $problems) { $byFile[(Split-Path $p.TargetObject -Leaf)] = $p }
        $byFile.Keys | Sort-Object | Should -Be @('2-truncated.json.gz', '3-notjson.json', '4-shape.json', '5-lines.jsonl')
        $byFile['3-notjson.json'].FullyQualifiedErrorId | Should -BeLike 'CloudTrailFileInvalidJson,*'
        $byFile['4-shape.json'].FullyQualifiedErrorId | Should -BeLike 'CloudTrailFileNotCloudTrail,*'
        $byFile['4-shape.json'].CategoryInfo.Category | Should -Be 'InvalidData'
        $byFile['5-lines.jsonl'].Exception.Message | Should -Match 'line 2'
        foreach ($p in $problems) { $p.Exception.Message | Should -BeLike "*$($p.TargetObject)*" }
    }

    It 'writes nothing but records and errors' {
        $all = Get-IamDeleteUserEvent -Path $folder -ErrorAction Continue *>&1
        @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 4
        $all | ForEach-Object {
            ($_ -is [IamInsights.Records.DeleteUserEvent] -or $_ -is [System.Management.Automation.ErrorRecord]) | Should -BeTrue
        }
    }
}

Describe 'Verbose' {
    It 'tells the files, the window and the count' {
        $verbose = Get-IamCreateUserEvent -Path $Sample -Since '2026-11-01' -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'Reading 4 files'
        ($verbose -join "`n") | Should -Match '2 events found'
        ($verbose -join "`n") | Should -Match 'filter eventSource = "iam.amazonaws.com"'
    }
}
