using System;
using System.Collections.Generic;
using System.Linq;
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

    public static IReadOnlyList<CatalogEntry> Entries { get; } = new[]
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
            "responseElements.SwitchRole as Result, additionalEventData.SwitchTo as SwitchTo, userIdentity.arn as SwitchFrom"),
        Entry<UserPolicyChange>("Get-IamUserPolicyChange",
            "Finds every change to the policies of IAM users: inline, managed and permissions boundaries.", Iam,
            new[]
            {
                "PutUserPolicy", "DeleteUserPolicy", "AttachUserPolicy", "DetachUserPolicy",
                "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
            },
            "requestParameters.userName as User, requestParameters.policyName as PolicyName,\n         requestParameters.policyArn as PolicyArn, requestParameters.policyDocument as PolicyDocument,\n         requestParameters.permissionsBoundary as PermissionsBoundary"),
    };

    /// <summary>The entry of a cmdlet, by its name (case-insensitive).</summary>
    public static CatalogEntry Get(string command) =>
        Entries.FirstOrDefault(e => string.Equals(e.Command, command, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"The catalog has no query for '{command}'.", nameof(command));

    private static CatalogEntry Entry<T>(string command, string synopsis, string eventSource, string[] eventNames, string fields)
        where T : IamEvent, new()
    {
        string eventFilter = eventNames.Length == 1
            ? $"eventName = \"{eventNames[0]}\""
            : "eventName in [" + string.Join(", ", eventNames.Select(n => "\"" + n + "\"")) + "]";
        string query =
            $"filter eventSource = \"{eventSource}\" and {eventFilter}\n" +
            $"| {CommonFields.FieldsCommand}\n" +
            $"| fields {fields}";
        return new CatalogEntry(command, synopsis, eventSource, eventNames, query, typeof(T), () => new T());
    }
}
