<#
.SYNOPSIS
    What the Pester test files share: the module under test, the sample archive, the catalog's expected counts, the
    shared corpus, and how to start another PowerShell.
#>

function Import-TestedModule {
    # Imports the staged module (IAMINSIGHTS_MODULE, set by build.ps1 Test) into the global scope.
    $path = $env:IAMINSIGHTS_MODULE
    if (-not $path) { $path = Join-Path $PSScriptRoot '../../out/IamInsights/IamInsights.psd1' }
    Import-Module $path -Force -Global
}

function Get-SamplePath {
    # The demo's CloudTrail archive in the S3 layout.
    (Resolve-Path (Join-Path $PSScriptRoot '../Sample/AWSLogs')).Path
}

function Get-CorpusPath {
    # The shared corpus of real CloudTrail records: the one setting IAMINSIGHTS_CORPUS, or $null when it is not set.
    $path = $env:IAMINSIGHTS_CORPUS
    if (-not $path) { return $null }
    if (-not (Test-Path $path)) { throw "IAMINSIGHTS_CORPUS is '$path', which does not exist." }
    return (Resolve-Path $path).Path
}

function Get-CatalogExpectation {
    # Each catalog cmdlet, its record type and how many records the sample holds for it, counted by hand.
    @{
        'Get-IamCreateUserEvent'                    = @{ Type = 'IamInsights.Records.CreateUserEvent'; Count = 2 }
        'Get-IamDeleteUserEvent'                    = @{ Type = 'IamInsights.Records.DeleteUserEvent'; Count = 2 }
        'Get-IamAddUserToGroupEvent'                = @{ Type = 'IamInsights.Records.AddUserToGroupEvent'; Count = 1 }
        'Get-IamRemoveUserFromGroupEvent'           = @{ Type = 'IamInsights.Records.RemoveUserFromGroupEvent'; Count = 1 }
        'Get-IamPutUserPermissionsBoundaryEvent'    = @{ Type = 'IamInsights.Records.PutUserPermissionsBoundaryEvent'; Count = 1 }
        'Get-IamDeleteUserPermissionsBoundaryEvent' = @{ Type = 'IamInsights.Records.DeleteUserPermissionsBoundaryEvent'; Count = 1 }
        'Get-IamPutUserPolicyEvent'                 = @{ Type = 'IamInsights.Records.PutUserPolicyEvent'; Count = 1 }
        'Get-IamDetachUserPolicyEvent'              = @{ Type = 'IamInsights.Records.DetachUserPolicyEvent'; Count = 1 }
        'Get-IamSwitchRoleEvent'                    = @{ Type = 'IamInsights.Records.SwitchRoleEvent'; Count = 2 }
        'Get-IamUserPolicyChange'                   = @{ Type = 'IamInsights.Records.UserPolicyChange'; Count = 6 }
        'Get-IamGroupChange'                        = @{ Type = 'IamInsights.Records.GroupChange'; Count = 4 }
        'Get-IamRoleChange'                         = @{ Type = 'IamInsights.Records.RoleChange'; Count = 2 }
        'Get-IamPolicyChange'                       = @{ Type = 'IamInsights.Records.PolicyChange'; Count = 1 }
        'Get-IamAccessKeyEvent'                     = @{ Type = 'IamInsights.Records.AccessKeyEvent'; Count = 2 }
        'Get-IamLoginProfileEvent'                  = @{ Type = 'IamInsights.Records.LoginProfileEvent'; Count = 1 }
        'Get-IamMfaDeviceEvent'                     = @{ Type = 'IamInsights.Records.MfaDeviceEvent'; Count = 1 }
        'Get-IamAssumeRoleEvent'                    = @{ Type = 'IamInsights.Records.AssumeRoleEvent'; Count = 2 }
        'Get-IamConsoleLoginEvent'                  = @{ Type = 'IamInsights.Records.ConsoleLoginEvent'; Count = 4 }
        'Get-IamRootActivity'                       = @{ Type = 'IamInsights.Records.IamActivity'; Count = 4 }
        'Get-IamEvent'                              = @{ Type = 'IamInsights.Records.IamActivity'; Count = 29 }
    }
}

