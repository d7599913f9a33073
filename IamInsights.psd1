@{
    RootModule           = 'IamInsights.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6d0f3c9e-5b7a-4f0e-9a57-2f4c1e8b7d21'
    Author               = 'IamInsights contributors'
    CompanyName          = 'IamInsights'
    Copyright            = '(c) IamInsights contributors. Apache-2.0.'
    Description          = 'Finds the AWS IAM changes that matter (new users, group and policy changes, permissions boundaries, role switches) in CloudTrail logs, as typed objects.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('IamInsights.Format.ps1xml')
    # Filled at build (build.ps1 Build) with every cmdlet class of IamInsights.dll, so a new cmdlet needs no change here.
    CmdletsToExport      = @()
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'IAM', 'CloudTrail', 'Security', 'CloudWatchLogs', 'Insights', 'PSEdition_Desktop', 'PSEdition_Core')
            ReleaseNotes = 'First release: the IAM catalog cmdlets and Invoke-IamInsightsQuery over CloudTrail files (-Path), CloudWatch Logs Insights (-LogGroupName) and CloudTrail Event History (-EventHistory); -Checkpoint for scheduled runs; Get-/Set-IamInsightsOption.'
        }
    }
}
