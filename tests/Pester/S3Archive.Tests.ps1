BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $CatalogCommands = @((Get-CatalogExpectation).Keys | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Sample = Get-SamplePath
    $Catalog = Get-CatalogExpectation

    function New-GzipFile([string] $Path, [string] $Text) {
        New-Item -ItemType Directory -Path (Split-Path $Path) -Force | Out-Null
        $file = [System.IO.File]::Create($Path)
        try {
            $gzip = [System.IO.Compression.GZipStream]::new($file, [System.IO.Compression.CompressionMode]::Compress)
            $bytes = [System.Text.Encoding]::UTF8.GetBytes($Text)
            $gzip.Write($bytes, 0, $bytes.Length)
            $gzip.Dispose()
        }
        finally { $file.Dispose() }
    }

    function Invoke-Aws {
        # The AWS CLI with the emulator's keys only: nothing from profiles or files that other tests may have set.
        $names = 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_PROFILE',
            'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'
        $saved = @{}
        foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, [NullString]::Value) }
        $env:AWS_ACCESS_KEY_ID = 'AKIAMOTOPESTER'; $env:AWS_SECRET_ACCESS_KEY = 'pester-secret-value'; $env:AWS_DEFAULT_REGION = 'us-east-1'
        try {
            $output = aws --endpoint-url $script:Moto.Endpoint @args 2>&1
            if ($LASTEXITCODE -ne 0) {
                $set = ($saved.Keys | Where-Object { $null -ne $saved[$_] } | ForEach-Object { "$_=[$($saved[$_])]" }) -join ' '
                throw "aws $args failed with exit code $LASTEXITCODE`: $($output -join ' ') (AWS variables before the call: $set)"
            }
        }
        finally {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $(if ($null -eq $saved[$name]) { [NullString]::Value } else { $saved[$name] })) }
        }
    }

    # One line per record, every property, sorted: two runs give the same records when their lines are equal.
    function ConvertTo-RecordLine($Records) {
        @($Records | ForEach-Object { $_ | ConvertTo-Json -Depth 6 -Compress } | Sort-Object)
    }
}

