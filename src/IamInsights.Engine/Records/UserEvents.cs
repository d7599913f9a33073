using System;

namespace IamInsights.Records;

/// <summary>iam CreateUser.</summary>
[TableView("EventTime", "RequestUser", "CreatedUser", "CreateDate", "Risk")]
public sealed class CreateUserEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? CreatedUser { get; private set; }

    /// <summary>responseElements.user.createDate in UTC; null when the response lacks it (a failed call).</summary>
    [FromCloudTrail("responseElements.user.createDate")]
    public DateTime? CreateDate { get; private set; }
}

/// <summary>iam DeleteUser.</summary>
[TableView("EventTime", "RequestUser", "DeletedUser", "Risk")]
public sealed class DeleteUserEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? DeletedUser { get; private set; }
}

/// <summary>iam AddUserToGroup.</summary>
[TableView("EventTime", "RequestUser", "AddedUser", "GroupName", "Risk")]
public sealed class AddUserToGroupEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? AddedUser { get; private set; }

    [FromCloudTrail("requestParameters.groupName")]
    public string? GroupName { get; private set; }

    protected override RiskFacts Facts() => new() { TargetUser = AddedUser };
}

/// <summary>iam RemoveUserFromGroup.</summary>
[TableView("EventTime", "RequestUser", "User", "RemovedGroup", "Risk")]
public sealed class RemoveUserFromGroupEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    [FromCloudTrail("requestParameters.groupName")]
    public string? RemovedGroup { get; private set; }
}

/// <summary>iam PutUserPermissionsBoundary.</summary>
[TableView("EventTime", "RequestUser", "AddedUser", "PermissionsBoundary", "Risk")]
public sealed class PutUserPermissionsBoundaryEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? AddedUser { get; private set; }

    /// <summary>The ARN of the boundary policy.</summary>
    [FromCloudTrail("requestParameters.permissionsBoundary")]
    public string? PermissionsBoundary { get; private set; }

    protected override RiskFacts Facts() => new() { TargetUser = AddedUser, PermissionsBoundary = PermissionsBoundary };
}

/// <summary>iam DeleteUserPermissionsBoundary.</summary>
[TableView("EventTime", "RequestUser", "User", "Risk")]
public sealed class DeleteUserPermissionsBoundaryEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>iam PutUserPolicy.</summary>
[TableView("EventTime", "RequestUser", "User", "PolicyName", "Risk")]
public sealed class PutUserPolicyEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    [FromCloudTrail("requestParameters.policyName")]
    public string? PolicyName { get; private set; }

    /// <summary>The inline policy as JSON text, URL-decoded when CloudTrail recorded it encoded.</summary>
    [FromCloudTrail("requestParameters.policyDocument", PolicyDocument = true)]
    public string? PolicyDocument { get; private set; }

    protected override RiskFacts Facts() => new() { TargetUser = User, PolicyDocument = PolicyDocument };
}

/// <summary>iam DetachUserPolicy.</summary>
[TableView("EventTime", "RequestUser", "DetachedUser", "DetachedPolicy", "Risk")]
public sealed class DetachUserPolicyEvent : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? DetachedUser { get; private set; }

    /// <summary>The ARN of the managed policy.</summary>
    [FromCloudTrail("requestParameters.policyArn")]
    public string? DetachedPolicy { get; private set; }
}

/// <summary>
/// signin SwitchRole: a console user switching into a role. Either shape CloudTrail records it in gives the same
/// record (see <see cref="RoleSwitch"/>); RequestUser is always the principal that switched.
/// </summary>
[TableView("EventTime", "RequestUser", "Result", "SwitchTo", "Risk")]
public sealed class SwitchRoleEvent : IamEvent
{
    /// <summary>responseElements.SwitchRole: Success or Failure.</summary>
    [FromCloudTrail("responseElements.SwitchRole")]
    public string? Result { get; private set; }

    /// <summary>The ARN of the role switched to: additionalEventData.SwitchTo, or the role of the new session (userIdentity.arn).</summary>
    [FromCloudTrail("additionalEventData.SwitchTo")]
    public string? SwitchTo { get; private set; }

    /// <summary>The ARN of the principal that switched: additionalEventData.SwitchFrom, or else userIdentity.arn.</summary>
    [FromCloudTrail("additionalEventData.SwitchFrom", "userIdentity.arn")]
    public string? SwitchFrom { get; private set; }

    protected override void Derive()
    {
        var roleSwitch = RoleSwitch.Read(RequestUserArn, SwitchFrom, SwitchTo);
        SwitchTo = roleSwitch.To;
        SwitchFrom = roleSwitch.From;
        if (roleSwitch.LoggedInDestination) RequestedBy(roleSwitch.From!);
    }

    protected override RiskFacts Facts() => new() { Result = Result, TargetRoleArn = SwitchTo };
}

/// <summary>Any change to a user's policies: inline, managed or permissions boundary.</summary>
[TableView("EventTime", "RequestUser", "Change", "User", "EventName", "Policy", "Risk")]
[FirstGivenColumn("Policy", "PolicyName", "PolicyArn", "PermissionsBoundary")]
public sealed class UserPolicyChange : IamEvent
{
    [FromCloudTrail("requestParameters.userName")]
    public string? User { get; private set; }

    /// <summary>The inline policy's name (PutUserPolicy, DeleteUserPolicy).</summary>
    [FromCloudTrail("requestParameters.policyName")]
    public string? PolicyName { get; private set; }

    /// <summary>The managed policy's ARN (AttachUserPolicy, DetachUserPolicy).</summary>
    [FromCloudTrail("requestParameters.policyArn")]
    public string? PolicyArn { get; private set; }

    /// <summary>The inline policy's JSON text (PutUserPolicy).</summary>
    [FromCloudTrail("requestParameters.policyDocument", PolicyDocument = true)]
    public string? PolicyDocument { get; private set; }

    /// <summary>The boundary policy's ARN (PutUserPermissionsBoundary).</summary>
    [FromCloudTrail("requestParameters.permissionsBoundary")]
    public string? PermissionsBoundary { get; private set; }

    /// <summary>Added or Removed.</summary>
    [Computed(ChangeKinds.Description)]
    public ChangeKind Change => ChangeOf();

    protected override RiskFacts Facts() =>
        new() { TargetUser = User, PolicyArn = PolicyArn, PolicyDocument = PolicyDocument, PermissionsBoundary = PermissionsBoundary };
}
