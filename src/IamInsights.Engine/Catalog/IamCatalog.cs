using System;
using System.Collections.Generic;
using System.Linq;
using IamInsights.Query;
using IamInsights.Records;

namespace IamInsights;

/// <summary>
/// Every query the module knows, built once as a Logs Insights syntax tree and run by every source.
/// Each template filters on the event, then selects the common fields, then the fields its record type declares
/// (<see cref="RecordSchema"/>) under the names of the record's properties.
/// </summary>
public static class IamCatalog
{
    public const string Iam = "iam.amazonaws.com";
    public const string SignIn = "signin.amazonaws.com";
    public const string Sts = "sts.amazonaws.com";

    public static IReadOnlyList<CatalogEntry> Entries { get; } = Build();

    /// <summary>The event names of the catalog's event-specific queries, which Get-IamEvent covers.</summary>
    public static IReadOnlyList<string> CatalogEventNames => Get("Get-IamEvent").EventNames;

    private static CatalogEntry[] Build()
    {
        var specific = new List<CatalogEntry>
        {
            Entry<CreateUserEvent>("Get-IamCreateUserEvent", "Finds IAM users being created.", Iam, new[] { "CreateUser" }),
            Entry<DeleteUserEvent>("Get-IamDeleteUserEvent", "Finds IAM users being deleted.", Iam, new[] { "DeleteUser" }),
            Entry<AddUserToGroupEvent>("Get-IamAddUserToGroupEvent", "Finds IAM users being added to groups.", Iam,
                new[] { "AddUserToGroup" }),
            Entry<RemoveUserFromGroupEvent>("Get-IamRemoveUserFromGroupEvent", "Finds IAM users being removed from groups.", Iam,
                new[] { "RemoveUserFromGroup" }),
            Entry<PutUserPermissionsBoundaryEvent>("Get-IamPutUserPermissionsBoundaryEvent",
                "Finds permissions boundaries being set on IAM users.", Iam, new[] { "PutUserPermissionsBoundary" }),
            Entry<DeleteUserPermissionsBoundaryEvent>("Get-IamDeleteUserPermissionsBoundaryEvent",
                "Finds permissions boundaries being removed from IAM users.", Iam, new[] { "DeleteUserPermissionsBoundary" }),
            Entry<PutUserPolicyEvent>("Get-IamPutUserPolicyEvent", "Finds inline policies being put on IAM users.", Iam,
                new[] { "PutUserPolicy" }),
            Entry<DetachUserPolicyEvent>("Get-IamDetachUserPolicyEvent", "Finds managed policies being detached from IAM users.", Iam,
                new[] { "DetachUserPolicy" }),
            Entry<SwitchRoleEvent>("Get-IamSwitchRoleEvent", "Finds console users switching roles.", SignIn, new[] { "SwitchRole" }),
            Entry<UserPolicyChange>("Get-IamUserPolicyChange",
                "Finds every change to the policies of IAM users: inline, managed and permissions boundaries.", Iam,
                new[]
                {
                    "PutUserPolicy", "DeleteUserPolicy", "AttachUserPolicy", "DetachUserPolicy",
                    "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
                }),
            Entry<GroupChange>("Get-IamGroupChange", "Finds changes to IAM groups: groups, members and policies.", Iam,
                new[]
                {
                    "CreateGroup", "DeleteGroup", "AddUserToGroup", "RemoveUserFromGroup", "PutGroupPolicy", "DeleteGroupPolicy",
                    "AttachGroupPolicy", "DetachGroupPolicy",
                }),
            Entry<RoleChange>("Get-IamRoleChange", "Finds changes to IAM roles: roles, trust policies, policies and boundaries.", Iam,
                new[]
                {
                    "CreateRole", "DeleteRole", "UpdateAssumeRolePolicy", "PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy",
                    "DetachRolePolicy", "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
                }),
            Entry<PolicyChange>("Get-IamPolicyChange", "Finds managed policies and policy versions being created, deleted or made default.", Iam,
                new[] { "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion" }),
            Entry<AccessKeyEvent>("Get-IamAccessKeyEvent", "Finds access keys and signing certificates being created, changed or deleted.", Iam,
                new[] { "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "UploadSigningCertificate" }),
            Entry<LoginProfileEvent>("Get-IamLoginProfileEvent", "Finds console passwords being created, changed or deleted.", Iam,
                new[] { "CreateLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword" }),
            Entry<MfaDeviceEvent>("Get-IamMfaDeviceEvent", "Finds MFA devices being created, enabled, deactivated or deleted.", Iam,
                new[] { "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice" }),
            Entry<AssumeRoleEvent>("Get-IamAssumeRoleEvent", "Finds STS sessions: roles assumed, and federation and session tokens.", Sts,
                new[] { "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetFederationToken", "GetSessionToken" }),
            Entry<ConsoleLoginEvent>("Get-IamConsoleLoginEvent", "Finds console sign-ins, with their result and whether MFA was used.", SignIn,
                new[] { "ConsoleLogin" }),
        };
        var names = specific.SelectMany(e => e.EventNames).Distinct().ToArray();
        specific.Add(Custom<IamActivity>("Get-IamRootActivity", "Finds everything the root user did, in any service.", "any",
            Equal("userIdentity.type", "Root"), Array.Empty<string>()));
        specific.Add(Custom<IamActivity>("Get-IamEvent", "Finds any IAM, STS or sign-in event of the catalog.", $"{Iam}, {Sts}, {SignIn}",
            AnyEventFilter(names, includeReadOnly: false), names));
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

    /// <summary>A template: the event's filter, the common fields, then the fields the record type declares.</summary>
    private static QueryAst Compose(Expr filter, Type recordType) =>
        new(new Sequence<Command>(new Command[] { new FilterCommand(filter), CommonFields.Command, RecordSchema.Of(recordType).Command }));

    private static CatalogEntry Entry<T>(string command, string synopsis, string eventSource, string[] eventNames)
        where T : IamEvent, new() =>
        Custom<T>(command, synopsis, eventSource, new BinaryExpr("and", Equal("eventSource", eventSource), EventNameFilter(eventNames)), eventNames);

    private static CatalogEntry Custom<T>(string command, string synopsis, string eventSource, Expr filter, IReadOnlyList<string> eventNames)
        where T : IamEvent, new() =>
        new(command, synopsis, eventSource, eventNames, Compose(filter, typeof(T)), typeof(T), () => new T());
}
