using System;

namespace IamInsights.Records;

/// <summary>What makes an IAM event worth a look. A record carries every flag that applies.</summary>
[Flags]
public enum IamRisk
{
    None = 0,

    /// <summary>AdministratorAccess, IAMFullAccess or PowerUserAccess attached or set as a boundary, or a policy document that allows "*" on "*".</summary>
    AdminGrant = 1,

    /// <summary>A console sign-in without MFA, or a change made by the root user or an IAM user whose session had no MFA.</summary>
    NoMfa = 2,

    /// <summary>Made by the root user.</summary>
    Root = 4,

    /// <summary>The call failed: an errorCode, or a ConsoleLogin or SwitchRole whose result is Failure.</summary>
    Failed = 8,

    /// <summary>The caller changed the credentials or permissions of a different IAM user (the backdoor pattern).</summary>
    OtherPrincipal = 16,

    /// <summary>
    /// A SwitchRole or AssumeRole into a role of another account, a call made by another account (an AWSAccount
    /// caller whose account is not the one the event was recorded in), or a role whose trust policy lets another
    /// account (or anyone) assume it.
    /// </summary>
    CrossAccount = 32,
}