function Get-ChildPwsh {
    # How to start another PowerShell like this one: pwsh itself, or dotnet and pwsh.dll for the dotnet tool.
    $shell = (Get-Process -Id $PID).Path
    $prefix = @()
    if ([IO.Path]::GetFileNameWithoutExtension($shell) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
    return $shell, $prefix
}

function Start-FakeLogsInsights {
    # Starts the tests' fake Logs Insights server (built by build.ps1 Test) on 127.0.0.1. It holds $Records CreateUser
    # records in $LogGroup, one a minute back from now, answers a query after $Polls polls, and writes each request's
    # X-Amz-Target (and a StartQuery's body) to $TargetLog. Stop it with Stop-FakeLogsInsights.
    param([string] $LogGroup = '/aws/cloudtrail', [int] $Records = 5, [int] $Polls = 1, [Parameter(Mandatory)] [string] $TargetLog)
    $server = $env:IAMINSIGHTS_FAKE_SERVER
    if (-not $server -or -not (Test-Path $server)) { return $null }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet', ('"{0}" "{1}" {2} {3} "{4}"' -f $server, $LogGroup, $Records, $Polls, $TargetLog))
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Endpoint = $process.StandardOutput.ReadLine() }
}

function Start-FakeEventHistory {
    # Starts the fake server with no log group and no trail, whose LookupEvents serves $Events (CloudTrail records as
    # hashtables or objects, each in the Region of its awsRegion) at 2 requests a second per Region, and whose
    # ListRegions lists $EnabledRegions. Stop it with Stop-FakeLogsInsights.
    param([Parameter(Mandatory)] [object[]] $Events, [Parameter(Mandatory)] [string] $TargetLog, [string[]] $EnabledRegions = @())
    $server = $env:IAMINSIGHTS_FAKE_SERVER
    if (-not $server -or -not (Test-Path $server)) { return $null }
    $file = [IO.Path]::ChangeExtension($TargetLog, '.events.json')
    ConvertTo-Json -InputObject @($Events) -Depth 10 | Set-Content -Path $file
    $arguments = '"{0}" /unused 0 1 "{1}" "{2}"' -f $server, $TargetLog, $file
    if ($EnabledRegions) { $arguments += ' "{0}"' -f ($EnabledRegions -join ',') }
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet', $arguments)
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; Endpoint = $process.StandardOutput.ReadLine() }
}

function Stop-FakeLogsInsights($Fake) {
    if (-not $Fake) { return }
    $Fake.Process.StandardInput.Close()
    if (-not $Fake.Process.WaitForExit(5000)) { $Fake.Process.Kill() }
}

function Start-MotoServer {
    # Starts moto_server (a third-party AWS emulator) on a free 127.0.0.1 port and waits until it listens. Returns
    # $null when moto_server or the aws CLI is not on PATH. Stop it with Stop-MotoServer.
    param([Parameter(Mandatory)] [string] $LogFolder)
    if (@(Get-Command moto_server, aws -ErrorAction SilentlyContinue).Count -lt 2) { return $null }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $process = Start-Process -FilePath (Get-Command moto_server).Source -ArgumentList '-H', '127.0.0.1', '-p', $port -PassThru `
        -RedirectStandardOutput (Join-Path $LogFolder 'moto.out') -RedirectStandardError (Join-Path $LogFolder 'moto.err')
    $deadline = (Get-Date).AddSeconds(30)
    do {
        Start-Sleep -Milliseconds 200
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $port); $ready = $true } catch { $ready = $false } finally { $client.Dispose() }
    } until ($ready -or (Get-Date) -gt $deadline)
    if (-not $ready) { Stop-Process -Id $process.Id -ErrorAction SilentlyContinue; throw "moto_server did not listen on port $port within 30 s." }
    [pscustomobject]@{ Process = $process; Port = $port; Endpoint = "http://127.0.0.1:$port" }
}

function Stop-MotoServer($Moto) {
    if ($Moto) { Stop-Process -Id $Moto.Process.Id -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Import-TestedModule, Get-SamplePath, Get-CorpusPath, Get-CatalogExpectation, Get-ChildPwsh, Start-FakeLogsInsights, Start-FakeEventHistory, Stop-FakeLogsInsights, Start-MotoServer, Stop-MotoServer
