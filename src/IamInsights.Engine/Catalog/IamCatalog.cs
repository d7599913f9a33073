using System;
using System.Collections.Generic;
using System.Linq;
using IamInsights.Query;
using IamInsights.Records;

namespace IamInsights;

/// <summary>
/// Every query the module knows, written once in the Logs Insights language and run by every source.
/// Each template filters on the event, then selects the common fields, then the event's own fields under the
/// names of the record's properties.
/// </summary>
public static class IamCatalog
{
    public const string Iam = "iam.amazonaws.com";
    public const string SignIn = "signin.amazonaws.com";
    public const string Sts = "sts.amazonaws.com";

    /// <summary>The fields of the any-event records (Get-IamEvent, Get-IamRootActivity).</summary>
    private const string ActivityFields =
        "requestParameters.userName as User, requestParameters.roleName as RoleName,\n         requestParameters.groupName as GroupName, requestParameters.policyArn as PolicyArn,\n         requestParameters.policyName as PolicyName, requestParameters.policyDocument as PolicyDocument,\n         requestParameters.permissionsBoundary as PermissionsBoundary,\n         requestParameters.assumeRolePolicyDocument as AssumeRolePolicyDocument,\n         coalesce(requestParameters.roleArn, additionalEventData.SwitchTo) as RoleArn,\n         additionalEventData.SwitchFrom as SwitchFrom,\n         coalesce(responseElements.ConsoleLogin, responseElements.SwitchRole) as Result,\n         additionalEventData.MFAUsed as MfaUsed";

    public static IReadOnlyList<CatalogEntry> Entries { get; } = Build();

    /// <summary>The event names of the catalog's event-specific queries, which Get-IamEvent covers.</summary>
    public static IReadOnlyList<string> CatalogEventNames => Get("Get-IamEvent").EventNames;

