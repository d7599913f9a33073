using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using DuckDB.NET.Data;
using IamInsights.Sources.Athena.Sql;

namespace IamInsights.Tests;

/// <summary>
/// CloudTrail files loaded by DuckDB into the table shape of the AWS Athena guide: lower-case string columns,
/// useridentity, tlsdetails and addendum as structs, resources as a list of structs, the JSON fields as JSON text, and the
/// account, region and timestamp partition columns taken from each file's S3 path. DuckDB reads the files itself.
/// </summary>
public sealed class CloudTrailDuckDb : IDisposable
{
    public static readonly SqlTable Table = new("trails", "cloudtrail_logs");

    private readonly DuckDBConnection connection;

    public CloudTrailDuckDb(string folder)
    {
        connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        string glob = Path.Combine(folder, "**", "*.json*").Replace("'", "''");
        Execute("CREATE SCHEMA trails");
        Execute(
            "CREATE TABLE trails.cloudtrail_logs AS SELECT " +
            "r->>'$.eventVersion' AS eventversion, " +
            "CASE WHEN json_type(r, '$.userIdentity') = 'OBJECT' THEN struct_pack(" +
            " type := " + Text("userIdentity.type") + ", principalid := " + Text("userIdentity.principalId") +
            ", arn := " + Text("userIdentity.arn") + ", accountid := " + Text("userIdentity.accountId") +
            ", invokedby := " + Text("userIdentity.invokedBy") + ", accesskeyid := " + Text("userIdentity.accessKeyId") +
            ", username := " + Text("userIdentity.userName") +
            ", onbehalfof := struct_pack(userid := " + Text("userIdentity.onBehalfOf.userId") + ", identitystorearn := " + Text("userIdentity.onBehalfOf.identityStoreArn") + ")" +
            ", sessioncontext := struct_pack(attributes := struct_pack(mfaauthenticated := " + Text("userIdentity.sessionContext.attributes.mfaAuthenticated") +
            ", creationdate := " + Text("userIdentity.sessionContext.attributes.creationDate") + ")" +
            ", sessionissuer := struct_pack(type := " + Text("userIdentity.sessionContext.sessionIssuer.type") +
            ", principalid := " + Text("userIdentity.sessionContext.sessionIssuer.principalId") +
            ", arn := " + Text("userIdentity.sessionContext.sessionIssuer.arn") +
            ", accountid := " + Text("userIdentity.sessionContext.sessionIssuer.accountId") +
            ", username := " + Text("userIdentity.sessionContext.sessionIssuer.userName") + ")" +
            ", ec2roledelivery := " + Text("userIdentity.sessionContext.ec2RoleDelivery") +
            ", webidfederationdata := struct_pack(federatedprovider := " + Text("userIdentity.sessionContext.webIdFederationData.federatedProvider") + ")))" +
            " END AS useridentity, " +
            Columns("eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage") +
            JsonText("requestParameters") + ", " + JsonText("responseElements") + ", " + JsonText("additionalEventData") + ", " +
            Columns("requestID", "eventID", "readOnly") +
            "list_transform(from_json(r->'$.resources', '[{\"ARN\":\"VARCHAR\",\"accountId\":\"VARCHAR\",\"type\":\"VARCHAR\"}]'), " +
            "x -> struct_pack(arn := x.\"ARN\", accountid := x.accountId, type := x.type)) AS resources, " +
            Columns("eventType", "apiVersion", "recipientAccountId") + JsonText("serviceEventDetails") + ", " +
            Columns("sharedEventID", "vpcEndpointId", "vpcEndpointAccountId", "eventCategory") +
            "struct_pack(reason := " + Text("addendum.reason") + ", updatedfields := " + Text("addendum.updatedFields") +
            ", originalrequestid := " + Text("addendum.originalRequestID") + ", originaleventid := " + Text("addendum.originalEventID") + ") AS addendum, " +
            Columns("sessionCredentialFromConsole", "edgeDeviceDetails") +
            "struct_pack(tlsversion := " + Text("tlsDetails.tlsVersion") + ", ciphersuite := " + Text("tlsDetails.cipherSuite") +
            ", clientprovidedhostheader := " + Text("tlsDetails.clientProvidedHostHeader") + ") AS tlsdetails, " +
            Partition(1) + " AS account, " + Partition(2) + " AS region, " + Partition(3) + " AS \"timestamp\" " +
            $"FROM (SELECT unnest(Records) AS r, filename FROM read_json('{glob}', columns = {{Records: 'JSON[]'}}, filename = true, maximum_object_size = 104857600))");
    }

    private static string Text(string path) => "(r->>'$." + path + "')";

    private static string Columns(params string[] names)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var name in names) sb.Append(Text(name)).Append(" AS ").Append(name.ToLowerInvariant()).Append(", ");
        return sb.ToString();
    }

    /// <summary>An object as its JSON text, a string as itself, JSON null or a missing key as NULL.</summary>
    private static string JsonText(string name) =>
        $"CASE json_type(r, '$.{name}') WHEN 'OBJECT' THEN CAST(r->'$.{name}' AS VARCHAR) WHEN 'ARRAY' THEN CAST(r->'$.{name}' AS VARCHAR) " +
        $"WHEN 'NULL' THEN NULL ELSE r->>'$.{name}' END AS {name.ToLowerInvariant()}";

    private static string Partition(int group) =>
        "regexp_extract(replace(filename, '\\', '/'), '/AWSLogs/(?:o-[a-z0-9]+/)?([0-9]{12})/CloudTrail/([a-z0-9-]+)/([0-9]{4}/[0-9]{2}/[0-9]{2})/', " +
        group.ToString(CultureInfo.InvariantCulture) + ")";

    public long Count() => (long)Scalar("SELECT count(*) FROM trails.cloudtrail_logs")!;

    public object? Scalar(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Runs a query and returns each row's cells as text, as Athena returns them (numbers in invariant form).</summary>
    public List<string?[]> Rows(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var cells = new string?[reader.FieldCount];
            for (int i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                };
            }
            rows.Add(cells);
        }
        return rows;
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
