using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using IamInsights.Errors;

namespace IamInsights.Sources.Athena;

/// <summary>
/// The CREATE EXTERNAL TABLE of the AWS Athena guide for a trail's bucket, with partition projection on the account,
/// the Region and the day, for an account trail (AWSLogs/account/...) or an organization trail
/// (AWSLogs/o-id/account/...). Accounts given are an enum; without them the account is injected, so that each query
/// names its accounts (-AccountId). Regions given are an enum; without them, every commercial Region.
/// </summary>
public sealed class CloudTrailTableDdl
{
    /// <summary>The commercial Regions a trail can deliver from, for the region projection when none are given.</summary>
    public static readonly IReadOnlyList<string> CommercialRegions = new[]
    {
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
        "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2",
        "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
        "us-west-2",
    };

    private static readonly Regex BucketName = new("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant);
    private static readonly Regex OrganizationIdPattern = new("^o-[a-z0-9]{10,32}$", RegexOptions.CultureInvariant);
    private static readonly Regex AccountIdPattern = new("^[0-9]{12}$", RegexOptions.CultureInvariant);
    private static readonly Regex NamePattern = new("^[a-z0-9_]{1,255}$", RegexOptions.CultureInvariant);

    public string Bucket { get; set; } = "";

    /// <summary>The trail's S3 key prefix, without slashes at either end; null for none.</summary>
    public string? KeyPrefix { get; set; }

    public string? OrganizationId { get; set; }

    public string Database { get; set; } = "default";

    public string Table { get; set; } = "cloudtrail_logs";

    public IReadOnlyList<string>? AccountIds { get; set; }

    public IReadOnlyList<string>? Regions { get; set; }

    /// <summary>The first day of the day projection.</summary>
    public DateTime StartDate { get; set; } = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>s3://bucket/[prefix/]AWSLogs/[o-id/]: where the table's data starts.</summary>
    public string Location => "s3://" + Bucket + "/" + (string.IsNullOrEmpty(KeyPrefix) ? "" : KeyPrefix + "/") + "AWSLogs/"
                              + (OrganizationId == null ? "" : OrganizationId + "/");

    /// <summary>The statement, after checking every value that goes into it (InvalidSetting names the bad one).</summary>
    public string ToSql()
    {
        Check(nameof(Bucket), Bucket, BucketName.IsMatch(Bucket), "an S3 bucket name of 3 to 63 lower-case letters, digits, dots and hyphens");
        if (KeyPrefix != null)
        {
            Check(nameof(KeyPrefix), KeyPrefix, KeyPrefix.Length > 0 && KeyPrefix.Trim('/') == KeyPrefix && KeyPrefix.IndexOfAny(new[] { '\'', '\\', '$', '{', '}' }) < 0,
                "a key prefix without a slash at either end, quotes, backslashes, $ or braces");
        }
        if (OrganizationId != null) Check(nameof(OrganizationId), OrganizationId, OrganizationIdPattern.IsMatch(OrganizationId), "an organization id such as o-a1b2c3d4e5");
        Check(nameof(Database), Database, NamePattern.IsMatch(Database), "lower-case letters, digits and underscores");
        Check(nameof(Table), Table, NamePattern.IsMatch(Table), "lower-case letters, digits and underscores");
        foreach (var account in AccountIds ?? Array.Empty<string>()) Check("AccountId", account, AccountIdPattern.IsMatch(account), "12 digits");
        foreach (var region in Regions ?? Array.Empty<string>()) Check("Region", region, Regex.IsMatch(region, "^[a-z]{2}(-[a-z]+)+-[0-9]$"), "a Region name such as eu-west-1");

        var regions = Regions is { Count: > 0 } ? Regions : CommercialRegions;
        var properties = new List<(string, string)>
        {
            ("projection.enabled", "true"),
        };
        if (AccountIds is { Count: > 0 })
        {
            properties.Add(("projection.account.type", "enum"));
            properties.Add(("projection.account.values", string.Join(",", AccountIds)));
        }
        else
        {
            properties.Add(("projection.account.type", "injected"));
        }
        properties.Add(("projection.region.type", "enum"));
        properties.Add(("projection.region.values", string.Join(",", regions)));
        properties.Add(("projection.timestamp.type", "date"));
        properties.Add(("projection.timestamp.format", "yyyy/MM/dd"));
        properties.Add(("projection.timestamp.interval", "1"));
        properties.Add(("projection.timestamp.interval.unit", "DAYS"));
        properties.Add(("projection.timestamp.range", StartDate.ToUniversalTime().ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture) + ",NOW"));
        properties.Add(("storage.location.template", Location + "${account}/CloudTrail/${region}/${timestamp}"));

        return "CREATE EXTERNAL TABLE `" + Database + "`.`" + Table + "` (\n" + Columns + "\n)\n"
               + "PARTITIONED BY (\n  account STRING,\n  region STRING,\n  `timestamp` STRING)\n"
               + "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\n"
               + "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\n"
               + "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n"
               + "LOCATION '" + Location + "'\n"
               + "TBLPROPERTIES (\n" + string.Join(",\n", properties.Select(p => "  '" + p.Item1 + "'='" + p.Item2 + "'")) + "\n)";
    }