Describe "CloudTrail's S3 archive read in place from moto_server" {
    BeforeAll {
        $script:Moto = Start-MotoServer -LogFolder $TestDrive
        if (-not $script:Moto) { return }
        # The sample archive under a trail prefix; beside it an organization trail that delivered one of its files
        # again (the same events, so the same eventIDs) and a digest, which is not a log.
        $archive = Join-Path $TestDrive 'archive'
        Copy-Item $Sample (Join-Path $archive 'trail/AWSLogs') -Recurse
        $again = Get-ChildItem $Sample -Recurse -Filter '*.json.gz' | Sort-Object FullName | Select-Object -First 1
        $day = Split-Path $again.DirectoryName -Leaf
        $orgFolder = Join-Path $archive "trail/AWSLogs/o-pester1234/111122223333/CloudTrail/us-east-1/2026/11/$day"
        New-Item -ItemType Directory -Path $orgFolder -Force | Out-Null
        Copy-Item $again.FullName $orgFolder
        New-GzipFile (Join-Path $archive 'trail/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/20/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261120T2300Z.json.gz') '{"logFiles":[]}'
        Invoke-Aws s3api create-bucket --bucket pester-archive
        Invoke-Aws s3 cp --recursive --quiet $archive s3://pester-archive/
        $script:S3 = @{ S3Uri = 's3://pester-archive/trail'; EndpointUrl = $script:Moto.Endpoint; AccessKey = 'AKIAMOTOPESTER'; SecretKey = 'pester-secret-value'; Region = 'us-east-1' }
        $script:Keys = @{ EndpointUrl = $script:Moto.Endpoint; AccessKey = 'AKIAMOTOPESTER'; SecretKey = 'pester-secret-value'; Region = 'us-east-1' }
        $script:Window = @{ Since = [datetime]'2026-11-19T00:00:00Z'; Until = [datetime]'2026-11-23T00:00:00Z' }
    }

    AfterAll {
        Stop-MotoServer $script:Moto
        Set-IamInsightsOption -MaxConcurrentDownloads $null
    }

    It '<_> gives the records the same files give read locally, each event once' -ForEach $CatalogCommands {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $fromBucket = @(& $_ @S3 @Window -ErrorAction Stop)
        $fromFiles = @(& $_ -Path $Sample @Window -ErrorAction Stop)
        $fromBucket.Count | Should -Be $Catalog[$_].Count
        $fromBucket[0].GetType().FullName | Should -Be $Catalog[$_].Type
        ConvertTo-RecordLine $fromBucket | Should -Be (ConvertTo-RecordLine $fromFiles)
    }

    It 'reads the same archive with -BucketName and -KeyPrefix, and with -Trail through DescribeTrails' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        Invoke-Aws cloudtrail create-trail --name pester-trail --s3-bucket-name pester-archive --s3-key-prefix trail
        $expected = ConvertTo-RecordLine (Get-IamEvent -Path $Sample @Window)
        ConvertTo-RecordLine (Get-IamEvent -BucketName pester-archive -KeyPrefix trail @Keys @Window -ErrorAction Stop) | Should -Be $expected
        $output = Get-IamEvent -Trail pester-trail @Keys @Window -ErrorAction Stop -Verbose 4>&1
        ConvertTo-RecordLine ($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -Be $expected
        (($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") |
            Should -Match "The trail 'pester-trail' delivers to s3://pester-archive/trail"
    }

    It 'narrows the walk to -AccountId and -Region' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        @(Get-IamEvent @S3 @Window -AccountId '1111*' -Region us-east-1).Count | Should -Be $Catalog['Get-IamEvent'].Count
        $output = Get-IamEvent @S3 @Window -AccountId 999999999999 -Verbose 4>&1
        @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Not -Match 'Listing s3://pester-archive/trail/AWSLogs/111122223333/CloudTrail/'
        @(Get-IamEvent @S3 @Window -Region eu-west-1).Count | Should -Be 0
    }

    It 'reads as many objects at once as Set-IamInsightsOption -MaxConcurrentDownloads says, and refuses 0' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        Set-IamInsightsOption -MaxConcurrentDownloads 2
        $output = Get-IamCreateUserEvent @S3 @Window -Verbose 4>&1
        @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be $Catalog['Get-IamCreateUserEvent'].Count
        (($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'at most 2 objects read at once'
        $thrown = $null
        try { Set-IamInsightsOption -MaxConcurrentDownloads 0 } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidSetting*'
        (Get-IamInsightsOption).MaxConcurrentDownloads | Should -Be 2
    }

    It 'names a missing bucket and refuses an -S3Uri that is not s3://' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $thrown = $null
        try { Get-IamEvent -S3Uri s3://no-such-bucket/trail @Keys @Window -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'S3BucketNotFound*'
        $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $thrown.TargetObject | Should -Be 'no-such-bucket'
        $thrown.Exception.Message | Should -Match 'no-such-bucket'
        $thrown = $null
        try { Get-IamEvent -S3Uri https://pester-archive/trail @Keys @Window -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'S3UriInvalid*'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.TargetObject | Should -Be 'https://pester-archive/trail'
    }

    It 'with -Checkpoint, reads only the new window''s days and reports an event delivered late within the overlap once' {
        if (-not $script:Moto) { Set-ItResult -Skipped -Because 'moto_server is not installed'; return }
        $checkpoint = Join-Path $TestDrive 'create-user.checkpoint'
        $first = @(Get-IamCreateUserEvent @S3 -Since $Window.Since -Checkpoint $checkpoint -ErrorAction Stop)
        $first.Count | Should -Be $Catalog['Get-IamCreateUserEvent'].Count

        # A CreateUser made 5 minutes before the first run ended, delivered after it into today's folder.
        $delivered = [datetime]::UtcNow
        $eventTime = $delivered.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
        $late = Join-Path $TestDrive 'late.json.gz'
        New-GzipFile $late ('{"Records":[{"eventVersion":"1.10","eventTime":"' + $eventTime + '","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"late-delivery-1","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","userName":"alice","accountId":"111122223333"},"requestParameters":{"userName":"late-user"}}]}')
        $key = 'trail/AWSLogs/111122223333/CloudTrail/us-east-1/{0:yyyy/MM/dd}/111122223333_CloudTrail_us-east-1_{0:yyyyMMdd}T{0:HHmm}Z_late.json.gz' -f $delivered
        Invoke-Aws s3 cp --quiet $late "s3://pester-archive/$key"

        $output = Get-IamCreateUserEvent @S3 -Checkpoint $checkpoint -ErrorAction Stop -Verbose 4>&1
        $second = @($output | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $second.EventId | Should -Be @('late-delivery-1')
        $second.CreatedUser | Should -Be 'late-user'
        $verbose = ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Not -Match 'Listing s3://pester-archive/trail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/2[0-2]/'

        @(Get-IamCreateUserEvent @S3 -Checkpoint $checkpoint -ErrorAction Stop).Count | Should -Be 0
    }
}
