using IamInsights.Query;

namespace IamInsights.Records;

/// <summary>A change to an IAM group: created, deleted, members, inline and managed policies.</summary>
public sealed class GroupChange : IamEvent
{
    public string? GroupName { get; private set; }

    /// <summary>The member added or removed (AddUserToGroup, RemoveUserFromGroup).</summary>
    public string? User { get; private set; }

    public string? PolicyName { get; private set; }

    public string? PolicyArn { get; private set; }

    public string? PolicyDocument { get; private set; }

    public ChangeKind Change { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        GroupName = row.GetText(nameof(GroupName));
        User = row.GetText(nameof(User));
        PolicyName = row.GetText(nameof(PolicyName));
        PolicyArn = row.GetText(nameof(PolicyArn));
        PolicyDocument = PolicyText.Decode(row.GetText(nameof(PolicyDocument)));
        Change = ChangeOf();
    }

    protected override RiskFacts Facts() => new() { TargetUser = User, PolicyArn = PolicyArn, PolicyDocument = PolicyDocument };
}

/// <summary>A change to an IAM role: created, deleted, trust policy, inline and managed policies, boundary.</summary>
public sealed class RoleChange : IamEvent
{
    public string? RoleName { get; private set; }

    public string? PolicyName { get; private set; }

    public string? PolicyArn { get; private set; }

    /// <summary>The inline policy (PutRolePolicy).</summary>
    public string? PolicyDocument { get; private set; }

    /// <summary>The trust policy: who may assume the role (CreateRole, UpdateAssumeRolePolicy).</summary>
    public string? AssumeRolePolicyDocument { get; private set; }

    public string? PermissionsBoundary { get; private set; }

    public ChangeKind Change { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        RoleName = row.GetText(nameof(RoleName));
        PolicyName = row.GetText(nameof(PolicyName));
        PolicyArn = row.GetText(nameof(PolicyArn));
        (PolicyDocument, AssumeRolePolicyDocument) = PolicyText.SplitTrustPolicy(
            EventName, row.GetText(nameof(PolicyDocument)), row.GetText(nameof(AssumeRolePolicyDocument)));
        PermissionsBoundary = row.GetText(nameof(PermissionsBoundary));
        Change = ChangeOf();
    }

    protected override RiskFacts Facts() => new()
    {
        PolicyArn = PolicyArn,
        PolicyDocument = PolicyDocument,
        PermissionsBoundary = PermissionsBoundary,
        TrustPolicy = AssumeRolePolicyDocument,
    };
}

/// <summary>A change to a managed policy or its versions.</summary>
public sealed class PolicyChange : IamEvent
{
    public string? PolicyArn { get; private set; }

    public string? PolicyName { get; private set; }

    public string? VersionId { get; private set; }

    /// <summary>The policy document of a new policy or version.</summary>
    public string? PolicyDocument { get; private set; }

    /// <summary>Whether a new version became the default (CreatePolicyVersion).</summary>
    public bool? SetAsDefault { get; private set; }

    public ChangeKind Change { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        PolicyArn = row.GetText(nameof(PolicyArn));
        PolicyName = row.GetText(nameof(PolicyName));
        VersionId = row.GetText(nameof(VersionId));
        PolicyDocument = PolicyText.Decode(row.GetText(nameof(PolicyDocument)));
        SetAsDefault = ParseBool(row.GetText(nameof(SetAsDefault)));
        Change = ChangeOf();
    }

    protected override RiskFacts Facts() => new() { PolicyDocument = PolicyDocument };
}

/// <summary>Access keys and signing certificates created, changed or deleted.</summary>
public sealed class AccessKeyEvent : IamEvent
{
    /// <summary>The user whose key it is; empty when callers act on their own keys.</summary>
    public string? User { get; private set; }

    /// <summary>The access key id (or the certificate id for UploadSigningCertificate).</summary>
    public string? AccessKeyId { get; private set; }

    /// <summary>Active or Inactive.</summary>
    public string? Status { get; private set; }

    public ChangeKind Change { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        User = row.GetText(nameof(User));
        AccessKeyId = row.GetText(nameof(AccessKeyId));
        Status = row.GetText(nameof(Status));
        Change = ChangeOf();
    }

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>Console passwords created, changed or deleted.</summary>
public sealed class LoginProfileEvent : IamEvent
{
    /// <summary>The user whose password it is; empty for ChangePassword (callers change their own).</summary>
    public string? User { get; private set; }

    public bool? PasswordResetRequired { get; private set; }

    public ChangeKind Change { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        User = row.GetText(nameof(User));
        PasswordResetRequired = ParseBool(row.GetText(nameof(PasswordResetRequired)));
        Change = ChangeOf();
    }

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>MFA devices created, enabled, deactivated or deleted.</summary>
public sealed class MfaDeviceEvent : IamEvent
{
    public string? User { get; private set; }

