using System;
using System.Linq;
using System.Reflection;
using IamInsights.Query;
using IamInsights.Records;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The schema records declare: the catalog's fields, the row mapping and the view declarations derived from it.</summary>
public class RecordSchemaTests
{
    private const string CommonFieldsText =
        "fields eventTime, eventName, eventSource, awsRegion, recipientAccountId, eventID, sourceIPAddress, userAgent, userIdentity.type, "
        + "userIdentity.userName, userIdentity.arn, userIdentity.principalId, userIdentity.accountId, userIdentity.invokedBy, "
        + "userIdentity.onBehalfOf.userId, userIdentity.sessionContext.attributes.mfaAuthenticated, errorCode, errorMessage";

    [Fact]
    public void The_create_user_query_is_the_one_written_by_hand()
    {
        string expected = "filter eventSource = \"iam.amazonaws.com\" and eventName = \"CreateUser\"\n| " + CommonFieldsText
            + "\n| fields requestParameters.userName as CreatedUser, responseElements.user.createDate as CreateDate";
        var entry = IamCatalog.Get("Get-IamCreateUserEvent");
        Assert.Equal(expected, entry.Query);
        Assert.Equal(Parser.Parse(expected), entry.Ast);
    }

    [Fact]
    public void The_policy_change_fields_are_coalesces_in_declaration_order()
    {
        var fields = Assert.IsType<FieldsCommand>(IamCatalog.Get("Get-IamPolicyChange").Ast.Commands[2]);
        Assert.Equal(
            "fields coalesce(requestParameters.policyArn, responseElements.policy.arn) as PolicyArn, requestParameters.policyName as PolicyName, "
            + "coalesce(requestParameters.versionId, responseElements.policyVersion.versionId) as VersionId, "
            + "requestParameters.policyDocument as PolicyDocument, requestParameters.setAsDefault as SetAsDefault",
            fields.ToString());
        Assert.Equal(new[] { "PolicyArn", "PolicyName", "VersionId", "PolicyDocument", "SetAsDefault" }, fields.Projections.Select(p => p.Alias));
        var policyArn = Assert.IsType<CallExpr>(fields.Projections[0].Expression);
        Assert.Equal("coalesce", policyArn.Function);
        Assert.Equal(new Expr[] { new FieldExpr("requestParameters.policyArn"), new FieldExpr("responseElements.policy.arn") }, policyArn.Arguments);
        Assert.Equal(new FieldExpr("requestParameters.policyName"), fields.Projections[1].Expression);
    }

    [Fact]
    public void The_any_event_fields_are_the_ones_written_by_hand()
    {
        const string expected = "fields requestParameters.userName as User, requestParameters.roleName as RoleName, "
            + "requestParameters.groupName as GroupName, requestParameters.policyArn as PolicyArn, requestParameters.policyName as PolicyName, "
            + "requestParameters.policyDocument as PolicyDocument, requestParameters.permissionsBoundary as PermissionsBoundary, "
            + "requestParameters.assumeRolePolicyDocument as AssumeRolePolicyDocument, "
            + "coalesce(requestParameters.roleArn, additionalEventData.SwitchTo) as RoleArn, additionalEventData.SwitchFrom as SwitchFrom, "
            + "coalesce(responseElements.ConsoleLogin, responseElements.SwitchRole) as Result, additionalEventData.MFAUsed as MfaUsed";
        foreach (var command in new[] { "Get-IamEvent", "Get-IamRootActivity" })
        {
            var entry = IamCatalog.Get(command);
            Assert.Equal(3, entry.Ast.Commands.Count);
            Assert.Equal(Parser.Parse(CommonFieldsText).Commands[0], entry.Ast.Commands[1]);
            Assert.Equal(Parser.Parse(expected).Commands[0], entry.Ast.Commands[2]);
        }
    }

