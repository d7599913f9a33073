using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using IamInsights.Query;
using IamInsights.Records;
using IamInsights.Sources;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>Every catalog entry's mapping, and every risk rule with its negative cases.</summary>
public class CatalogCoverageTests
{
    private const string OtherAccountRole = "arn:aws:iam::444455556666:role/Auditor";

    private static T Map<T>(string command, string eventJson) where T : IamEvent
    {
        var record = new CloudTrailRecord(System.Text.Json.JsonDocument.Parse(eventJson).RootElement, "/x.json", "x.json", 0);
        var entry = IamCatalog.Get(command);
        var row = Assert.Single(CompiledQuery.Parse(entry.Query).Run(new[] { record }));
        return Assert.IsType<T>(entry.CreateRecord(row));
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private const string AdminDocument = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    private const string NarrowDocument = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"*\"}}";

    [Fact]
    public void Group_changes_map_and_flag_admin_and_other_users()
    {
        var attach = Map<GroupChange>("Get-IamGroupChange", Events.Make("AttachGroupPolicy",
            request: "{\"groupName\":\"ops\",\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}"));
        Assert.Equal(("ops", "arn:aws:iam::aws:policy/AdministratorAccess", ChangeKind.Added), (attach.GroupName, attach.PolicyArn, attach.Change));
        Assert.Equal(IamRisk.AdminGrant, attach.Risk);
        var detach = Map<GroupChange>("Get-IamGroupChange", Events.Make("DetachGroupPolicy",
            request: "{\"groupName\":\"ops\",\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}"));
        Assert.Equal((ChangeKind.Removed, IamRisk.None), (detach.Change, detach.Risk));
        var put = Map<GroupChange>("Get-IamGroupChange", Events.Make("PutGroupPolicy",
            request: "{\"groupName\":\"ops\",\"policyName\":\"all\",\"policyDocument\":" + Json(AdminDocument) + "}"));
        Assert.Equal(IamRisk.AdminGrant, put.Risk);
        var add = Map<GroupChange>("Get-IamGroupChange", Events.Make("AddUserToGroup", request: "{\"groupName\":\"ops\",\"userName\":\"eve\"}"));
        Assert.Equal(("eve", IamRisk.OtherPrincipal), (add.User, add.Risk));
    }

    [Fact]
    public void Role_changes_read_the_trust_policy_of_both_calls_and_flag_outside_trust()
    {
        string outside = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"sts:AssumeRole\"}]}";
        string inside = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        var create = Map<RoleChange>("Get-IamRoleChange", Events.Make("CreateRole",
            request: "{\"roleName\":\"r\",\"assumeRolePolicyDocument\":" + Json(inside) + "}"));
        Assert.Equal(("r", inside, IamRisk.None), (create.RoleName, create.AssumeRolePolicyDocument, create.Risk));
        var update = Map<RoleChange>("Get-IamRoleChange", Events.Make("UpdateAssumeRolePolicy",
            request: "{\"roleName\":\"r\",\"policyDocument\":" + Json(outside) + "}"));
        Assert.Equal(outside, update.AssumeRolePolicyDocument);
        Assert.Null(update.PolicyDocument);
        Assert.Equal(ChangeKind.Updated, update.Change);
        Assert.Equal(IamRisk.CrossAccount, update.Risk);
        var boundary = Map<RoleChange>("Get-IamRoleChange", Events.Make("PutRolePermissionsBoundary",
            request: "{\"roleName\":\"r\",\"permissionsBoundary\":\"arn:aws:iam::aws:policy/PowerUserAccess\"}"));
        Assert.Equal(IamRisk.AdminGrant, boundary.Risk);
        var custom = Map<RoleChange>("Get-IamRoleChange", Events.Make("AttachRolePolicy",
            request: "{\"roleName\":\"r\",\"policyArn\":\"arn:aws:iam::111122223333:policy/AdministratorAccess\"}"));
        Assert.Equal(IamRisk.None, custom.Risk);
    }

    [Fact]
    public void Policy_changes_read_arns_versions_and_flag_everything_documents()
    {
        var create = Map<PolicyChange>("Get-IamPolicyChange", Events.Make("CreatePolicy",
            request: "{\"policyName\":\"p\",\"policyDocument\":" + Json(NarrowDocument) + "}",
            response: "{\"policy\":{\"arn\":\"arn:aws:iam::111122223333:policy/p\"}}"));
        Assert.Equal(("arn:aws:iam::111122223333:policy/p", "p", IamRisk.None), (create.PolicyArn, create.PolicyName, create.Risk));
        var version = Map<PolicyChange>("Get-IamPolicyChange", Events.Make("CreatePolicyVersion",
            request: "{\"policyArn\":\"arn:aws:iam::111122223333:policy/p\",\"policyDocument\":" + Json(Uri.EscapeDataString(AdminDocument)) + ",\"setAsDefault\":true}",
            response: "{\"policyVersion\":{\"versionId\":\"v3\"}}"));
        Assert.Equal(("v3", true, IamRisk.AdminGrant), (version.VersionId, version.SetAsDefault, version.Risk));
        var makeDefault = Map<PolicyChange>("Get-IamPolicyChange", Events.Make("SetDefaultPolicyVersion",
            request: "{\"policyArn\":\"arn:aws:iam::111122223333:policy/p\",\"versionId\":\"v2\"}"));
        Assert.Equal(("v2", ChangeKind.Updated), (makeDefault.VersionId, makeDefault.Change));
    }

    [Fact]
    public void Access_keys_for_another_user_are_the_backdoor_pattern_and_own_keys_are_not()
    {
        var other = Map<AccessKeyEvent>("Get-IamAccessKeyEvent", Events.Make("CreateAccessKey", request: "{\"userName\":\"bob\"}",
            response: "{\"accessKey\":{\"accessKeyId\":\"AKIA1\",\"status\":\"Active\"}}"));
        Assert.Equal(("bob", "AKIA1", "Active", IamRisk.OtherPrincipal), (other.User, other.AccessKeyId, other.Status, other.Risk));
        var own = Map<AccessKeyEvent>("Get-IamAccessKeyEvent", Events.Make("CreateAccessKey", request: "{\"userName\":\"Alice\"}"));
        Assert.Equal(IamRisk.None, own.Risk);
        var implicitOwn = Map<AccessKeyEvent>("Get-IamAccessKeyEvent", Events.Make("CreateAccessKey"));
        Assert.Equal(IamRisk.None, implicitOwn.Risk);
        var delete = Map<AccessKeyEvent>("Get-IamAccessKeyEvent", Events.Make("DeleteAccessKey", request: "{\"userName\":\"bob\",\"accessKeyId\":\"AKIA1\"}"));
        Assert.Equal(("AKIA1", ChangeKind.Removed, IamRisk.None), (delete.AccessKeyId, delete.Change, delete.Risk));
        var certificate = Map<AccessKeyEvent>("Get-IamAccessKeyEvent", Events.Make("UploadSigningCertificate", request: "{\"userName\":\"bob\"}",
            response: "{\"certificate\":{\"certificateId\":\"CERT1\"}}"));
        Assert.Equal(("CERT1", IamRisk.OtherPrincipal), (certificate.AccessKeyId, certificate.Risk));
    }

    [Fact]
    public void Login_profiles_and_mfa_devices_map()
    {
        var profile = Map<LoginProfileEvent>("Get-IamLoginProfileEvent", Events.Make("CreateLoginProfile", request: "{\"userName\":\"bob\",\"passwordResetRequired\":true}"));
        Assert.Equal(("bob", true, IamRisk.OtherPrincipal), (profile.User, profile.PasswordResetRequired, profile.Risk));
        var change = Map<LoginProfileEvent>("Get-IamLoginProfileEvent", Events.Make("ChangePassword"));
        Assert.Equal((ChangeKind.Updated, IamRisk.None), (change.Change, change.Risk));
        var deactivate = Map<MfaDeviceEvent>("Get-IamMfaDeviceEvent", Events.Make("DeactivateMFADevice",
            request: "{\"userName\":\"bob\",\"serialNumber\":\"arn:aws:iam::1:mfa/bob\"}"));
        Assert.Equal(("arn:aws:iam::1:mfa/bob", ChangeKind.Removed, IamRisk.OtherPrincipal), (deactivate.SerialNumber, deactivate.Change, deactivate.Risk));
        var create = Map<MfaDeviceEvent>("Get-IamMfaDeviceEvent", Events.Make("CreateVirtualMFADevice",
            request: "{\"virtualMFADeviceName\":\"phone\"}", response: "{\"virtualMFADevice\":{\"serialNumber\":\"arn:aws:iam::1:mfa/phone\"}}"));
        Assert.Equal(("phone", "arn:aws:iam::1:mfa/phone", IamRisk.None), (create.DeviceName, create.SerialNumber, create.Risk));
    }

    [Fact]
    public void Assumed_roles_in_another_account_are_cross_account()
    {
        var cross = Map<AssumeRoleEvent>("Get-IamAssumeRoleEvent", Events.Make("AssumeRole", source: "sts.amazonaws.com",
            identity: Events.IamUser.Replace("\"accountId\":\"111122223333\"", "\"accountId\":\"111122223333\""),
            request: "{\"roleArn\":\"" + OtherAccountRole + "\",\"roleSessionName\":\"s\"}",
            response: "{\"assumedRoleUser\":{\"arn\":\"arn:aws:sts::444455556666:assumed-role/Auditor/s\"}}"));
        Assert.Equal((OtherAccountRole, "s", "arn:aws:sts::444455556666:assumed-role/Auditor/s"), (cross.RoleArn, cross.SessionName, cross.SessionArn));
        Assert.Equal(IamRisk.CrossAccount, cross.Risk);
        var same = Map<AssumeRoleEvent>("Get-IamAssumeRoleEvent", Events.Make("AssumeRole", source: "sts.amazonaws.com",
            request: "{\"roleArn\":\"arn:aws:iam::111122223333:role/r\",\"roleSessionName\":\"s\"}"));
        Assert.Equal(IamRisk.None, same.Risk);
        var service = Map<AssumeRoleEvent>("Get-IamAssumeRoleEvent", Events.Make("AssumeRole", source: "sts.amazonaws.com", identity: Events.AwsService,
            request: "{\"roleArn\":\"" + OtherAccountRole + "\",\"roleSessionName\":\"s\"}"));
        Assert.Equal(("lambda.amazonaws.com", IamRisk.None), (service.RequestUser, service.Risk));
        var federation = Map<AssumeRoleEvent>("Get-IamAssumeRoleEvent", Events.Make("GetFederationToken", source: "sts.amazonaws.com",
            request: "{\"name\":\"fed\"}", response: "{\"federatedUser\":{\"arn\":\"arn:aws:sts::1:federated-user/fed\"}}"));
        Assert.Equal(("fed", "arn:aws:sts::1:federated-user/fed"), (federation.SessionName, federation.SessionArn));
    }

    [Fact]
    public void Console_logins_flag_no_mfa_only_on_success_and_failure_without_error_code()
    {
        string Login(string result, string mfa, string? extra = null) => Events.Make("ConsoleLogin", source: "signin.amazonaws.com",
            response: "{\"ConsoleLogin\":\"" + result + "\"}",
            extra: "\"additionalEventData\":{\"MFAUsed\":\"" + mfa + "\",\"LoginTo\":\"https://console.aws.amazon.com/\"}" + (extra == null ? "" : "," + extra));
        var noMfa = Map<ConsoleLoginEvent>("Get-IamConsoleLoginEvent", Login("Success", "No"));
        Assert.Equal(("Success", false, IamRisk.NoMfa), (noMfa.Result, noMfa.MfaUsed, noMfa.Risk));
        Assert.Equal("https://console.aws.amazon.com/", noMfa.LoginTo);
        var withMfa = Map<ConsoleLoginEvent>("Get-IamConsoleLoginEvent", Login("Success", "YES"));
        Assert.Equal((true, IamRisk.None), (withMfa.MfaUsed, withMfa.Risk));
        var failed = Map<ConsoleLoginEvent>("Get-IamConsoleLoginEvent", Login("Failure", "No", "\"errorMessage\":\"Failed authentication\""));
        Assert.Null(failed.ErrorCode);
        Assert.Equal(IamRisk.Failed, failed.Risk);
        var root = Map<ConsoleLoginEvent>("Get-IamConsoleLoginEvent", Events.Make("ConsoleLogin", source: "signin.amazonaws.com", identity: Events.Root,
            response: "{\"ConsoleLogin\":\"Success\"}", extra: "\"additionalEventData\":{\"MFAUsed\":\"Yes\"}"));
        Assert.Equal(IamRisk.Root, root.Risk);
    }

    [Fact]
    public void Changes_by_users_or_root_without_mfa_are_flagged_and_role_sessions_are_not()
    {
        string noMfaUser = Events.IamUser.Replace("\"mfaAuthenticated\":\"true\"", "\"mfaAuthenticated\":\"false\"");
        Assert.Equal(IamRisk.NoMfa, Map<CreateUserEvent>("Get-IamCreateUserEvent", Events.Make("CreateUser", identity: noMfaUser)).Risk);
        Assert.Equal(IamRisk.None, Map<CreateUserEvent>("Get-IamCreateUserEvent", Events.Make("CreateUser", identity: Events.SsoSession)).Risk);
        Assert.Equal(IamRisk.None, Map<CreateUserEvent>("Get-IamCreateUserEvent", Events.Make("CreateUser")).Risk);
    }

    [Fact]
    public void Root_activity_covers_any_service_and_get_iam_event_any_catalog_event()
    {
        var root = IamCatalog.Get("Get-IamRootActivity");
        var records = new[]
        {
            Events.Make("RunInstances", source: "ec2.amazonaws.com", identity: Events.Root),
            Events.Make("CreateUser", identity: Events.Root),
            Events.Make("CreateUser"),
        }.Select((e, i) => (ILogRecord)new CloudTrailRecord(System.Text.Json.JsonDocument.Parse(e).RootElement, "/x", "x", i)).ToList();
        var rootRows = CompiledQuery.Parse(root.Query).Run(records).Select(root.CreateRecord).ToList();
        Assert.Equal(new[] { "RunInstances", "CreateUser" }, rootRows.Select(r => r.EventName));
        Assert.All(rootRows, r => Assert.True((r.Risk & IamRisk.Root) != 0));

        var any = IamCatalog.Get("Get-IamEvent");
        Assert.Equal(3, CompiledQuery.Parse(any.Query).Run(records).Count() + 1);
        Assert.Contains("ConsoleLogin", IamCatalog.CatalogEventNames);
        Assert.Contains("GetSessionToken", IamCatalog.CatalogEventNames);
        Assert.Equal(IamCatalog.CatalogEventNames.Count, IamCatalog.CatalogEventNames.Distinct().Count());
        string readOnly = IamCatalog.QueryWithFilter(any, IamCatalog.AnyEventFilter(null, includeReadOnly: true)).ToString();
        var reads = new[] { Events.Make("ListUsers"), Events.Make("GetCallerIdentity", source: "sts.amazonaws.com"), Events.Make("DescribeInstances", source: "ec2.amazonaws.com") }
            .Select((e, i) => (ILogRecord)new CloudTrailRecord(System.Text.Json.JsonDocument.Parse(e).RootElement, "/x", "x", i));
        Assert.Equal(2, CompiledQuery.Parse(readOnly).Run(reads).Count());
    }

    [Fact]
    public void Every_record_type_has_a_risk_and_every_entry_a_record_type()
    {
        foreach (var entry in IamCatalog.Entries)
        {
            Assert.True(typeof(IamEvent).IsAssignableFrom(entry.RecordType), entry.Command);
            Assert.NotNull(entry.RecordType.GetProperty(nameof(IamEvent.Risk)));
        }
        Assert.Equal(20, IamCatalog.Entries.Count);
    }
}

/// <summary>Values with any characters, pushed into the query, match exactly themselves and nothing else.</summary>
public class FilterEscapingTests
{
    private const string Alphabet = "ab\"'\\/|\n\r\t.*?+()[]{}^$#`-_ %=~,;:";

