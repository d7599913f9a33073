using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using IamInsights.Query;
using IamInsights.Records;
using IamInsights.Sources;

namespace IamInsights.Tests;

/// <summary>One event a report test writes, with what the test knows of it from what it wrote.</summary>
public sealed record ReportFixture(string Command, string EventName, string Time, string Caller, bool Risky, string[] Users, string[] Roles, string Json)
{
    public DateTime Day => DateTime.Parse(Time, null, System.Globalization.DateTimeStyles.AdjustToUniversal).Date;
}

/// <summary>Records of several Get-Iam cmdlets for the report tests, made from CloudTrail events the tests write.</summary>
public static class ReportFixtures
{
    public const string ScriptName = "<script>alert(1)</script>";

    /// <summary>An ARN that would close the title attribute it is written into, and add an element, if it were not escaped.</summary>
    public const string AttributeBreakingArn = "arn:aws:iam::111122223333:user/\"><b id=\"pwned\">x</b>";

    public const string PolicyDocument = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::reports/*\"}]}";

    public const string PolicyDocumentIndented =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::reports/*\"\n    }\n  ]\n}";

    private static readonly string ScriptUser = "{\"type\":\"IAMUser\",\"principalId\":\"AIDASCRIPT\",\"arn\":" + JsonSerializer.Serialize(AttributeBreakingArn) +
        ",\"accountId\":\"111122223333\",\"userName\":" + JsonSerializer.Serialize(ScriptName) + "}";

    private const string TrustPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /// <summary>Six events over six days (three of them empty), two of them risky, of five record types.</summary>
    public static IReadOnlyList<ReportFixture> Mixed { get; } = new[]
    {
        new ReportFixture("Get-IamCreateUserEvent", "CreateUser", "2026-11-20T08:00:00Z", "alice", false, new[] { "deploy" }, Array.Empty<string>(),
            Events.Make("CreateUser", "2026-11-20T08:00:00Z", request: "{\"userName\":\"deploy\"}")),
        new ReportFixture("Get-IamCreateUserEvent", "CreateUser", "2026-11-20T09:00:00Z", "root", true, new[] { "ops" }, Array.Empty<string>(),
            Events.Make("CreateUser", "2026-11-20T09:00:00Z", identity: Events.Root, request: "{\"userName\":\"ops\"}")),
        new ReportFixture("Get-IamRoleChange", "CreateRole", "2026-11-22T10:00:00Z", "bob@example.com", false, Array.Empty<string>(), new[] { "ci" },
            Events.Make("CreateRole", "2026-11-22T10:00:00Z", identity: Events.SsoSession,
                request: "{\"roleName\":\"ci\",\"assumeRolePolicyDocument\":" + JsonSerializer.Serialize(TrustPolicy) + "}")),
        new ReportFixture("Get-IamAssumeRoleEvent", "AssumeRole", "2026-11-22T11:00:00Z", "alice", false, Array.Empty<string>(), new[] { "ci" },
            Events.Make("AssumeRole", "2026-11-22T11:00:00Z", source: "sts.amazonaws.com",
                request: "{\"roleArn\":\"arn:aws:iam::111122223333:role/ci\",\"roleSessionName\":\"build\"}")),
        new ReportFixture("Get-IamUserPolicyChange", "PutUserPolicy", "2026-11-25T07:00:00Z", "alice", false, new[] { "alice" }, Array.Empty<string>(),
            Events.Make("PutUserPolicy", "2026-11-25T07:00:00Z",
                request: "{\"userName\":\"alice\",\"policyName\":\"s3-read\",\"policyDocument\":" + JsonSerializer.Serialize(PolicyDocument) + "}")),
        new ReportFixture("Get-IamConsoleLoginEvent", "ConsoleLogin", "2026-11-25T08:00:00Z", ScriptName, true, Array.Empty<string>(), Array.Empty<string>(),
            Events.Make("ConsoleLogin", "2026-11-25T08:00:00Z", source: "signin.amazonaws.com", identity: ScriptUser,
                response: "{\"ConsoleLogin\":\"Failure\"}", extra: "\"errorMessage\":\"Failed authentication\",\"additionalEventData\":{\"MFAUsed\":\"No\"}")),
    };

    /// <summary>The record the fixture's cmdlet makes of its event, through the catalog's query.</summary>
    public static IamEvent Record(ReportFixture fixture)
    {
        var record = new CloudTrailRecord(JsonDocument.Parse(fixture.Json).RootElement, "/report.json", "report.json", 0);
        var entry = IamCatalog.Get(fixture.Command);
        var row = CompiledQuery.Parse(entry.Query).Run(new[] { record }).Single();
        return entry.CreateRecord(row);
    }

    public static List<IamEvent> Records(IEnumerable<ReportFixture> fixtures) => fixtures.Select(Record).ToList();
}
