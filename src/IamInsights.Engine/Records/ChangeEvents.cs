namespace IamInsights.Records;

/// <summary>A change to an IAM group: created, deleted, members, inline and managed policies.</summary>
[TableView("EventTime", "RequestUser", "Change", "EventName", "GroupName", "Target", "Risk")]
[FirstGivenColumn("Target", "User", "PolicyArn", "PolicyName")]
public sealed class GroupChange : IamEvent
{
    [FromCloudTrail("requestParameters.groupName")]
    public string? GroupName { get; private set; }

    /// <summary>The member added or removed (AddUserToGroup, RemoveUserFromGroup).</summary>
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    [FromCloudTrail("requestParameters.policyName")]
    public string? PolicyName { get; private set; }

    [FromCloudTrail("requestParameters.policyArn")]
    public string? PolicyArn { get; private set; }

    [FromCloudTrail("requestParameters.policyDocument", PolicyDocument = true)]
    public string? PolicyDocument { get; private set; }

    [Computed(ChangeKinds.Description)]
    public ChangeKind Change => ChangeOf();

    protected override RiskFacts Facts() => new() { TargetUser = User, PolicyArn = PolicyArn, PolicyDocument = PolicyDocument };
}

/// <summary>A change to an IAM role: created, deleted, trust policy, inline and managed policies, boundary.</summary>
[TableView("EventTime", "RequestUser", "Change", "EventName", "RoleName", "Policy", "Risk")]
[FirstGivenColumn("Policy", "PolicyName", "PolicyArn", "PermissionsBoundary")]
public sealed class RoleChange : IamEvent
{
    [FromCloudTrail("requestParameters.roleName")]
    public string? RoleName { get; private set; }

    [FromCloudTrail("requestParameters.policyName")]
    public string? PolicyName { get; private set; }

    [FromCloudTrail("requestParameters.policyArn")]
    public string? PolicyArn { get; private set; }

    /// <summary>The inline policy (PutRolePolicy).</summary>
    [FromCloudTrail("requestParameters.policyDocument", PolicyDocument = true)]
    public string? PolicyDocument { get; private set; }

    /// <summary>The trust policy: who may assume the role (CreateRole; UpdateAssumeRolePolicy sends it as policyDocument).</summary>
    [FromCloudTrail("requestParameters.assumeRolePolicyDocument", PolicyDocument = true)]
    public string? AssumeRolePolicyDocument { get; private set; }

    [FromCloudTrail("requestParameters.permissionsBoundary")]
    public string? PermissionsBoundary { get; private set; }

    [Computed(ChangeKinds.Description)]
    public ChangeKind Change => ChangeOf();

    protected override void Derive() =>
        (PolicyDocument, AssumeRolePolicyDocument) = PolicyText.SplitTrustPolicy(EventName, PolicyDocument, AssumeRolePolicyDocument);

    protected override RiskFacts Facts() => new()
    {
        PolicyArn = PolicyArn,
        PolicyDocument = PolicyDocument,
        PermissionsBoundary = PermissionsBoundary,
        TrustPolicy = AssumeRolePolicyDocument,
    };
}

/// <summary>A change to a managed policy or its versions.</summary>
[TableView("EventTime", "RequestUser", "Change", "EventName", "Policy", "VersionId", "Risk")]
[FirstGivenColumn("Policy", "PolicyArn", "PolicyName")]
public sealed class PolicyChange : IamEvent
{
    [FromCloudTrail("requestParameters.policyArn", "responseElements.policy.arn")]
    public string? PolicyArn { get; private set; }

    [FromCloudTrail("requestParameters.policyName")]
    public string? PolicyName { get; private set; }

    [FromCloudTrail("requestParameters.versionId", "responseElements.policyVersion.versionId")]
    public string? VersionId { get; private set; }

    /// <summary>The policy document of a new policy or version.</summary>
    [FromCloudTrail("requestParameters.policyDocument", PolicyDocument = true)]
    public string? PolicyDocument { get; private set; }

    /// <summary>Whether a new version became the default (CreatePolicyVersion).</summary>
    [FromCloudTrail("requestParameters.setAsDefault")]
    public bool? SetAsDefault { get; private set; }

    [Computed(ChangeKinds.Description)]
    public ChangeKind Change => ChangeOf();

    protected override RiskFacts Facts() => new() { PolicyDocument = PolicyDocument };
}

/// <summary>Access keys and signing certificates created, changed or deleted.</summary>
[TableView("EventTime", "RequestUser", "Change", "EventName", "User", "AccessKeyId", "Status", "Risk")]
public sealed class AccessKeyEvent : IamEvent
{
    /// <summary>The user whose key it is; empty when callers act on their own keys.</summary>
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    /// <summary>The access key id (or the certificate id for UploadSigningCertificate).</summary>
    [FromCloudTrail("requestParameters.accessKeyId", "responseElements.accessKey.accessKeyId", "responseElements.certificate.certificateId")]
    public string? AccessKeyId { get; private set; }

    /// <summary>Active or Inactive.</summary>
    [FromCloudTrail("requestParameters.status", "responseElements.accessKey.status")]
    public string? Status { get; private set; }

    [Computed(ChangeKinds.Description)]
    public ChangeKind Change => ChangeOf();

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>Console passwords created, changed or deleted.</summary>
[TableView("EventTime", "RequestUser", "Change", "EventName", "User", "Risk")]
public sealed class LoginProfileEvent : IamEvent
{
    /// <summary>The user whose password it is; empty for ChangePassword (callers change their own).</summary>
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    [FromCloudTrail("requestParameters.passwordResetRequired")]
    public bool? PasswordResetRequired { get; private set; }