    [Fact]
    public void Random_values_with_quotes_backslashes_slashes_pipes_newlines_and_regex_characters_match_only_themselves()
    {
        var random = new Random(20261127);
        using var files = new TestFiles();
        for (int round = 0; round < 150; round++)
        {
            string value = new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            // In a filter value, * ? and ` are wildcard syntax; a literal one is written with a backtick before it.
            string literal = string.Concat(value.Select(c => c is '*' or '?' or '`' ? "`" + c : c.ToString()));
            var candidates = new[] { value, value + "x", "x" + value, value.Length > 1 ? value.Substring(1) : "y", value + "\n" }.Distinct(StringComparer.Ordinal).ToList();
            string path = files.Write($"round{round}.json", Events.Records(candidates.Select((c, i) => Events.Make("CreateUser",
                request: "{\"userName\":" + System.Text.Json.JsonSerializer.Serialize(c) + "}",
                extra: "\"marker\":" + i)).ToArray()));

            var filters = new QueryFilters { UserName = new[] { literal } };
            string query = filters.Apply(IamCatalog.Get("Get-IamCreateUserEvent").Ast) + "\n| fields marker";
            Assert.Equal(Parser.Parse(query), Parser.Parse(Parser.Parse(query).ToString()));
            var rows = new FileSource(new[] { path }).Run(query, TimeWindow.All, new RecordingObserver(), CancellationToken.None).ToList();
            var matched = rows.Select(r => candidates[(int)(double)r["marker"]!]).ToList();
            var expected = candidates.Where(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(expected.SequenceEqual(matched), $"value {System.Text.Json.JsonSerializer.Serialize(value)} matched {string.Join(" | ", matched.Select(m => System.Text.Json.JsonSerializer.Serialize(m)))}");
            Assert.True(QueryFilters.Matches(value, literal));
        }
    }

    [Fact]
    public void Wildcards_match_prefixes_and_single_characters()
    {
        Assert.True(QueryFilters.Matches("svc-deploy", "svc-*"));
        Assert.True(QueryFilters.Matches("SVC-deploy", "svc-*"));
        Assert.False(QueryFilters.Matches("my-svc-deploy", "svc-*"));
        Assert.True(QueryFilters.Matches("user1", "user?"));
        Assert.False(QueryFilters.Matches("user12", "user?"));
        Assert.True(QueryFilters.Matches("a*b", "a`*b"));
        Assert.False(QueryFilters.Matches("axb", "a`*b"));
    }
}
