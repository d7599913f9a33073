using System;
using System.Linq;
using IamInsights.Query;
using IamInsights.Records;
using IamInsights.Sources;
using Xunit;

namespace IamInsights.Tests;

public class RecordMappingTests
{
    private static T Map<T>(string command, string eventJson) where T : IamEvent
    {
        var record = new CloudTrailRecord(System.Text.Json.JsonDocument.Parse(eventJson).RootElement, "/x.json", "x.json", 0);
        var entry = IamCatalog.Get(command);
        var row = CompiledQuery.Parse(entry.Query).Run(new[] { record }).Single();
        return Assert.IsType<T>(entry.CreateRecord(row));
    }

    [Fact]
    public void An_iam_user_is_named_by_user_name_with_mfa_and_common_fields()
    {
        var e = Map<CreateUserEvent>("Get-IamCreateUserEvent", Events.Make("CreateUser", "2026-11-20T08:10:11Z",
            request: "{\"userName\":\"deploy\"}", response: "{\"user\":{\"createDate\":\"Nov 20, 2026, 8:10:11 AM\"}}"));
        Assert.Equal("alice", e.RequestUser);
        Assert.Equal("IAMUser", e.UserIdentityType);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", e.RequestUserArn);
        Assert.True(e.MfaAuthenticated);
        Assert.Equal(new DateTime(2026, 11, 20, 8, 10, 11, DateTimeKind.Utc), e.EventTime);
        Assert.Equal(DateTimeKind.Utc, e.EventTime.Kind);
        Assert.Equal("111122223333", e.AccountId);
        Assert.Equal("us-east-1", e.AwsRegion);
        Assert.Equal("203.0.113.5", e.SourceIPAddress);
        Assert.Equal("deploy", e.CreatedUser);
        Assert.Equal(new DateTime(2026, 11, 20, 8, 10, 11, DateTimeKind.Utc), e.CreateDate);
        Assert.Null(e.ErrorCode);
    }

    [Fact]
    public void A_role_session_is_named_by_its_session_name()
    {
        var e = Map<DeleteUserEvent>("Get-IamDeleteUserEvent", Events.Make("DeleteUser", identity: Events.SsoSession, request: "{\"userName\":\"x\"}"));
        Assert.Equal("bob@example.com", e.RequestUser);
        Assert.Equal("AssumedRole", e.UserIdentityType);
        Assert.False(e.MfaAuthenticated);
    }

    [Fact]
    public void Root_is_named_root_and_has_no_mfa_value_when_absent()
    {
        var e = Map<DeleteUserEvent>("Get-IamDeleteUserEvent", Events.Make("DeleteUser", identity: Events.Root));
        Assert.Equal("root", e.RequestUser);
        Assert.Null(e.MfaAuthenticated);
        Assert.Null(e.DeletedUser);
    }

    [Fact]
    public void A_service_without_arn_or_principal_is_named_by_the_service_that_invoked_it()
    {
        var e = Map<DeleteUserEvent>("Get-IamDeleteUserEvent", Events.Make("DeleteUser", identity: Events.AwsService));
        Assert.Equal("lambda.amazonaws.com", e.RequestUser);
        Assert.Equal("AWSService", e.UserIdentityType);
    }

