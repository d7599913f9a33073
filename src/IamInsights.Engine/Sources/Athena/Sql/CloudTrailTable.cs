using System;
using System.Collections.Generic;
using System.Linq;
using IamInsights.Query;

namespace IamInsights.Sources.Athena.Sql;

/// <summary>
/// The standard CloudTrail table of the AWS Athena guide: top-level fields as lower-case string columns, userIdentity
/// and tlsDetails as structs, resources as an array of structs, requestParameters, responseElements,
/// additionalEventData and serviceEventDetails as JSON text, and the partition columns account, region and timestamp
/// (yyyy/MM/dd, the day folder of the delivered file).
/// </summary>
public static class CloudTrailTable
{
    public const string AccountPartition = "account";
    public const string RegionPartition = "region";
    public const string DayPartition = "timestamp";
    public const string EventTimeColumn = "eventtime";

    /// <summary>The top-level string fields, by their CloudTrail names.</summary>
    private static readonly string[] TextFields =
    {
        "eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
        "errorMessage", "requestID", "eventID", "readOnly", "eventType", "apiVersion", "recipientAccountId", "sharedEventID",
        "vpcEndpointId", "vpcEndpointAccountId", "eventCategory", "sessionCredentialFromConsole", "edgeDeviceDetails",
    };

    /// <summary>The fields held as JSON text, read with json_extract_scalar.</summary>
    private static readonly string[] JsonFields = { "requestParameters", "responseElements", "additionalEventData", "serviceEventDetails" };

    /// <summary>The struct columns and the dotted paths of their members, as the guide declares them.</summary>
    private static readonly Dictionary<string, string[]> Structs = new(StringComparer.Ordinal)
    {
        ["userIdentity"] = new[]
        {
            "type", "principalId", "arn", "accountId", "invokedBy", "accessKeyId", "userName", "onBehalfOf.userId", "onBehalfOf.identityStoreArn",
            "sessionContext.attributes.mfaAuthenticated", "sessionContext.attributes.creationDate", "sessionContext.sessionIssuer.type",
            "sessionContext.sessionIssuer.principalId", "sessionContext.sessionIssuer.arn", "sessionContext.sessionIssuer.accountId",
            "sessionContext.sessionIssuer.userName", "sessionContext.ec2RoleDelivery", "sessionContext.webIdFederationData.federatedProvider",
        },
        ["tlsDetails"] = new[] { "tlsVersion", "cipherSuite", "clientProvidedHostHeader" },
        ["addendum"] = new[] { "reason", "updatedFields", "originalRequestID", "originalEventID" },
    };

    private static readonly string[] ResourceMembers = { "ARN", "accountId", "type" };

    /// <summary>
    /// The SQL that reads a CloudTrail field of a record, or null when the table has no column for it (a system field
    /// other than @timestamp, a member the guide's structs leave out, a field no CloudTrail record has).
    /// </summary>
    public static (SqlExpr Expression, ValueKind Kind)? Resolve(string field)
    {
        if (field == "@timestamp") return (new SqlEpochMillis(new SqlColumn(EventTimeColumn)), ValueKind.Time);
        if (TextFields.Contains(field, StringComparer.Ordinal)) return (new SqlColumn(field.ToLowerInvariant()), ValueKind.Text);
        int dot = field.IndexOf('.');
        string head = dot < 0 ? field : field.Substring(0, dot);
        string? rest = dot < 0 ? null : field.Substring(dot + 1);
        if (JsonFields.Contains(head, StringComparer.Ordinal))
        {
            var column = new SqlColumn(head.ToLowerInvariant());
            if (rest == null) return (column, ValueKind.Text);
            var path = rest.Split('.');
            return path.Any(p => p.Length == 0) ? null : (new SqlJsonScalar(column, new Sequence<string>(path)), ValueKind.Text);
        }
        if (rest != null && Structs.TryGetValue(head, out var members) && members.Contains(rest, StringComparer.Ordinal))
        {
            SqlExpr member = new SqlColumn(head.ToLowerInvariant());
            foreach (var part in rest.Split('.')) member = new SqlMember(member, part.ToLowerInvariant());
            return (member, ValueKind.Text);
        }
        if (head == "resources" && rest != null)
        {
            var parts = rest.Split('.');
            if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
                && ResourceMembers.Contains(parts[1], StringComparer.Ordinal))
            {
                return (new SqlMember(new SqlArrayItem(new SqlColumn("resources"), index), parts[1].ToLowerInvariant()), ValueKind.Text);
            }
        }
        return null;
    }
}