    private static void Check(string name, string value, bool valid, string expected)
    {
        if (!valid) throw new IamInsightsException(ErrorCatalog.InvalidSetting, $"-{name} '{value}' is not {expected}.", value);
    }

    /// <summary>The columns of the AWS Athena guide's CloudTrail table, in its order.</summary>
    private const string Columns =
        "  eventversion STRING,\n" +
        "  useridentity STRUCT<\n" +
        "    type: STRING,\n" +
        "    principalid: STRING,\n" +
        "    arn: STRING,\n" +
        "    accountid: STRING,\n" +
        "    invokedby: STRING,\n" +
        "    accesskeyid: STRING,\n" +
        "    username: STRING,\n" +
        "    onbehalfof: STRUCT<\n" +
        "      userid: STRING,\n" +
        "      identitystorearn: STRING>,\n" +
        "    sessioncontext: STRUCT<\n" +
        "      attributes: STRUCT<\n" +
        "        mfaauthenticated: STRING,\n" +
        "        creationdate: STRING>,\n" +
        "      sessionissuer: STRUCT<\n" +
        "        type: STRING,\n" +
        "        principalid: STRING,\n" +
        "        arn: STRING,\n" +
        "        accountid: STRING,\n" +
        "        username: STRING>,\n" +
        "      ec2roledelivery: STRING,\n" +
        "      webidfederationdata: STRUCT<\n" +
        "        federatedprovider: STRING,\n" +
        "        attributes: MAP<STRING,STRING>>>>,\n" +
        "  eventtime STRING,\n" +
        "  eventsource STRING,\n" +
        "  eventname STRING,\n" +
        "  awsregion STRING,\n" +
        "  sourceipaddress STRING,\n" +
        "  useragent STRING,\n" +
        "  errorcode STRING,\n" +
        "  errormessage STRING,\n" +
        "  requestparameters STRING,\n" +
        "  responseelements STRING,\n" +
        "  additionaleventdata STRING,\n" +
        "  requestid STRING,\n" +
        "  eventid STRING,\n" +
        "  readonly STRING,\n" +
        "  resources ARRAY<STRUCT<\n" +
        "    arn: STRING,\n" +
        "    accountid: STRING,\n" +
        "    type: STRING>>,\n" +
        "  eventtype STRING,\n" +
        "  apiversion STRING,\n" +
        "  recipientaccountid STRING,\n" +
        "  serviceeventdetails STRING,\n" +
        "  sharedeventid STRING,\n" +
        "  vpcendpointid STRING,\n" +
        "  vpcendpointaccountid STRING,\n" +
        "  eventcategory STRING,\n" +
        "  addendum STRUCT<\n" +
        "    reason: STRING,\n" +
        "    updatedfields: STRING,\n" +
        "    originalrequestid: STRING,\n" +
        "    originaleventid: STRING>,\n" +
        "  sessioncredentialfromconsole STRING,\n" +
        "  edgedevicedetails STRING,\n" +
        "  tlsdetails STRUCT<\n" +
        "    tlsversion: STRING,\n" +
        "    ciphersuite: STRING,\n" +
        "    clientprovidedhostheader: STRING>";
}
