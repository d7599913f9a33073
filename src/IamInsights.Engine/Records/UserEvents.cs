using System;
using IamInsights.Query;

namespace IamInsights.Records;

/// <summary>iam CreateUser.</summary>
public sealed class CreateUserEvent : IamEvent
{
    public string? CreatedUser { get; private set; }

    /// <summary>responseElements.user.createDate in UTC; null when the response lacks it (a failed call).</summary>
    public DateTime? CreateDate { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        CreatedUser = row.GetText(nameof(CreatedUser));
        CreateDate = Dates.Parse(row.GetText(nameof(CreateDate)));
    }
}

/// <summary>iam DeleteUser.</summary>
public sealed class DeleteUserEvent : IamEvent
{
    public string? DeletedUser { get; private set; }

    protected override void ReadSpecific(ResultRow row) => DeletedUser = row.GetText(nameof(DeletedUser));
}

/// <summary>iam AddUserToGroup.</summary>
public sealed class AddUserToGroupEvent : IamEvent
{
    public string? AddedUser { get; private set; }

    public string? GroupName { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        AddedUser = row.GetText(nameof(AddedUser));
        GroupName = row.GetText(nameof(GroupName));
    }

    protected override RiskFacts Facts() => new() { TargetUser = AddedUser };
}

/// <summary>iam RemoveUserFromGroup.</summary>
public sealed class RemoveUserFromGroupEvent : IamEvent
{
    public string? User { get; private set; }

    public string? RemovedGroup { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        User = row.GetText(nameof(User));
        RemovedGroup = row.GetText(nameof(RemovedGroup));
    }
}

/// <summary>iam PutUserPermissionsBoundary.</summary>
public sealed class PutUserPermissionsBoundaryEvent : IamEvent
{
    public string? AddedUser { get; private set; }

    /// <summary>The ARN of the boundary policy.</summary>
    public string? PermissionsBoundary { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        AddedUser = row.GetText(nameof(AddedUser));
        PermissionsBoundary = row.GetText(nameof(PermissionsBoundary));
    }

    protected override RiskFacts Facts() => new() { TargetUser = AddedUser, PermissionsBoundary = PermissionsBoundary };
}

/// <summary>iam DeleteUserPermissionsBoundary.</summary>
public sealed class DeleteUserPermissionsBoundaryEvent : IamEvent
{
    public string? User { get; private set; }

    protected override void ReadSpecific(ResultRow row) => User = row.GetText(nameof(User));

    protected override RiskFacts Facts() => new() { TargetUser = User };
}

/// <summary>iam PutUserPolicy.</summary>
public sealed class PutUserPolicyEvent : IamEvent
{
    public string? User { get; private set; }

    public string? PolicyName { get; private set; }

    /// <summary>The inline policy as JSON text, URL-decoded when CloudTrail recorded it encoded.</summary>
    public string? PolicyDocument { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        User = row.GetText(nameof(User));
        PolicyName = row.GetText(nameof(PolicyName));
        PolicyDocument = PolicyText.Decode(row.GetText(nameof(PolicyDocument)));
    }

    protected override RiskFacts Facts() => new() { TargetUser = User, PolicyDocument = PolicyDocument };
}

/// <summary>iam DetachUserPolicy.</summary>
public sealed class DetachUserPolicyEvent : IamEvent
{
    public string? DetachedUser { get; private set; }

    /// <summary>The ARN of the managed policy.</summary>
    public string? DetachedPolicy { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        DetachedUser = row.GetText(nameof(DetachedUser));
        DetachedPolicy = row.GetText(nameof(DetachedPolicy));
    }
}

/// <summary>
/// signin SwitchRole: a console user switching into a role. Either shape CloudTrail records it in gives the same
/// record (see <see cref="RoleSwitch"/>); RequestUser is always the principal that switched.
/// </summary>
public sealed class SwitchRoleEvent : IamEvent
{
    /// <summary>responseElements.SwitchRole: Success or Failure.</summary>
    public string? Result { get; private set; }

    /// <summary>The ARN of the role switched to: additionalEventData.SwitchTo, or the role of the new session (userIdentity.arn).</summary>
    public string? SwitchTo { get; private set; }

    /// <summary>The ARN of the principal that switched: additionalEventData.SwitchFrom, or else userIdentity.arn.</summary>
    public string? SwitchFrom { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        Result = row.GetText(nameof(Result));
        var roleSwitch = RoleSwitch.Read(RequestUserArn, row.GetText(nameof(SwitchFrom)), row.GetText(nameof(SwitchTo)));
        SwitchTo = roleSwitch.To;
        SwitchFrom = roleSwitch.From;
        if (roleSwitch.LoggedInDestination) RequestedBy(roleSwitch.From!);
    }

    protected override RiskFacts Facts() => new() { Result = Result, TargetRoleArn = SwitchTo };
}

/// <summary>Any change to a user's policies: inline, managed or permissions boundary.</summary>
public sealed class UserPolicyChange : IamEvent
{
    public string? User { get; private set; }

    /// <summary>The inline policy's name (PutUserPolicy, DeleteUserPolicy).</summary>
    public string? PolicyName { get; private set; }

    /// <summary>The managed policy's ARN (AttachUserPolicy, DetachUserPolicy).</summary>
    public string? PolicyArn { get; private set; }

    /// <summary>The inline policy's JSON text (PutUserPolicy).</summary>
    public string? PolicyDocument { get; private set; }

    /// <summary>The boundary policy's ARN (PutUserPermissionsBoundary).</summary>
    public string? PermissionsBoundary { get; private set; }

    /// <summary>Added or Removed.</summary>
    public ChangeKind Change { get; private set; }

    protected override void ReadSpecific(ResultRow row)
    {
        User = row.GetText(nameof(User));
        PolicyName = row.GetText(nameof(PolicyName));
        PolicyArn = row.GetText(nameof(PolicyArn));
        PolicyDocument = PolicyText.Decode(row.GetText(nameof(PolicyDocument)));
        PermissionsBoundary = row.GetText(nameof(PermissionsBoundary));
        Change = ChangeOf();
    }

    protected override RiskFacts Facts() =>
        new() { TargetUser = User, PolicyArn = PolicyArn, PolicyDocument = PolicyDocument, PermissionsBoundary = PermissionsBoundary };
}
