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
    CmdletsToExport      = @(
        'Get-IamCreateUserEvent'
        'Get-IamDeleteUserEvent'
        'Get-IamAddUserToGroupEvent'
        'Get-IamRemoveUserFromGroupEvent'
        'Get-IamPutUserPermissionsBoundaryEvent'
        'Get-IamDeleteUserPermissionsBoundaryEvent'
        'Get-IamPutUserPolicyEvent'
        'Get-IamDetachUserPolicyEvent'
        'Get-IamSwitchRoleEvent'
        'Get-IamUserPolicyChange'
        'Get-IamGroupChange'
        'Get-IamRoleChange'
        'Get-IamPolicyChange'
        'Get-IamAccessKeyEvent'
        'Get-IamLoginProfileEvent'
        'Get-IamMfaDeviceEvent'
        'Get-IamAssumeRoleEvent'
        'Get-IamConsoleLoginEvent'
        'Get-IamRootActivity'
        'Get-IamEvent'
        'Get-IamInsightsQuery'
        'Invoke-IamInsightsQuery'
        'Get-IamInsightsOption'
        'Set-IamInsightsOption'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('AWS', 'IAM', 'CloudTrail', 'Security', 'CloudWatchLogs', 'Insights')
        }
    }
}
