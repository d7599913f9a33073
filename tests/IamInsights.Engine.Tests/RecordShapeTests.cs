using System.Linq;
using System.Text.Json;
using IamInsights.Query;
using IamInsights.Records;
using IamInsights.Sources;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The record shapes real CloudTrail logs hold: both SwitchRole shapes and the less common caller identities.</summary>
public class RecordShapeTests
{
    private static IamEvent Map(string command, string eventJson, string? filter = null)
    {
        var record = new CloudTrailRecord(JsonDocument.Parse(eventJson).RootElement, "/shapes.json", "shapes.json", 0);
        var entry = IamCatalog.Get(command);
        string query = filter == null ? entry.Query : IamCatalog.QueryWithFilter(entry, Parser.ParseExpressionText(filter)).ToString();
        var row = CompiledQuery.Parse(query).Run(new[] { record }).Single();
        return entry.CreateRecord(row);
    }

    /// <summary>A SwitchRole as it is logged where the caller's own identity is userIdentity: the role is in SwitchTo.</summary>
    private static string SwitchWithSwitchTo(string roleArn) => """
        {"eventVersion":"1.08",
         "userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEALICE","arn":"arn:aws:iam::111122223333:user/alice",
                         "accountId":"111122223333","userName":"alice"},
         "eventTime":"2026-11-21T09:00:00Z","eventSource":"signin.amazonaws.com","eventName":"SwitchRole",
         "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"Mozilla/5.0",
         "requestParameters":null,"responseElements":{"SwitchRole":"Success"},
         "additionalEventData":{"SwitchTo":"
        """ + roleArn + """
        ","RedirectTo":"https://console.aws.amazon.com/"},
         "eventID":"5d0a8d4c-0001-4c6e-9d0a-000000000001","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}
        """;

    /// <summary>
    /// A SwitchRole logged in the account switched into (111122223333): userIdentity is the new session of role Admin,
    /// SwitchFrom the principal that switched, and there is no SwitchTo.
    /// </summary>
    private static string SwitchWithSwitchFrom(string sessionName, string switchFrom) => """
        {"eventVersion":"1.08",
         "userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEADMIN:
        """ + sessionName + """
        ","arn":"arn:aws:sts::111122223333:assumed-role/Admin/
        """ + sessionName + """
        ","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE",
                         "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEADMIN",
                           "arn":"arn:aws:iam::111122223333:role/Admin","accountId":"111122223333","userName":"Admin"},
                           "attributes":{"creationDate":"2026-11-21T09:05:00Z","mfaAuthenticated":"true"}}},
         "eventTime":"2026-11-21T09:05:00Z","eventSource":"signin.amazonaws.com","eventName":"SwitchRole",
         "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.8","userAgent":"Mozilla/5.0",
         "requestParameters":null,"responseElements":{"SwitchRole":"Success"},
         "additionalEventData":{"SwitchFrom":"
        """ + switchFrom + """
        ","RedirectTo":"https://console.aws.amazon.com/"},
         "eventID":"5d0a8d4c-0002-4c6e-9d0a-000000000002","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}
        """;

    [Fact]
    public void Switch_role_with_switch_to_in_the_same_account_is_the_caller_switching_into_that_role()
    {
        var e = Assert.IsType<SwitchRoleEvent>(Map("Get-IamSwitchRoleEvent", SwitchWithSwitchTo("arn:aws:iam::111122223333:role/Ops")));
        Assert.Equal("arn:aws:iam::111122223333:user/alice", e.SwitchFrom);
        Assert.Equal("arn:aws:iam::111122223333:role/Ops", e.SwitchTo);
        Assert.Equal("alice", e.RequestUser);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", e.RequestUserArn);
        Assert.Equal("111122223333", e.RequestAccountId);
        Assert.Equal("Success", e.Result);
        Assert.Equal(IamRisk.None, e.Risk);
    }

    [Fact]
    public void Switch_role_with_switch_to_in_another_account_is_cross_account()
    {
        var e = Assert.IsType<SwitchRoleEvent>(Map("Get-IamSwitchRoleEvent", SwitchWithSwitchTo("arn:aws:iam::444455556666:role/Ops")));
        Assert.Equal("arn:aws:iam::111122223333:user/alice", e.SwitchFrom);
        Assert.Equal("arn:aws:iam::444455556666:role/Ops", e.SwitchTo);
        Assert.Equal("alice", e.RequestUser);
        Assert.Equal(IamRisk.CrossAccount, e.Risk);
    }

    [Fact]
    public void Switch_role_logged_in_the_destination_names_the_original_user_and_the_role_of_the_new_session()
    {
        var e = Assert.IsType<SwitchRoleEvent>(Map("Get-IamSwitchRoleEvent",
            SwitchWithSwitchFrom("bob", "arn:aws:iam::444455556666:user/bob")));
        Assert.Equal("arn:aws:iam::444455556666:user/bob", e.SwitchFrom);
        Assert.Equal("arn:aws:iam::111122223333:role/Admin", e.SwitchTo);
        Assert.Equal("bob", e.RequestUser);
        Assert.Equal("arn:aws:iam::444455556666:user/bob", e.RequestUserArn);
        Assert.Equal("444455556666", e.RequestAccountId);
        Assert.Equal("111122223333", e.AccountId);
        Assert.Equal("AssumedRole", e.UserIdentityType);
        Assert.Equal(IamRisk.CrossAccount, e.Risk);
    }

