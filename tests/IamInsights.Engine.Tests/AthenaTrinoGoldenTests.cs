using System;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources.Athena.Sql;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// The Trino text Athena receives, for the CloudTrail table of the AWS Athena guide: struct members for userIdentity,
/// json_extract_scalar for the JSON fields, the day, account and Region partition columns for the window and filters.
/// The texts were checked by hand against the guide's table and Trino's functions; the DuckDB tests check what they mean.
/// </summary>
public class AthenaTrinoGoldenTests
{
    private static readonly SqlTable Table = new("cloudtrail_db", "cloudtrail_logs");

    private static string Trino(QueryAst query, TimeWindow window, string[]? accounts = null, string[]? regions = null) =>
        TrinoPrinter.Instance.Print(SqlTranslator.Translate(query, Table, window, accounts, regions).Select);

    [Fact]
    public void A_catalog_query_with_filters_prunes_by_day_account_and_region()
    {
        var window = new TimeWindow(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc));
        var filters = new QueryFilters { UserName = new[] { "deploy-*" }, ExcludeFailed = true, AccountId = new[] { "111122223333" } };
        string sql = Trino(filters.Apply(IamCatalog.Get("Get-IamCreateUserEvent").Ast), window, new[] { "111122223333" }, new[] { "us-east-1" });
        Assert.Equal(
            """
            SELECT "eventtime" AS "eventTime", "eventname" AS "eventName", "eventsource" AS "eventSource", "awsregion" AS "awsRegion", "recipientaccountid" AS "recipientAccountId", "eventid" AS "eventID", "sourceipaddress" AS "sourceIPAddress", "useragent" AS "userAgent", "useridentity"."type" AS "userIdentity.type", "useridentity"."username" AS "userIdentity.userName", "useridentity"."arn" AS "userIdentity.arn", "useridentity"."principalid" AS "userIdentity.principalId", "useridentity"."accountid" AS "userIdentity.accountId", "useridentity"."invokedby" AS "userIdentity.invokedBy", "useridentity"."onbehalfof"."userid" AS "userIdentity.onBehalfOf.userId", "useridentity"."sessioncontext"."attributes"."mfaauthenticated" AS "userIdentity.sessionContext.attributes.mfaAuthenticated", "errorcode" AS "errorCode", "errormessage" AS "errorMessage", json_extract_scalar("requestparameters", '$.userName') AS "CreatedUser", json_extract_scalar("responseelements", '$.user.createDate') AS "CreateDate"
            FROM "cloudtrail_db"."cloudtrail_logs"
            WHERE ("timestamp" >= '2026/11/01')
              AND ((to_unixtime(try(from_iso8601_timestamp("eventtime"))) * 1000) >= 1793491200000)
              AND ("timestamp" <= '2026/12/01')
              AND ((to_unixtime(try(from_iso8601_timestamp("eventtime"))) * 1000) <= 1796040000000)
              AND ("account" IN ('111122223333'))
              AND ("region" IN ('us-east-1'))
              AND ("eventsource" = 'iam.amazonaws.com')
              AND ("eventname" = 'CreateUser')
              AND regexp_like(json_extract_scalar("requestparameters", '$.userName'), '(?i)^deploy-.*\z')
              AND regexp_like("recipientaccountid", '(?i)^111122223333\z')
              AND (NOT ("errorcode" IS NOT NULL))
            """, sql);
    }

    [Fact]
    public void Stats_by_a_field_and_bin_groups_in_a_subquery()
    {
        var query = Parser.Parse("filter eventSource = \"iam.amazonaws.com\" | stats count(*) as n by eventName, bin(1h) as hour | sort n desc | limit 10");
        Assert.Equal(
            """
            SELECT "c1" AS "eventName", CAST("c2" AS BIGINT) AS "hour", "c3" AS "n"
            FROM (
              SELECT "eventname" AS "c1", (floor(((to_unixtime(try(from_iso8601_timestamp("eventtime"))) * 1000) / 3600000)) * 3600000) AS "c2", count(*) AS "c3"
              FROM "cloudtrail_db"."cloudtrail_logs"
              WHERE ("eventsource" = 'iam.amazonaws.com')
              GROUP BY "eventname", (floor(((to_unixtime(try(from_iso8601_timestamp("eventtime"))) * 1000) / 3600000)) * 3600000)
            ) AS "t4"
            ORDER BY "c3" DESC NULLS LAST
            LIMIT 10
            """, Trino(query, TimeWindow.All));
    }

    [Fact]
    public void Dedup_keeps_the_newest_row_of_each_value_with_row_number()
    {
        var query = Parser.Parse("fields eventName, requestParameters.userName as who, resources.0.ARN as arn | filter who like /^a/ | dedup who | limit 5");
        Assert.Equal(
            """
            SELECT "eventname" AS "eventName", "c2" AS "who", "c3" AS "arn"
            FROM (
              SELECT *, json_extract_scalar("requestparameters", '$.userName') AS "c2", element_at("resources", 1)."arn" AS "c3", (to_unixtime(try(from_iso8601_timestamp("eventtime"))) * 1000) AS "c4", row_number() OVER (PARTITION BY json_extract_scalar("requestparameters", '$.userName') ORDER BY (to_unixtime(try(from_iso8601_timestamp("eventtime"))) * 1000) DESC NULLS LAST) AS "rank1"
              FROM "cloudtrail_db"."cloudtrail_logs"
              WHERE regexp_like(json_extract_scalar("requestparameters", '$.userName'), '^a')
            ) AS "t5"
            WHERE (("rank1" = 1) OR ("c2" IS NULL))
            ORDER BY "c4" DESC NULLS LAST
            LIMIT 5
            """, Trino(query, TimeWindow.All));
    }

    [Fact]
    public void An_account_with_a_wildcard_adds_no_partition_predicate()
    {
        string sql = Trino(IamCatalog.Get("Get-IamRootActivity").Ast, TimeWindow.All, new[] { "1111*" });
        Assert.DoesNotContain("\"account\"", sql);
        Assert.StartsWith("SELECT \"eventtime\" AS \"eventTime\"", sql);
        Assert.EndsWith("WHERE (\"useridentity\".\"type\" = 'Root')", sql);
    }

    [Fact]
    public void Every_catalog_query_translates()
    {
        foreach (var entry in IamCatalog.Entries)
        {
            string sql = Trino(entry.Ast, TimeWindow.All);
            Assert.Contains("FROM \"cloudtrail_db\".\"cloudtrail_logs\"", sql);
        }
    }

    [Theory]
    [InlineData("parse userAgent \"aws-cli/*\" as v | fields v", "parse")]
    [InlineData("stats pct(eventTime, 50) as p", "pct")]
    [InlineData("fields jsonParse(requestParameters) as js", "jsonparse")]
    [InlineData("fields @message", "@message")]
    [InlineData("fields bytes", "bytes")]
    [InlineData("fields userIdentity.sessionContext.nosuch", "userIdentity.sessionContext.nosuch")]
    [InlineData("stats count(*) by bin(1mo)", "bin(1mo)")]
    [InlineData("fields isIpInSubnet(sourceIPAddress, \"10.0.0.0/8\") as inside", "isipinsubnet")]
    [InlineData("filter eventName = \"x\" | unnest requestParameters into p", "unnest")]
    [InlineData("SOURCE logGroups(namePrefix: ['/aws']) | fields eventName", "SOURCE")]
    public void Untranslatable_queries_are_refused_naming_what_has_no_sql(string query, string what)
    {
        var error = Assert.Throws<QueryNotTranslatableException>(() => Trino(Parser.Parse(query), TimeWindow.All));
        Assert.Equal(what, error.What);
        Assert.Equal(what, error.Target);
        Assert.Same(ErrorCatalog.QueryNotTranslatable, error.Error);
        Assert.Contains("'" + what + "'", error.Message);
    }
}