    [Computed(ChangeKinds.Description)]
    public ChangeKind Change => ChangeOf();

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>MFA devices created, enabled, deactivated or deleted.</summary>
[TableView("EventTime", "RequestUser", "Change", "EventName", "User", "SerialNumber", "Risk")]
public sealed class MfaDeviceEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    [FromCloudTrail("requestParameters.serialNumber", "responseElements.virtualMFADevice.serialNumber")]
    public string? SerialNumber { get; private set; }

    /// <summary>The name given to a new virtual MFA device.</summary>
    [FromCloudTrail("requestParameters.virtualMFADeviceName")]
    public string? DeviceName { get; private set; }

    [Computed(ChangeKinds.Description)]
    public ChangeKind Change => ChangeOf();

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>STS sessions: roles assumed (directly, with SAML or web identity) and federation or session tokens.</summary>
[TableView("EventTime", "RequestUser", "EventName", "RoleArn", "SessionName", "Risk")]
public sealed class AssumeRoleEvent : IamEvent
{
    [FromCloudTrail("requestParameters.roleArn")]
    public string? RoleArn { get; private set; }

    /// <summary>The role session name, or the federated user's name (GetFederationToken).</summary>
    [FromCloudTrail("requestParameters.roleSessionName", "requestParameters.name")]
    public string? SessionName { get; private set; }

    /// <summary>The ARN of the session created.</summary>
    [FromCloudTrail("responseElements.assumedRoleUser.arn", "responseElements.federatedUser.arn")]
    public string? SessionArn { get; private set; }

    /// <summary>The identity provider (AssumeRoleWithSAML).</summary>
    [FromCloudTrail("requestParameters.principalArn")]
    public string? PrincipalArn { get; private set; }

    /// <summary>The MFA device used to get the session, when one was.</summary>
    [FromCloudTrail("requestParameters.serialNumber")]
    public string? MfaSerialNumber { get; private set; }

    protected override RiskFacts Facts() => new() { TargetRoleArn = RoleArn };
}

/// <summary>signin ConsoleLogin. A failed login has no errorCode: its Result is Failure, with an ErrorMessage.</summary>
[TableView("EventTime", "RequestUser", "Result", "MfaUsed", "SourceIPAddress", "Risk")]
public sealed class ConsoleLoginEvent : IamEvent
{
    /// <summary>Success or Failure.</summary>
    [FromCloudTrail("responseElements.ConsoleLogin")]
    public string? Result { get; private set; }

    /// <summary>additionalEventData.MFAUsed (Yes/No) as a bool; null when CloudTrail does not say.</summary>
    [FromCloudTrail("additionalEventData.MFAUsed")]
    public bool? MfaUsed { get; private set; }

    [FromCloudTrail("additionalEventData.LoginTo")]
    public string? LoginTo { get; private set; }

    protected override RiskFacts Facts() => new() { Result = Result, ConsoleMfaUsed = MfaUsed };
}

/// <summary>Any IAM, STS or sign-in event, with the targets most calls name.</summary>
[TableView("EventTime", "RequestUser", "EventSource", "EventName", "Target", "Risk")]
[FirstGivenColumn("Target", "User", "RoleName", "GroupName", "PolicyArn", "RoleArn")]
public sealed class IamActivity : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    [FromCloudTrail("requestParameters.roleName")]
    public string? RoleName { get; private set; }

    [FromCloudTrail("requestParameters.groupName")]
    public string? GroupName { get; private set; }

    [FromCloudTrail("requestParameters.policyArn")]
    public string? PolicyArn { get; private set; }

    [FromCloudTrail("requestParameters.policyName")]
    public string? PolicyName { get; private set; }

    [FromCloudTrail("requestParameters.policyDocument", PolicyDocument = true)]
    public string? PolicyDocument { get; private set; }

    [FromCloudTrail("requestParameters.permissionsBoundary")]
    public string? PermissionsBoundary { get; private set; }

    /// <summary>A role's trust policy (CreateRole; UpdateAssumeRolePolicy sends it as policyDocument).</summary>
    [FromCloudTrail("requestParameters.assumeRolePolicyDocument", PolicyDocument = true)]
    public string? AssumeRolePolicyDocument { get; private set; }

    /// <summary>The role assumed or switched to.</summary>
    [FromCloudTrail("requestParameters.roleArn", "additionalEventData.SwitchTo")]
    public string? RoleArn { get; private set; }

    /// <summary>For a SwitchRole, the ARN of the principal that switched; see <see cref="SwitchRoleEvent.SwitchFrom"/>.</summary>
    [FromCloudTrail("additionalEventData.SwitchFrom")]
    public string? SwitchFrom { get; private set; }

    /// <summary>Success or Failure, for ConsoleLogin and SwitchRole.</summary>
    [FromCloudTrail("responseElements.ConsoleLogin", "responseElements.SwitchRole")]
    public string? Result { get; private set; }

    [FromCloudTrail("additionalEventData.MFAUsed")]
    public bool? MfaUsed { get; private set; }

    protected override void Derive()
    {
        (PolicyDocument, AssumeRolePolicyDocument) = PolicyText.SplitTrustPolicy(EventName, PolicyDocument, AssumeRolePolicyDocument);
        if (EventName != "SwitchRole")
        {
            SwitchFrom = null;
            return;
        }
        var roleSwitch = RoleSwitch.Read(RequestUserArn, SwitchFrom, RoleArn);
        RoleArn = roleSwitch.To;
        SwitchFrom = roleSwitch.From;
        if (roleSwitch.LoggedInDestination) RequestedBy(roleSwitch.From!);
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