    [Fact]
    public void Switch_role_logged_in_the_destination_from_a_role_session_names_that_session()
    {
        var e = Assert.IsType<SwitchRoleEvent>(Map("Get-IamSwitchRoleEvent", SwitchWithSwitchFrom("carol-admin",
            "arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Dev_0a1b/carol@example.com")));
        Assert.Equal("arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Dev_0a1b/carol@example.com", e.SwitchFrom);
        Assert.Equal("arn:aws:iam::111122223333:role/Admin", e.SwitchTo);
        Assert.Equal("carol@example.com", e.RequestUser);
        Assert.Equal("444455556666", e.RequestAccountId);
        Assert.Equal(IamRisk.CrossAccount, e.Risk);
    }

    [Fact]
    public void Switch_role_logged_in_the_destination_from_the_same_account_is_not_cross_account()
    {
        var e = Assert.IsType<SwitchRoleEvent>(Map("Get-IamSwitchRoleEvent",
            SwitchWithSwitchFrom("dave", "arn:aws:iam::111122223333:user/dave")));
        Assert.Equal("arn:aws:iam::111122223333:user/dave", e.SwitchFrom);
        Assert.Equal("arn:aws:iam::111122223333:role/Admin", e.SwitchTo);
        Assert.Equal("dave", e.RequestUser);
        Assert.Equal(IamRisk.None, e.Risk);
    }

    [Fact]
    public void Get_iam_event_reads_both_switch_role_shapes_the_same_way()
    {
        var destination = Assert.IsType<IamActivity>(Map("Get-IamEvent", SwitchWithSwitchFrom("bob", "arn:aws:iam::444455556666:user/bob")));
        Assert.Equal("arn:aws:iam::111122223333:role/Admin", destination.RoleArn);
        Assert.Equal("arn:aws:iam::444455556666:user/bob", destination.SwitchFrom);
        Assert.Equal("bob", destination.RequestUser);
        Assert.Equal("444455556666", destination.RequestAccountId);
        Assert.Equal("Success", destination.Result);
        Assert.Equal(IamRisk.CrossAccount, destination.Risk);

        var caller = Assert.IsType<IamActivity>(Map("Get-IamEvent", SwitchWithSwitchTo("arn:aws:iam::444455556666:role/Ops")));
        Assert.Equal("arn:aws:iam::444455556666:role/Ops", caller.RoleArn);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", caller.SwitchFrom);
        Assert.Equal("alice", caller.RequestUser);
        Assert.Equal(IamRisk.CrossAccount, caller.Risk);
    }

    [Theory]
    [InlineData("arn:aws:sts::111122223333:assumed-role/Admin/bob", "arn:aws:iam::111122223333:role/Admin")]
    [InlineData("arn:aws-cn:sts::111122223333:assumed-role/Ops/x/y", "arn:aws-cn:iam::111122223333:role/Ops")]
    [InlineData("arn:aws:iam::111122223333:role/Ops", "arn:aws:iam::111122223333:role/Ops")]
    [InlineData("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice")]
    public void The_role_of_a_session_arn_is_its_role_arn(string arn, string role) => Assert.Equal(role, RoleSwitch.RoleOf(arn));

    private static string ByIdentity(string identity, string name = "DeleteUser", string source = "iam.amazonaws.com",
        string recipient = "111122223333", string request = "{\"userName\":\"old-user\"}", string extra = "") => """
        {"eventVersion":"1.09","userIdentity":
        """ + identity + """
        ,"eventTime":"2026-11-21T10:00:00Z","eventSource":"
        """ + source + """
        ","eventName":"
        """ + name + """
        ","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.4","userAgent":"aws-cli/2.15","requestParameters":
        """ + request + """
        ,"responseElements":null,"eventID":"7e1f0000-0000-4000-8000-000000000010","eventType":"AwsApiCall","recipientAccountId":"
        """ + recipient + "\"" + extra + "}";

    [Fact]
    public void An_identity_center_user_is_named_by_user_name()
    {
        var e = Map("Get-IamDeleteUserEvent", ByIdentity("""
            {"type":"IdentityCenterUser","accountId":"111122223333","userName":"erin","invokedBy":"signin.amazonaws.com",
             "onBehalfOf":{"userId":"94482488-3041-7026-18f3-be45837cd0e4","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-1234567890"}}
            """));
        Assert.Equal("erin", e.RequestUser);
        Assert.Equal("IdentityCenterUser", e.UserIdentityType);
    }

    [Fact]
    public void An_identity_center_user_without_user_name_is_named_by_the_last_segment_of_its_arn()
    {
        var e = Map("Get-IamDeleteUserEvent", ByIdentity("""
            {"type":"IdentityCenterUser","accountId":"111122223333","arn":"arn:aws:identitystore::111122223333:user/frank",
             "invokedBy":"signin.amazonaws.com"}
            """));
        Assert.Equal("frank", e.RequestUser);
    }