    private static CatalogEntry[] Build()
    {
        var specific = new List<CatalogEntry>
        {
        Entry<CreateUserEvent>("Get-IamCreateUserEvent", "Finds IAM users being created.", Iam, new[] { "CreateUser" },
            "requestParameters.userName as CreatedUser, responseElements.user.createDate as CreateDate"),
        Entry<DeleteUserEvent>("Get-IamDeleteUserEvent", "Finds IAM users being deleted.", Iam, new[] { "DeleteUser" },
            "requestParameters.userName as DeletedUser"),
        Entry<AddUserToGroupEvent>("Get-IamAddUserToGroupEvent", "Finds IAM users being added to groups.", Iam,
            new[] { "AddUserToGroup" },
            "requestParameters.userName as AddedUser, requestParameters.groupName as GroupName"),
        Entry<RemoveUserFromGroupEvent>("Get-IamRemoveUserFromGroupEvent", "Finds IAM users being removed from groups.", Iam,
            new[] { "RemoveUserFromGroup" },
            "requestParameters.userName as User, requestParameters.groupName as RemovedGroup"),
        Entry<PutUserPermissionsBoundaryEvent>("Get-IamPutUserPermissionsBoundaryEvent",
            "Finds permissions boundaries being set on IAM users.", Iam, new[] { "PutUserPermissionsBoundary" },
            "requestParameters.userName as AddedUser, requestParameters.permissionsBoundary as PermissionsBoundary"),
        Entry<DeleteUserPermissionsBoundaryEvent>("Get-IamDeleteUserPermissionsBoundaryEvent",
            "Finds permissions boundaries being removed from IAM users.", Iam, new[] { "DeleteUserPermissionsBoundary" },
            "requestParameters.userName as User"),
        Entry<PutUserPolicyEvent>("Get-IamPutUserPolicyEvent", "Finds inline policies being put on IAM users.", Iam,
            new[] { "PutUserPolicy" },
            "requestParameters.userName as User, requestParameters.policyName as PolicyName,\n         requestParameters.policyDocument as PolicyDocument"),
        Entry<DetachUserPolicyEvent>("Get-IamDetachUserPolicyEvent", "Finds managed policies being detached from IAM users.", Iam,
            new[] { "DetachUserPolicy" },
            "requestParameters.userName as DetachedUser, requestParameters.policyArn as DetachedPolicy"),
        Entry<SwitchRoleEvent>("Get-IamSwitchRoleEvent", "Finds console users switching roles.", SignIn, new[] { "SwitchRole" },
            "responseElements.SwitchRole as Result, additionalEventData.SwitchTo as SwitchTo,\n         coalesce(additionalEventData.SwitchFrom, userIdentity.arn) as SwitchFrom"),
        Entry<UserPolicyChange>("Get-IamUserPolicyChange",
            "Finds every change to the policies of IAM users: inline, managed and permissions boundaries.", Iam,
            new[]
            {
                "PutUserPolicy", "DeleteUserPolicy", "AttachUserPolicy", "DetachUserPolicy",
                "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
            },
            "requestParameters.userName as User, requestParameters.policyName as PolicyName,\n         requestParameters.policyArn as PolicyArn, requestParameters.policyDocument as PolicyDocument,\n         requestParameters.permissionsBoundary as PermissionsBoundary"),
        Entry<GroupChange>("Get-IamGroupChange", "Finds changes to IAM groups: groups, members and policies.", Iam,
            new[]
            {
                "CreateGroup", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup", "PutGroupPolicy", "DeleteGroupPolicy",
                "AttachGroupPolicy", "DetachGroupPolicy",
            },
            "requestParameters.groupName as GroupName, requestParameters.userName as User,\n         requestParameters.policyName as PolicyName, requestParameters.policyArn as PolicyArn,\n         requestParameters.policyDocument as PolicyDocument"),
        Entry<RoleChange>("Get-IamRoleChange", "Finds changes to IAM roles: roles, trust policies, policies and boundaries.", Iam,
            new[]
            {
                "CreateRole", "DeleteRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy",
                "DetachRolePolicy", "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
            },
            "requestParameters.roleName as RoleName, requestParameters.policyName as PolicyName,\n         requestParameters.policyArn as PolicyArn, requestParameters.policyDocument as PolicyDocument,\n         requestParameters.assumeRolePolicyDocument as AssumeRolePolicyDocument,\n         requestParameters.permissionsBoundary as PermissionsBoundary"),
        Entry<PolicyChange>("Get-IamPolicyChange", "Finds managed policies and policy versions being created, deleted or made default.", Iam,
            new[] { "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion" },
            "coalesce(requestParameters.policyArn, responseElements.policy.arn) as PolicyArn,\n         requestParameters.policyName as PolicyName,\n         coalesce(requestParameters.versionId, responseElements.policyVersion.versionId) as VersionId,\n         requestParameters.policyDocument as PolicyDocument, requestParameters.setAsDefault as SetAsDefault"),
        Entry<AccessKeyEvent>("Get-IamAccessKeyEvent", "Finds access keys and signing certificates being created, changed or deleted.", Iam,
            new[] { "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "UploadSigningCertificate" },
            "requestParameters.userName as User,\n         coalesce(requestParameters.accessKeyId, responseElements.accessKey.accessKeyId, responseElements.certificate.certificateId) as AccessKeyId,\n         coalesce(requestParameters.status, responseElements.accessKey.status) as Status"),
        Entry<LoginProfileEvent>("Get-IamLoginProfileEvent", "Finds console passwords being created, changed or deleted.", Iam,
            new[] { "CreateLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword" },
            "requestParameters.userName as User, requestParameters.passwordResetRequired as PasswordResetRequired"),
        Entry<MfaDeviceEvent>("Get-IamMfaDeviceEvent", "Finds MFA devices being created, enabled, deactivated or deleted.", Iam,
            new[] { "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice" },
            "requestParameters.userName as User,\n         coalesce(requestParameters.serialNumber, responseElements.virtualMFADevice.serialNumber) as SerialNumber,\n         requestParameters.virtualMFADeviceName as DeviceName"),
        Entry<AssumeRoleEvent>("Get-IamAssumeRoleEvent", "Finds STS sessions: roles assumed, and federation and session tokens.", Sts,
            new[] { "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetFederationToken", "GetSessionToken" },
            "requestParameters.roleArn as RoleArn, coalesce(requestParameters.roleSessionName, requestParameters.name) as SessionName,\n         coalesce(responseElements.assumedRoleUser.arn, responseElements.federatedUser.arn) as SessionArn,\n         requestParameters.principalArn as PrincipalArn, requestParameters.serialNumber as MfaSerialNumber"),
        Entry<ConsoleLoginEvent>("Get-IamConsoleLoginEvent", "Finds console sign-ins, with their result and whether MFA was used.", SignIn,
            new[] { "ConsoleLogin" },
            "responseElements.ConsoleLogin as Result, additionalEventData.MFAUsed as MfaUsed,\n         additionalEventData.LoginTo as LoginTo"),
        };
        var names = specific.SelectMany(e => e.EventNames).Distinct().ToArray();
        specific.Add(Custom<IamActivity>("Get-IamRootActivity", "Finds everything the root user did, in any service.", "any",
            Equal("userIdentity.type", "Root"), Array.Empty<string>(), ActivityFields));
        specific.Add(Custom<IamActivity>("Get-IamEvent", "Finds any IAM, STS or sign-in event of the catalog.", $"{Iam}, {Sts}, {SignIn}",
            AnyEventFilter(names, includeReadOnly: false), names, ActivityFields));
        return specific.ToArray();
    }

    /// <summary>The entry of a cmdlet, by its name (case-insensitive).</summary>
    public static CatalogEntry Get(string command) =>
        Entries.FirstOrDefault(e => string.Equals(e.Command, command, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"The catalog has no query for '{command}'.", nameof(command));

    /// <summary>
    /// The filter of Get-IamEvent: IAM, STS and sign-in events, limited to <paramref name="eventNames"/> (default: the
    /// catalog's); with <paramref name="includeReadOnly"/> and no names, every event of those services.
    /// </summary>
    public static Expr AnyEventFilter(IReadOnlyList<string>? eventNames, bool includeReadOnly)
    {
        Expr sources = In("eventSource", new[] { Iam, Sts, SignIn });
        if (eventNames == null && includeReadOnly) return sources;
        return new BinaryExpr("and", sources, EventNameFilter(eventNames ?? CatalogEventNames));
    }

    /// <summary>The query of an entry with another filter (Get-IamEvent's -EventName and -IncludeReadOnly).</summary>
    public static QueryAst QueryWithFilter(CatalogEntry entry, Expr filter) =>
        new(new Sequence<Command>(new Command[] { new FilterCommand(filter) }.Concat(entry.Ast.Commands.Skip(1))));

    private static Expr EventNameFilter(IReadOnlyList<string> names) =>
        names.Count == 1 ? Equal("eventName", names[0]) : In("eventName", names);

    private static Expr Equal(string field, string value) => new BinaryExpr("=", new FieldExpr(field), new StringExpr(value));

    private static Expr In(string field, IEnumerable<string> values) =>
        new InExpr(new FieldExpr(field), new Sequence<Expr>(values.Select(v => (Expr)new StringExpr(v))), Negated: false);

    /// <summary>A template: the event's filter, the common fields, then the event's own fields under the record's property names.</summary>
    private static QueryAst Compose(Expr filter, string fields) =>
        new(new Sequence<Command>(new Command[] { new FilterCommand(filter), CommonFields.Command, (FieldsCommand)Parser.Parse("fields " + fields).Commands[0] }));

    private static CatalogEntry Entry<T>(string command, string synopsis, string eventSource, string[] eventNames, string fields)
        where T : IamEvent, new() =>
        Custom<T>(command, synopsis, eventSource, new BinaryExpr("and", Equal("eventSource", eventSource), EventNameFilter(eventNames)), eventNames, fields);

    private static CatalogEntry Custom<T>(string command, string synopsis, string eventSource, Expr filter, IReadOnlyList<string> eventNames,
        string fields)
        where T : IamEvent, new()
    {
        return new CatalogEntry(command, synopsis, eventSource, eventNames, Compose(filter, fields), typeof(T), () => new T());
    }
}
