using System;
using System.Linq;
using System.Text.RegularExpressions;
using IamInsights.Query;
using IamInsights.Records;
using IamInsights.Sources.Athena;
using IamInsights.Sources.Athena.Sql;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// New-IamInsightsAthenaTable's statement: the AWS Athena guide's CloudTrail table (its columns, SerDe and input
/// format) with partition projection on account, Region and day, checked by hand against the guide once and kept here.
/// </summary>
public class CloudTrailTableDdlTests
{
    private static CloudTrailTableDdl Organization() => new()
    {
        Bucket = "org-trail-logs",
        KeyPrefix = "audit",
        OrganizationId = "o-a1b2c3d4e5",
        AccountIds = new[] { "111122223333", "444455556666" },
        Regions = new[] { "us-east-1", "eu-west-1" },
        Database = "security",
        Table = "org_trail",
        StartDate = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void An_organization_trail_table_projects_account_region_and_day()
    {
        Assert.Equal(
            """
            CREATE EXTERNAL TABLE `security`.`org_trail` (
              eventversion STRING,
              useridentity STRUCT<
                type: STRING,
                principalid: STRING,
                arn: STRING,
                accountid: STRING,
                invokedby: STRING,
                accesskeyid: STRING,
                username: STRING,
                onbehalfof: STRUCT<
                  userid: STRING,
                  identitystorearn: STRING>,
                sessioncontext: STRUCT<
                  attributes: STRUCT<
                    mfaauthenticated: STRING,
                    creationdate: STRING>,
                  sessionissuer: STRUCT<
                    type: STRING,
                    principalid: STRING,
                    arn: STRING,
                    accountid: STRING,
                    username: STRING>,
                  ec2roledelivery: STRING,
                  webidfederationdata: STRUCT<
                    federatedprovider: STRING,
                    attributes: MAP<STRING,STRING>>>>,
              eventtime STRING,
              eventsource STRING,
              eventname STRING,
              awsregion STRING,
              sourceipaddress STRING,
              useragent STRING,
              errorcode STRING,
              errormessage STRING,
              requestparameters STRING,
              responseelements STRING,
              additionaleventdata STRING,
              requestid STRING,
              eventid STRING,
              readonly STRING,
              resources ARRAY<STRUCT<
                arn: STRING,
                accountid: STRING,
                type: STRING>>,
              eventtype STRING,
              apiversion STRING,
              recipientaccountid STRING,
              serviceeventdetails STRING,
              sharedeventid STRING,
              vpcendpointid STRING,
              vpcendpointaccountid STRING,
              eventcategory STRING,
              addendum STRUCT<
                reason: STRING,
                updatedfields: STRING,
                originalrequestid: STRING,
                originaleventid: STRING>,
              sessioncredentialfromconsole STRING,
              edgedevicedetails STRING,
              tlsdetails STRUCT<
                tlsversion: STRING,
                ciphersuite: STRING,
                clientprovidedhostheader: STRING>
            )
            PARTITIONED BY (
              account STRING,
              region STRING,
              `timestamp` STRING)
            ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
            STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
            OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
            LOCATION 's3://org-trail-logs/audit/AWSLogs/o-a1b2c3d4e5/'
            TBLPROPERTIES (
              'projection.enabled'='true',
              'projection.account.type'='enum',
              'projection.account.values'='111122223333,444455556666',
              'projection.region.type'='enum',
              'projection.region.values'='us-east-1,eu-west-1',
              'projection.timestamp.type'='date',
              'projection.timestamp.format'='yyyy/MM/dd',
              'projection.timestamp.interval'='1',
              'projection.timestamp.interval.unit'='DAYS',
              'projection.timestamp.range'='2024/03/01,NOW',
              'storage.location.template'='s3://org-trail-logs/audit/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${timestamp}'
            )
            """, Organization().ToSql());
    }

    [Fact]
    public void An_account_trail_table_reads_from_the_account_folders()
    {
        string sql = new CloudTrailTableDdl { Bucket = "my-trail-bucket" }.ToSql();
        Assert.Contains("LOCATION 's3://my-trail-bucket/AWSLogs/'", sql);
        Assert.Contains("'storage.location.template'='s3://my-trail-bucket/AWSLogs/${account}/CloudTrail/${region}/${timestamp}'", sql);
        Assert.Contains("'projection.account.type'='injected'", sql);
        Assert.Contains("'projection.region.values'='" + string.Join(",", CloudTrailTableDdl.CommercialRegions) + "'", sql);
    }

    [Fact]
    public void Every_column_the_translation_reads_is_a_column_of_the_table()
    {
        string sql = Organization().ToSql();
        var columns = Regex.Matches(sql, @"(?m)^  `?([a-z]+)`? (STRING|STRUCT|ARRAY)").Cast<Match>().Select(m => m.Groups[1].Value).ToHashSet();
        var fields = IamCatalog.Entries.SelectMany(e => RecordSchema.Of(e.RecordType).Fields).SelectMany(f => f.Sources)
            .Concat(CommonFields.Command.Projections.Select(p => ((FieldExpr)p.Expression).Name)).Distinct();
        foreach (var field in fields)
        {
            var resolved = CloudTrailTable.Resolve(field);
            Assert.True(resolved != null, $"{field} has no column");
            SqlExpr root = resolved!.Value.Expression;
            while (root is not SqlColumn)
            {
                root = root switch
                {
                    SqlMember m => m.Struct,
                    SqlJsonScalar j => j.Json,
                    SqlArrayItem a => a.Array,
                    SqlEpochMillis t => t.Text,
                    _ => throw new InvalidOperationException(root.ToString()),
                };
            }
            Assert.Contains(((SqlColumn)root).Name, columns);
        }
        Assert.Contains(CloudTrailTable.AccountPartition, columns);
        Assert.Contains(CloudTrailTable.RegionPartition, columns);
        Assert.Contains(CloudTrailTable.DayPartition, columns);
    }

    [Theory]
    [InlineData("Bad_Bucket", null)]
    [InlineData("ok-bucket", "org-1")]
    public void Bad_values_are_refused_naming_them(string bucket, string? organization)
    {
        var error = Assert.Throws<IamInsights.Errors.IamInsightsException>(() => new CloudTrailTableDdl { Bucket = bucket, OrganizationId = organization }.ToSql());
        Assert.Equal(organization ?? bucket, error.Target);
    }
}
