# The bad-input battery through the real cmdlets: a folder of broken, odd and special files, all written here.
BeforeAll {
    Import-Module $env:IAMINSIGHTS_MODULE -Force

    function New-BadInputFolder {
        # Writes one folder per bad-input case under $Root; the event ids in each say which case wrote them.
        param([string] $Root)
        $utf8 = [Text.UTF8Encoding]::new($false)
        function Event([string] $id, [string] $time = '2026-11-20T08:00:00Z', [string] $extra = '') {
            '{"eventVersion":"1.10","userIdentity":{"type":"IAMUser","userName":"alice","accountId":"111122223333"},"eventTime":"' + $time +
            '","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"' + $id + '"' + $extra + '}'
        }
        function Records([string[]] $events) { '{"Records":[' + ($events -join ",`n") + ']}' }
        function Bytes([string] $text) { $utf8.GetBytes($text) }
        function Join-Bytes { $list = [Collections.Generic.List[byte]]::new(); foreach ($part in $args) { $list.AddRange([byte[]]$part) }; , $list.ToArray() }
        function Gzip([byte[][]] $sections, [Collections.Generic.List[long]] $flushes, [IO.Compression.CompressionLevel] $level = 'Optimal') {
            # Compresses the sections into one gzip member, flushing after each so that a cut at a flush point is a clean prefix.
            $output = [IO.MemoryStream]::new()
            $gzip = [IO.Compression.GZipStream]::new($output, $level, $true)
            foreach ($section in $sections) { $gzip.Write($section, 0, $section.Length); $gzip.Flush(); if ($null -ne $flushes) { $flushes.Add($output.Length) } }
            $gzip.Dispose()
            , $output.ToArray()
        }
        function Write-Case([string] $case, [string] $name, [byte[]] $bytes) {
            $folder = Join-Path $Root $case
            $null = New-Item -ItemType Directory -Force $folder
            [IO.File]::WriteAllBytes((Join-Path $folder $name), $bytes)
        }

        # 1. gzip cut after a complete line, and a {"Records":[...]} gzip cut after its second record.
        $flushes = [Collections.Generic.List[long]]::new()
        $full = Gzip @((Bytes ((Event 'trunc-1') + "`n" + (Event 'trunc-2') + "`n")), (Bytes ((Event 'trunc-3') + "`n"))) $flushes
        Write-Case 'gz-truncated' 'cut.jsonl.gz' $full[0..($flushes[0] - 1)]
        $flushes.Clear()
        $full = Gzip @((Bytes ('{"Records":[' + (Event 'truncr-1') + ",`n" + (Event 'truncr-2'))), (Bytes (",`n" + (Event 'truncr-3') + ']}'))) $flushes
        Write-Case 'gz-truncated-records' 'cut.json.gz' $full[0..($flushes[0] - 1)]
        # a CRC that does not match the data
        $good = Gzip @(, (Bytes (Records @((Event 'crc-1'), (Event 'crc-2')))))
        $good[$good.Length - 8] = $good[$good.Length - 8] -bxor 0xFF
        Write-Case 'gz-bad-crc' 'crc.json.gz' $good
        # two members, and bytes after the last member
        Write-Case 'gz-concatenated' 'two.jsonl.gz' (Join-Bytes (Gzip @(, (Bytes ((Event 'cat-1') + "`n")))) (Gzip @(, (Bytes ((Event 'cat-2') + "`n")))))
        Write-Case 'gz-trailing-bytes' 'tail.json.gz' (Join-Bytes (Gzip @(, (Bytes (Records @((Event 'tail-1')))))) (Bytes 'not gzip'))
        # 2. invalid UTF-8 in JSON lines and in a Records array
        $bad = [byte[]](0xC3, 0x28)
        Write-Case 'utf8-lines' 'bad.jsonl' (Join-Bytes (Bytes ((Event 'u8l-1') + "`n" + (Event 'u8l-2' -extra ',"userAgent":"x'))) $bad (Bytes ('"}' + "`n" + (Event 'u8l-3') + "`n")))
        Write-Case 'utf8-records' 'bad.json' (Join-Bytes (Bytes ('{"Records":[' + (Event 'u8r-1') + ",`n" + (Event 'u8r-2' -extra ',"userAgent":"x'))) $bad (Bytes ('"}' + ",`n" + (Event 'u8r-3') + ']}')))
        # 3. an eventTime that is not a time
        Write-Case 'bad-event-time' 'time.json' (Bytes (Records @((Event 'time-1'), (Event 'time-2' -time 'yesterday'), (Event 'time-3'))))
        # 4. nesting: 100 levels (more than the old limit of 64, still read) and 5000 levels (more than the reader's 1024)
        $nested = { param($levels) ',"requestParameters":' + ('{"a":' * $levels) + '1' + ('}' * $levels) }
        Write-Case 'deep' 'deep.json' (Bytes (Records @((Event 'deep-1'), (Event 'deep-2' -extra (& $nested 100)), (Event 'deep-3' -extra (& $nested 5000)), (Event 'deep-4'))))
        # empty files, BOM, CRLF
        Write-Case 'empty' 'empty.json' ([byte[]]@())
        Write-Case 'empty-gz' 'empty.json.gz' ([byte[]]@())
        Write-Case 'bom' 'bom.json' (Join-Bytes ([byte[]](0xEF, 0xBB, 0xBF)) (Bytes (Records @((Event 'bom-1'), (Event 'bom-2')))))
        Write-Case 'crlf' 'crlf.jsonl' (Bytes ((Event 'crlf-1') + "`r`n" + (Event 'crlf-2') + "`r`n"))
        # random bytes, a random body behind a gzip header, a flipped byte in stored gzip data
        $random = [Random]::new(11)
        $noise = [byte[]]::new(4096); $random.NextBytes($noise); $noise[0] = 0
        Write-Case 'random' 'random.json.gz' $noise
        $noise = [byte[]]::new(4096); $random.NextBytes($noise)
        Write-Case 'random-gzip-body' 'random.json.gz' (Join-Bytes ([byte[]](0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255)) $noise)
        $stored = Gzip @(, (Bytes (Records @((Event 'flip-1'), (Event 'flip-2'), (Event 'flip-3'))))) $null ([IO.Compression.CompressionLevel]::NoCompression)
        # the ':' before an eventID becomes a control character, so that one record is no longer JSON
        $at = ([Text.Encoding]::Latin1.GetString($stored)).IndexOf(':"flip-2"')
        $stored[$at] = $stored[$at] -bxor 0x20
        Write-Case 'flipped-byte' 'flip.json.gz' $stored
        # Records not an array; a 50 MB string; duplicate keys; numbers out of range
        Write-Case 'records-not-array' 'object.json' (Bytes ('{"Records":' + (Event 'obj-1') + '}'))
        Write-Case 'big-string' 'big.json' (Bytes (Records @((Event 'big-1' -extra (',"requestParameters":{"blob":"' + ('x' * 50MB) + '"}')), (Event 'big-2'))))
        Write-Case 'duplicate-keys' 'dup.json' (Bytes (Records @((Event 'dup-1' -extra ',"awsRegion":"eu-west-1","awsRegion":"us-west-2"'), (Event 'dup-2'))))
        Write-Case 'numbers' 'numbers.json' (Bytes (Records @((Event 'num-1' -extra ',"requestParameters":{"big":1e400,"long":123456789012345678901234567890,"tiny":-1e-400}'), (Event 'num-2'))))
        # 5. files that are not regular files
        $special = Join-Path $Root 'special'
        $null = New-Item -ItemType Directory -Force $special
        [IO.File]::WriteAllBytes((Join-Path $special 'good.json'), (Bytes (Records @((Event 'special-1')))))
        & mkfifo (Join-Path $special 'fifo.json')
        $socket = [Net.Sockets.Socket]::new([Net.Sockets.AddressFamily]::Unix, [Net.Sockets.SocketType]::Stream, [Net.Sockets.ProtocolType]::Unspecified)
        $socket.Bind([Net.Sockets.UnixDomainSocketEndPoint]::new((Join-Path $special 'socket.json')))
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $special 'device.json') -Target '/dev/zero'
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $special 'loop.json') -Target (Join-Path $special 'loop.json')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $special 'up') -Target $special
        $null = New-Item -ItemType Directory (Join-Path $special 'folder.json')
        # the socket file lasts as long as the socket is open
        , $socket
    }

    $Battery = Join-Path ([IO.Path]::GetTempPath()) ("iaminsights-badinput-" + [guid]::NewGuid().ToString('N'))
    $Socket = New-BadInputFolder $Battery
    function Get-Id($errorRecord) { $errorRecord.FullyQualifiedErrorId.Split(',')[0] }
}

