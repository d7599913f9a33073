<#
    Runs the examples of every cmdlet's help, taken from Get-Help, so that what users read is what is tested.

    The rules:
    - Each example runs in a folder that holds a copy of the sample archive (tests/Sample/AWSLogs) as .\AWSLogs, so the
      example's path is the sample; files it writes (a CSV, say) land in that folder.
    - An example whose remarks say "Needs AWS credentials" reads CloudWatch Logs or Event History and is not run here
      (the Logs Insights and Event History tests run those sources against moto_server and the fake server).
    - An example whose remarks say "It writes nothing to the pipeline" must write nothing; every other example must
      write at least one object. No example may write an error.
    - The module's settings go back to their defaults after each example.
    - Every cmdlet has at least two examples that run.
#>
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $Commands = @(Get-Command -Module IamInsights | Sort-Object Name | ForEach-Object Name)
    $Examples = foreach ($command in $Commands) {
        $number = 0
        foreach ($example in @((Get-Help $command).Examples.Example)) {
            $number++
            $remarks = (@($example.Remarks) | ForEach-Object Text) -join "`n"
            @{ Command = $command; Number = $number; Code = [string]$example.Code; Remarks = $remarks }
        }
    }
    $Runnable = @($Examples | Where-Object { $_.Remarks -notmatch 'Needs AWS credentials' })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule
    $script:Folder = Join-Path $TestDrive 'examples'
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    Copy-Item (Get-SamplePath) (Join-Path $script:Folder 'AWSLogs') -Recurse
}

Describe 'Examples of <_>' -ForEach $Commands {
    BeforeAll { $Command = $_ }

    It 'has at least two examples that run against the sample' {
        $help = Get-Help $Command
        $runnable = @($help.Examples.Example | Where-Object { ((@($_.Remarks) | ForEach-Object Text) -join "`n") -notmatch 'Needs AWS credentials' })
        $runnable.Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'Example <Number> of <Command>' -ForEach $Runnable {
    It 'runs against the sample: <Code>' {
        Push-Location $script:Folder
        try {
            $ErrorActionPreference = 'Stop'
            $output = @(& ([scriptblock]::Create($Code)))
            if ($Remarks -match 'It writes nothing to the pipeline') {
                $output.Count | Should -Be 0 -Because 'the example says it writes nothing'
            }
            else {
                $output.Count | Should -BeGreaterThan 0 -Because "the example ($Remarks) writes what it finds in the sample"
            }
        }
        finally {
            Pop-Location
            Set-IamInsightsOption -LogGroupName @() -RowLimit $null -MaxConcurrentQueries $null -DefaultSource CloudWatchLogs
        }
    }
}