    [Fact]
    public void An_identity_center_user_with_only_on_behalf_of_is_named_by_its_user_id_and_never_by_the_invoking_service()
    {
        var e = Map("Get-IamDeleteUserEvent", ByIdentity("""
            {"type":"IdentityCenterUser","accountId":"111122223333","invokedBy":"signin.amazonaws.com",
             "onBehalfOf":{"userId":"94482488-3041-7026-18f3-be45837cd0e4","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-1234567890"},
             "credentialId":"EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE"}
            """));
        Assert.Equal("94482488-3041-7026-18f3-be45837cd0e4", e.RequestUser);
    }

    [Fact]
    public void An_identity_center_user_that_names_no_one_has_no_request_user_rather_than_the_invoking_service()
    {
        var e = Map("Get-IamDeleteUserEvent", ByIdentity("""{"type":"IdentityCenterUser","accountId":"111122223333","invokedBy":"signin.amazonaws.com"}"""));
        Assert.Null(e.RequestUser);
    }

    [Fact]
    public void A_call_from_another_account_is_named_by_principal_id_and_is_cross_account()
    {
        var e = Assert.IsType<AssumeRoleEvent>(Map("Get-IamAssumeRoleEvent", ByIdentity(
            """{"type":"AWSAccount","principalId":"AIDAEXAMPLEOTHER","accountId":"777788889999"}""",
            name: "AssumeRole", source: "sts.amazonaws.com", request: "null",
            extra: ",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"not authorized to perform sts:AssumeRole\"")));
        Assert.Equal("AIDAEXAMPLEOTHER", e.RequestUser);
        Assert.Equal("777788889999", e.RequestAccountId);
        Assert.Equal("111122223333", e.AccountId);
        Assert.Null(e.RoleArn);
        Assert.Equal(IamRisk.CrossAccount | IamRisk.Failed, e.Risk);
    }

    [Fact]
    public void A_call_by_an_aws_account_identity_of_the_same_account_is_not_cross_account()
    {
        var e = Assert.IsType<AssumeRoleEvent>(Map("Get-IamAssumeRoleEvent", ByIdentity(
            """{"type":"AWSAccount","principalId":"AROAEXAMPLE:lambda-name","accountId":"111122223333"}""",
            name: "AssumeRole", source: "sts.amazonaws.com",
            request: """{"roleArn":"arn:aws:iam::111122223333:role/SampleRole","roleSessionName":"SampleSession"}""")));
        Assert.Equal("AROAEXAMPLE:lambda-name", e.RequestUser);
        Assert.Equal(IamRisk.None, e.Risk);
    }

    [Theory]
    [InlineData("SAMLUser", "AssumeRoleWithSAML", "SampleUkh1i4+ExamplexL/jEvs=:SamlExample", "SamlExample")]
    [InlineData("WebIdentityUser", "AssumeRoleWithWebIdentity", "accounts.google.com:app.apps.googleusercontent.com:10987654321", "10987654321")]
    public void Saml_and_web_identity_users_are_named_by_user_name(string type, string eventName, string principalId, string userName)
    {
        var e = Map("Get-IamAssumeRoleEvent", ByIdentity(
            "{\"type\":\"" + type + "\",\"principalId\":\"" + principalId + "\",\"userName\":\"" + userName + "\",\"identityProvider\":\"idp.example.com\"}",
            name: eventName, source: "sts.amazonaws.com",
            request: """{"roleArn":"arn:aws:iam::111122223333:role/Federated","roleSessionName":"session-7"}"""));
        Assert.Equal(userName, e.RequestUser);
        Assert.Equal(type, e.UserIdentityType);
    }

    [Theory]
    [InlineData("""{"type":"Unknown","principalId":"111122223333","arn":"","accountId":"111122223333","accessKeyId":"","userName":"grace"}""", "grace")]
    [InlineData("""{"type":"Unknown","principalId":"AIDAEXAMPLEHEIDI","accountId":"111122223333"}""", "AIDAEXAMPLEHEIDI")]
    [InlineData("""{"type":"Unknown","arn":"arn:aws:sts::111122223333:assumed-role/Reader/ivan","accountId":"111122223333"}""", "ivan")]
    [InlineData("""{"type":"Unknown","onBehalfOf":{"userId":"c4a8f4d8-2011-70c1-0d8e-0123456789ab"},"accountId":"111122223333"}""", "c4a8f4d8-2011-70c1-0d8e-0123456789ab")]
    [InlineData("""{"type":"Unknown","principalId":"","arn":"","accountId":"111122223333"}""", "111122223333")]
    public void An_unknown_identity_is_named_by_whatever_it_holds(string identity, string expected)
    {
        var e = Map("Get-IamDeleteUserEvent", ByIdentity(identity));
        Assert.Equal(expected, e.RequestUser);
        Assert.Equal("Unknown", e.UserIdentityType);
    }
}