AfterAll {
    if ($Socket) { $Socket.Dispose() }
    if ($Battery) { Remove-Item -LiteralPath $Battery -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Bad input under -Path' {
    BeforeAll {
        $errs = $null; $warnings = $null
        $all = Invoke-IamInsightsQuery -Path $Battery -Query 'fields eventID' -ErrorVariable errs -ErrorAction SilentlyContinue `
            -WarningVariable warnings -WarningAction SilentlyContinue -Verbose 4>&1
        $Rows = @($all | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })
        $Verbose = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $Errors = @($errs)
        $Warnings = @($warnings)
    }

    It 'finishes and gives exactly the records that are whole' {
        $expected = 'big-1', 'big-2', 'bom-1', 'bom-2', 'cat-1', 'cat-2', 'crc-1', 'crc-2', 'crlf-1', 'crlf-2', 'deep-1', 'deep-2', 'deep-4',
            'dup-1', 'dup-2', 'flip-1', 'flip-3', 'num-1', 'num-2', 'special-1', 'tail-1', 'time-1', 'time-3', 'trunc-1', 'trunc-2',
            'truncr-1', 'truncr-2', 'u8l-1', 'u8l-3', 'u8r-1', 'u8r-3'
        @($Rows.eventID | Sort-Object) | Should -Be @($expected | Sort-Object)
    }

    It 'writes one error per bad file, with its ErrorId, category and the file as target' {
        $expected = @(
            "CloudTrailEventTimeInvalid InvalidData $Battery/bad-event-time/time.json"
            "CloudTrailFileInvalidJson InvalidData $Battery/deep/deep.json"
            "CloudTrailFileEmpty InvalidData $Battery/empty/empty.json"
            "CloudTrailFileEmpty InvalidData $Battery/empty-gz/empty.json.gz"
            "CloudTrailFileTruncated InvalidData $Battery/flipped-byte/flip.json.gz"
            "CloudTrailFileTruncated InvalidData $Battery/gz-bad-crc/crc.json.gz"
            "CloudTrailFileTruncated InvalidData $Battery/gz-truncated/cut.jsonl.gz"
            "CloudTrailFileTruncated InvalidData $Battery/gz-truncated-records/cut.json.gz"
            "CloudTrailFileInvalidJson InvalidData $Battery/random/random.json.gz"
            "CloudTrailFileTruncated InvalidData $Battery/random-gzip-body/random.json.gz"
            "CloudTrailFileNotCloudTrail InvalidData $Battery/records-not-array/object.json"
            "CloudTrailFileEmpty InvalidData $Battery/special/device.json"
            "CloudTrailFileEmpty InvalidData $Battery/special/fifo.json"
            "CloudTrailFileUnreadable ReadError $Battery/special/loop.json"
            "CloudTrailFileEmpty InvalidData $Battery/special/socket.json"
            "CloudTrailFileInvalidJson InvalidData $Battery/utf8-lines/bad.jsonl"
            "CloudTrailFileInvalidJson InvalidData $Battery/utf8-records/bad.json"
        )
        $actual = $Errors | ForEach-Object { "$(Get-Id $_) $($_.CategoryInfo.Category) $($_.TargetObject)" }
        @($actual | Sort-Object) | Should -Be @($expected | Sort-Object)
        foreach ($e in $Errors) { $e.Exception.Message | Should -BeLike "*'$($e.TargetObject)'*" }
    }

    It 'names the line or element of a bad record' {
        ($Errors | Where-Object TargetObject -Like '*utf8-lines*').Exception.Message | Should -BeLike '*UTF-8*line 2*'
        ($Errors | Where-Object TargetObject -Like '*utf8-records*').Exception.Message | Should -BeLike '*UTF-8*element 2*'
        ($Errors | Where-Object TargetObject -Like '*deep*').Exception.Message | Should -BeLike '*element 3*'
        ($Errors | Where-Object TargetObject -Like '*time.json').Exception.Message | Should -BeLike "*'yesterday'*element 2*time-2*"
    }

    It 'warns once about bytes after the gzip data' {
        $Warnings.Count | Should -Be 1
        "$($Warnings[0])" | Should -BeLike "*'$Battery/gz-trailing-bytes/tail.json.gz'*8 bytes*"
    }

    It 'does not follow a link to a folder' {
        @($Verbose | Where-Object { $_ -like "*'$Battery/special/up'*link to a folder*" }).Count | Should -Be 1
    }
}

Describe 'A record whose time is not a date' {
    It 'does not pass -Since in a catalog cmdlet, and is reported' {
        $errs = $null
        $events = Get-IamCreateUserEvent -Path (Join-Path $Battery 'bad-event-time') -Since '2026-11-01' -ErrorVariable errs -ErrorAction SilentlyContinue
        @($events.EventId) | Should -Be @('time-1', 'time-3')
        @($errs).Count | Should -Be 1
        Get-Id $errs[0] | Should -Be 'CloudTrailEventTimeInvalid'
    }

    It 'does not come out as 0001-01-01 without a window' {
        $events = Get-IamCreateUserEvent -Path (Join-Path $Battery 'bad-event-time') -ErrorAction SilentlyContinue
        @($events.EventId) | Should -Be @('time-1', 'time-3')
        $events.EventTime | ForEach-Object { $_.Year | Should -Be 2026 }
    }
}

Describe 'Invalid UTF-8 with a catalog cmdlet that reads every field' {
    It 'loses only the bad record and keeps reading the next files' {
        $errs = $null
        $events = Get-IamCreateUserEvent -Path (Join-Path $Battery 'utf8-lines'), (Join-Path $Battery 'utf8-records'), (Join-Path $Battery 'bom') -ErrorVariable errs -ErrorAction SilentlyContinue
        @($events.EventId) | Should -Be @('bom-1', 'bom-2', 'u8l-1', 'u8l-3', 'u8r-1', 'u8r-3')
        @($errs | ForEach-Object { Get-Id $_ }) | Should -Be @('CloudTrailFileInvalidJson', 'CloudTrailFileInvalidJson')
    }
}