    [Theory]
    [InlineData("Nov 20, 2026, 8:10:11 AM", 2026, 11, 20, 8, 10, 11)]
    [InlineData("Aug 1, 2024 1:42:21 PM", 2024, 8, 1, 13, 42, 21)]
    [InlineData("Jul 30, 2024, 9:46:15 PM", 2024, 7, 30, 21, 46, 15)]
    [InlineData("2024-08-01T13:42:21Z", 2024, 8, 1, 13, 42, 21)]
    public void Response_dates_in_every_cloudtrail_format_parse_to_utc(string text, int y, int mo, int d, int h, int mi, int s)
    {
        var e = Map<CreateUserEvent>("Get-IamCreateUserEvent",
            Events.Make("CreateUser", response: "{\"user\":{\"createDate\":\"" + text + "\"}}"));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc), e.CreateDate);
        Assert.Equal(DateTimeKind.Utc, e.CreateDate!.Value.Kind);
    }

    [Fact]
    public void A_failed_call_keeps_its_error_and_has_no_create_date()
    {
        var e = Map<CreateUserEvent>("Get-IamCreateUserEvent", Events.Make("CreateUser",
            extra: "\"errorCode\":\"EntityAlreadyExists\",\"errorMessage\":\"User exists.\""));
        Assert.Equal("EntityAlreadyExists", e.ErrorCode);
        Assert.Equal("User exists.", e.ErrorMessage);
        Assert.Null(e.CreateDate);
    }

    [Fact]
    public void A_url_encoded_policy_document_is_decoded_and_a_plain_one_is_kept()
    {
        string plain = "{\\\"Version\\\":\\\"2012-10-17\\\"}";
        var e1 = Map<PutUserPolicyEvent>("Get-IamPutUserPolicyEvent", Events.Make("PutUserPolicy",
            request: "{\"userName\":\"u\",\"policyName\":\"p\",\"policyDocument\":\"" + plain + "\"}"));
        Assert.Equal("{\"Version\":\"2012-10-17\"}", e1.PolicyDocument);
        var e2 = Map<PutUserPolicyEvent>("Get-IamPutUserPolicyEvent", Events.Make("PutUserPolicy",
            request: "{\"userName\":\"u\",\"policyName\":\"p\",\"policyDocument\":\"%7B%22Version%22%3A%222012-10-17%22%7D\"}"));
        Assert.Equal("{\"Version\":\"2012-10-17\"}", e2.PolicyDocument);
        Assert.Equal("u", e2.User);
        Assert.Equal("p", e2.PolicyName);
    }

    [Fact]
    public void Switch_role_reads_result_target_and_origin()
    {
        var e = Map<SwitchRoleEvent>("Get-IamSwitchRoleEvent", Events.Make("SwitchRole", source: "signin.amazonaws.com",
            response: "{\"SwitchRole\":\"Success\"}", extra: "\"additionalEventData\":{\"SwitchTo\":\"arn:aws:iam::1:role/Ops\"}"));
        Assert.Equal("Success", e.Result);
        Assert.Equal("arn:aws:iam::1:role/Ops", e.SwitchTo);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", e.SwitchFrom);
    }

    [Theory]
    [InlineData("PutUserPolicy", ChangeKind.Added)]
    [InlineData("AttachUserPolicy", ChangeKind.Added)]
    [InlineData("PutUserPermissionsBoundary", ChangeKind.Added)]
    [InlineData("DeleteUserPolicy", ChangeKind.Removed)]
    [InlineData("DetachUserPolicy", ChangeKind.Removed)]
    [InlineData("DeleteUserPermissionsBoundary", ChangeKind.Removed)]
    public void User_policy_changes_say_whether_a_policy_was_added_or_removed(string eventName, ChangeKind change)
    {
        var e = Map<UserPolicyChange>("Get-IamUserPolicyChange", Events.Make(eventName,
            request: "{\"userName\":\"u\",\"policyArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"}"));
        Assert.Equal(change, e.Change);
        Assert.Equal("u", e.User);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", e.PolicyArn);
    }

    [Fact]
    public void Every_catalog_alias_is_a_property_of_its_record_type()
    {
        foreach (var entry in IamCatalog.Entries)
        {
            var aliases = Parser.Parse(entry.Query).Commands.OfType<FieldsCommand>()
                .SelectMany(f => f.Projections).Where(p => p.Alias != null).Select(p => p.Alias!);
            foreach (var alias in aliases)
            {
                Assert.True(entry.RecordType.GetProperty(alias) != null, $"{entry.Command}: {entry.RecordType.Name} has no property {alias}");
            }
        }
    }
}