    public string? SerialNumber { get; private set; }

    /// <summary>The name given to a new virtual MFA device.</summary>
    public string? DeviceName { get; private set; }

    public ChangeKind Change { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        User = row.GetText(nameof(User));
        SerialNumber = row.GetText(nameof(SerialNumber));
        DeviceName = row.GetText(nameof(DeviceName));
        Change = ChangeOf();
    }

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>STS sessions: roles assumed (directly, with SAML or web identity) and federation or session tokens.</summary>
public sealed class AssumeRoleEvent : IamEvent
{
    public string? RoleArn { get; private set; }

    /// <summary>The role session name, or the federated user's name (GetFederationToken).</summary>
    public string? SessionName { get; private set; }

    /// <summary>The ARN of the session created.</summary>
    public string? SessionArn { get; private set; }

    /// <summary>The identity provider (AssumeRoleWithSAML).</summary>
    public string? PrincipalArn { get; private set; }

    /// <summary>The MFA device used to get the session, when one was.</summary>
    public string? MfaSerialNumber { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        RoleArn = row.GetText(nameof(RoleArn));
        SessionName = row.GetText(nameof(SessionName));
        SessionArn = row.GetText(nameof(SessionArn));
        PrincipalArn = row.GetText(nameof(PrincipalArn));
        MfaSerialNumber = row.GetText(nameof(MfaSerialNumber));
    }

    protected override RiskFacts Facts() => new() { TargetRoleArn = RoleArn };
}

/// <summary>signin ConsoleLogin. A failed login has no errorCode: its Result is Failure, with an ErrorMessage.</summary>
public sealed class ConsoleLoginEvent : IamEvent
{
    /// <summary>Success or Failure.</summary>
    public string? Result { get; private set; }

    /// <summary>additionalEventData.MFAUsed (Yes/No) as a bool; null when CloudTrail does not say.</summary>
    public bool? MfaUsed { get; private set; }

    public string? LoginTo { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        Result = row.GetText(nameof(Result));
        MfaUsed = ParseBool(row.GetText(nameof(MfaUsed)));
        LoginTo = row.GetText(nameof(LoginTo));
    }

    protected override RiskFacts Facts() => new() { Result = Result, ConsoleMfaUsed = MfaUsed };
}

/// <summary>Any IAM, STS or sign-in event, with the targets most calls name.</summary>
public sealed class IamActivity : IamEvent
{
    public string? User { get; private set; }

    public string? RoleName { get; private set; }

    public string? GroupName { get; private set; }

    public string? PolicyArn { get; private set; }

    public string? PolicyName { get; private set; }

    public string? PolicyDocument { get; private set; }

    public string? PermissionsBoundary { get; private set; }

    /// <summary>A role's trust policy (CreateRole, UpdateAssumeRolePolicy).</summary>
    public string? AssumeRolePolicyDocument { get; private set; }

    /// <summary>The role assumed or switched to.</summary>
    public string? RoleArn { get; private set; }

    /// <summary>For a SwitchRole, the ARN of the principal that switched; see <see cref="SwitchRoleEvent.SwitchFrom"/>.</summary>
    public string? SwitchFrom { get; private set; }

    /// <summary>Success or Failure, for ConsoleLogin and SwitchRole.</summary>
    public string? Result { get; private set; }

    public bool? MfaUsed { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        User = row.GetText(nameof(User));
        RoleName = row.GetText(nameof(RoleName));
        GroupName = row.GetText(nameof(GroupName));
        PolicyArn = row.GetText(nameof(PolicyArn));
        PolicyName = row.GetText(nameof(PolicyName));
        (PolicyDocument, AssumeRolePolicyDocument) = PolicyText.SplitTrustPolicy(
            EventName, row.GetText(nameof(PolicyDocument)), row.GetText(nameof(AssumeRolePolicyDocument)));
        PermissionsBoundary = row.GetText(nameof(PermissionsBoundary));
        RoleArn = row.GetText(nameof(RoleArn));
        Result = row.GetText(nameof(Result));
        MfaUsed = ParseBool(row.GetText(nameof(MfaUsed)));
        if (EventName == "SwitchRole")
        {
            var roleSwitch = RoleSwitch.Read(RequestUserArn, row.GetText(nameof(SwitchFrom)), RoleArn);
            RoleArn = roleSwitch.To;
            SwitchFrom = roleSwitch.From;
            if (roleSwitch.LoggedInDestination) RequestedBy(roleSwitch.From!);
        }
    }

    protected override RiskFacts Facts() => new()
    {
        TargetUser = User,
        PolicyArn = PolicyArn,
        PolicyDocument = PolicyDocument,
        PermissionsBoundary = PermissionsBoundary,
        TrustPolicy = AssumeRolePolicyDocument,
        TargetRoleArn = RoleArn,
        Result = Result,
        ConsoleMfaUsed = MfaUsed,
    };
}
