BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-TestedModule

    # The fake Logs Insights server checks every request's SigV4 signature against this key pair, and accepts any
    # session token but 'expired'. It holds 5 CreateUser records from the last 5 minutes.
    $AccessKey = 'AKIAIAMINSIGHTSTEST1'
    $Secret = 'fake/secret/for/tests/only/0000000000000'
    $WrongSecret = 'Wrong/secret/that/must/never/be/shown/9999'
    $Token = 'IQoJb3JpZ2luX2VjSessionTokenThatMustNeverBeShown'
    $RecordCount = 5

    $Fake = Start-FakeLogsInsights -Records $RecordCount -TargetLog (Join-Path $TestDrive 'targets.log')
    if (-not $Fake) { throw 'Run through build.ps1 Test, which builds the fake Logs Insights server.' }
    $Endpoint = $Fake.Endpoint

    # An AWSCredentials object as AWS.Tools would pass it: AWSSDK.Core loaded outside the module, so on PowerShell 7
    # it is another copy of the type than the module's own, and the module reads it by duck typing.
    Add-Type -Path (Join-Path (Split-Path $env:IAMINSIGHTS_MODULE) 'Dependencies/AWSSDK.Core.dll')

    function Get-CredentialParameter([string] $Form, [string] $SecretKey) {
        $secure = ConvertTo-SecureString $SecretKey -AsPlainText -Force
        switch ($Form) {
            'String' { @{ AccessKey = $AccessKey; SecretKey = $SecretKey; SessionToken = $Token } }
            'SecureString' { @{ AccessKey = $AccessKey; SecretKey = $secure; SessionToken = (ConvertTo-SecureString $Token -AsPlainText -Force) } }
            'PSCredential' { @{ Credential = [pscredential]::new($AccessKey, $secure); SessionToken = $Token } }
            'AWSCredentials' { @{ Credential = [Amazon.Runtime.SessionAWSCredentials]::new($AccessKey, $SecretKey, $Token) } }
        }
    }

    # Runs the cmdlet with -Verbose and -Debug in its own PowerShell and returns every record of every stream,
    # including progress; a terminating error arrives in the error stream.
    function Invoke-Captured([hashtable] $Credential) {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddArgument($env:IAMINSIGHTS_MODULE).AddStatement().
                AddCommand('Get-IamCreateUserEvent').AddParameter('LogGroupName', '/aws/cloudtrail').AddParameter('EndpointUrl', $Endpoint).
                AddParameter('Region', 'us-east-1').AddParameter('Verbose').AddParameter('Debug').AddParameters($Credential)
            $output = @($shell.Invoke())
            [pscustomobject]@{
                Output      = $output
                Errors      = @($shell.Streams.Error)
                Verbose     = @($shell.Streams.Verbose)
                Debug       = @($shell.Streams.Debug)
                Warning     = @($shell.Streams.Warning)
                Information = @($shell.Streams.Information)
                Progress    = @($shell.Streams.Progress)
            }
        }
        finally { $shell.Dispose() }
    }

    # Everything a user could see of the captured records: their formatting, and for errors the whole exception chain,
    # the target, the details and the category.
    function ConvertTo-VisibleText($Captured) {
        $records = @($Captured.Output) + $Captured.Errors + $Captured.Verbose + $Captured.Debug + $Captured.Warning + $Captured.Information + $Captured.Progress
        $text = foreach ($record in $records) {
            $record | Out-String
            $record | Format-List * -Force | Out-String
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $record.Exception.ToString()
                $record.Exception | Format-List * -Force | Out-String
                $record.TargetObject | Out-String
                "$($record.ErrorDetails) $($record.CategoryInfo) $($record.FullyQualifiedErrorId)"
            }
            if ($record -is [System.Management.Automation.ProgressRecord]) { "$($record.Activity) $($record.StatusDescription) $($record.CurrentOperation)" }
        }
        $text -join "`n"
    }
}

AfterAll {
    Stop-FakeLogsInsights $Fake
}

Describe 'Secrets given as <_>' -ForEach 'String', 'SecureString', 'PSCredential', 'AWSCredentials' {
    BeforeAll { $Form = $_ }

    It 'work, and no secret appears in output, verbose, debug, warning, information or progress records' {
        $captured = Invoke-Captured (Get-CredentialParameter $Form $Secret)
        $captured.Errors | Should -BeNullOrEmpty
        $captured.Output.Count | Should -Be $RecordCount
        $captured.Verbose.Count | Should -BeGreaterThan 0
        $captured.Progress.Count | Should -BeGreaterThan 0
        $text = ConvertTo-VisibleText $captured
        $text | Should -BeLike '*AWS credentials from -*'
        $text | Should -Not -BeLike "*$Secret*"
        $text | Should -Not -BeLike "*$Token*"
    }

    It 'with a wrong secret fail with AwsAccessDenied, and the secret appears nowhere' {
        $captured = Invoke-Captured (Get-CredentialParameter $Form $WrongSecret)
        $captured.Output | Should -BeNullOrEmpty
        $captured.Errors.Count | Should -Be 1
        $captured.Errors[0].FullyQualifiedErrorId | Should -Be 'AwsAccessDenied,IamInsights.Commands.GetIamCreateUserEventCommand'
        $captured.Errors[0].Exception.Message | Should -BeLike '*InvalidSignatureException (403): *'
        $text = ConvertTo-VisibleText $captured
        $text | Should -BeLike '*does not match the signature you provided*'
        $text | Should -Not -BeLike "*$WrongSecret*"
        $text | Should -Not -BeLike "*$Token*"
    }
}

Describe 'A secret parameter given something else than a string or a SecureString' {
    It 'is refused when the parameters are bound, and the value is not echoed' {
        $captured = Invoke-Captured @{ AccessKey = $AccessKey; SecretKey = @{ Key = $WrongSecret } }
        $captured.Errors.Count | Should -Be 1
        $captured.Errors[0].FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,IamInsights.Commands.GetIamCreateUserEventCommand'
        $captured.Errors[0].Exception.Message | Should -BeLike "*'SecretKey'*Give a string or a SecureString, not a System.Collections.Hashtable."
        ConvertTo-VisibleText $captured | Should -Not -BeLike "*$WrongSecret*"
    }
}