    [Fact]
    public void A_row_fills_the_declared_properties_by_name_and_type()
    {
        var columns = new[] { "eventTime", "eventName", "PolicyArn", "PolicyName", "VersionId", "PolicyDocument", "SetAsDefault" };
        var row = new ResultRow(columns, new object?[]
        {
            "2026-11-20T08:00:00Z", "CreatePolicyVersion", "arn:aws:iam::111122223333:policy/P", null, "v2",
            "%7B%22Statement%22%3A%5B%5D%7D", "true",
        });
        var e = Assert.IsType<PolicyChange>(IamCatalog.Get("Get-IamPolicyChange").CreateRecord(row));
        Assert.Equal("arn:aws:iam::111122223333:policy/P", e.PolicyArn);
        Assert.Null(e.PolicyName);
        Assert.Equal("v2", e.VersionId);
        Assert.Equal("{\"Statement\":[]}", e.PolicyDocument);
        Assert.True(e.SetAsDefault);
        Assert.Equal(ChangeKind.Added, e.Change);

        var created = Assert.IsType<CreateUserEvent>(IamCatalog.Get("Get-IamCreateUserEvent").CreateRecord(new ResultRow(
            new[] { "eventName", "CreatedUser", "CreateDate" }, new object?[] { "CreateUser", "deploy", "Nov 20, 2026, 8:10:11 AM" })));
        Assert.Equal("deploy", created.CreatedUser);
        Assert.Equal(new DateTime(2026, 11, 20, 8, 10, 11, DateTimeKind.Utc), created.CreateDate);
        Assert.Equal(DateTimeKind.Utc, created.CreateDate!.Value.Kind);
    }

    [Fact]
    public void The_schema_lists_each_own_property_with_its_origin()
    {
        var fields = RecordSchema.Of(typeof(AccessKeyEvent)).Fields;
        Assert.Equal(new[] { "User", "AccessKeyId", "Status", "Change" }, fields.Select(f => f.Name));
        Assert.Equal("requestParameters.accessKeyId, else responseElements.accessKey.accessKeyId, else responseElements.certificate.certificateId",
            fields[1].Origin);
        Assert.True(fields[3].IsComputed);
        Assert.Empty(fields[3].Sources);
        Assert.Equal(typeof(ChangeKind), fields[3].ValueType);
    }

    [Fact]
    public void A_property_that_declares_no_origin_is_refused_by_name()
    {
        var problem = Assert.Throws<InvalidOperationException>(() => RecordSchema.Of(typeof(RecordWithUndeclaredProperty)));
        Assert.Equal("RecordWithUndeclaredProperty.Stray declares neither the CloudTrail field it is read from ([FromCloudTrail]) nor how it is computed ([Computed]).",
            problem.Message);
    }

    [Fact]
    public void A_property_of_a_type_the_mapping_cannot_read_is_refused()
    {
        var problem = Assert.Throws<InvalidOperationException>(() => RecordSchema.Of(typeof(RecordWithNumber)));
        Assert.Equal("RecordWithNumber.Count is of type Int32?; a property read from CloudTrail is of type string, DateTime? or bool?.", problem.Message);
        problem = Assert.Throws<InvalidOperationException>(() => RecordSchema.Of(typeof(RecordWithPolicyFlag)));
        Assert.Equal("RecordWithPolicyFlag.Allowed is a policy document but not a string.", problem.Message);
    }

    [Fact]
    public void Every_catalog_record_declares_every_own_property()
    {
        foreach (var type in IamCatalog.Entries.Select(e => e.RecordType).Distinct())
        {
            var own = type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => p.Name).ToList();
            Assert.Equal(own, RecordSchema.Of(type).Fields.Select(f => f.Name));
        }
    }

    [Fact]
    public void Every_declared_view_names_properties_of_its_type()
    {
        var viewed = typeof(IamEvent).Assembly.GetExportedTypes().Where(t => t.GetCustomAttribute<TableViewAttribute>() != null).ToList();
        Assert.Superset(IamCatalog.Entries.Select(e => e.RecordType).Append(typeof(CatalogEntry)).ToHashSet(), viewed.ToHashSet());
        foreach (var type in viewed)
        {
            var computed = type.GetCustomAttributes<FirstGivenColumnAttribute>().ToList();
            foreach (var property in computed.SelectMany(c => c.Properties)) Assert.NotNull(type.GetProperty(property));
            foreach (var column in type.GetCustomAttribute<TableViewAttribute>()!.Columns)
            {
                Assert.True(type.GetProperty(column) != null || computed.Any(c => c.Label == column), $"{type.Name}: column {column}");
            }
        }
    }

    public sealed class RecordWithUndeclaredProperty : IamEvent
    {
        [FromCloudTrail("requestParameters.userName")]
        public string? User { get; private set; }

        public string? Stray { get; private set; }
    }

    public sealed class RecordWithNumber : IamEvent
    {
        [FromCloudTrail("requestParameters.count")]
        public int? Count { get; private set; }
    }

    public sealed class RecordWithPolicyFlag : IamEvent
    {
        [FromCloudTrail("requestParameters.allowed", PolicyDocument = true)]
        public bool? Allowed { get; private set; }
    }
}
