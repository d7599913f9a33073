using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Aws;

/// <summary>
/// CloudWatch Logs Insights and CloudTrail over their JSON 1.1 protocol: StartQuery, GetQueryResults, StopQuery,
/// DescribeLogGroups and DescribeQueries of Logs_20140328, and CloudTrail's DescribeTrails.
/// </summary>
public sealed class LogsInsightsHttpClient : ILogsInsightsClient
{
    private const string LogsTarget = "Logs_20140328.";
    private const string CloudTrailTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    private readonly AwsJsonClient client;
    private readonly Uri logsEndpoint;
    private readonly Uri cloudTrailEndpoint;

    public LogsInsightsHttpClient(AwsJsonClient client, string region, Uri? endpointUrl = null)
    {
        this.client = client;
        logsEndpoint = AwsJsonClient.EndpointOf("logs", region, endpointUrl);
        cloudTrailEndpoint = AwsJsonClient.EndpointOf("cloudtrail", region, endpointUrl);
    }

    public async Task<string> StartQueryAsync(StartQueryRequest request, CancellationToken cancellationToken)
    {
        string body = Json(w =>
        {
            bool identifiers = request.LogGroupNames.Any(StartQueryRequest.IsArn);
            w.WriteStartArray(identifiers ? "logGroupIdentifiers" : "logGroupNames");
            foreach (var name in request.LogGroupNames) w.WriteStringValue(identifiers ? StartQueryRequest.Identifier(name) : name);
            w.WriteEndArray();
            w.WriteNumber("startTime", request.StartTime);
            w.WriteNumber("endTime", request.EndTime);
            w.WriteString("queryString", request.QueryString);
            w.WriteNumber("limit", request.Limit);
        });
        using var answer = await client.CallAsync(logsEndpoint, "logs", LogsTarget + "StartQuery", body, cancellationToken).ConfigureAwait(false);
        return answer.RootElement.GetProperty("queryId").GetString()!;
    }

    public async Task<QueryResults> GetQueryResultsAsync(string queryId, int? maxItems, string? nextToken, CancellationToken cancellationToken)
    {
        using var answer = await client.CallAsync(logsEndpoint, "logs", LogsTarget + "GetQueryResults", Json(w =>
        {
            w.WriteString("queryId", queryId);
            if (maxItems != null) w.WriteNumber("maxItems", maxItems.Value);
            if (nextToken != null) w.WriteString("nextToken", nextToken);
        }), cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        var rows = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        if (root.TryGetProperty("results", out var results))
        {
            foreach (var row in results.EnumerateArray())
            {
                rows.Add(row.EnumerateArray()
                    .Select(f => new KeyValuePair<string, string>(f.GetProperty("field").GetString()!, f.TryGetProperty("value", out var v) ? v.GetString() ?? "" : ""))
                    .ToList());
            }
        }
        var statistics = QueryStatistics.None;
        if (root.TryGetProperty("statistics", out var s))
        {
            double Number(string name) => s.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number ? n.GetDouble() : 0;
            statistics = new QueryStatistics(Number("recordsMatched"), Number("recordsScanned"), Number("bytesScanned"));
        }
        string status = root.TryGetProperty("status", out var st) ? st.GetString() ?? "Unknown" : "Unknown";
        string? next = root.TryGetProperty("nextToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        return new QueryResults(status, rows, statistics, string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task StopQueryAsync(string queryId, CancellationToken cancellationToken)
    {
        using var _ = await client.CallAsync(logsEndpoint, "logs", LogsTarget + "StopQuery",
            Json(w => w.WriteString("queryId", queryId)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The names of the log groups whose name starts with the prefix (every group when it is null).</summary>
    public async Task<IReadOnlyList<string>> DescribeLogGroupsAsync(string? prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            using var answer = await client.CallAsync(logsEndpoint, "logs", LogsTarget + "DescribeLogGroups", Json(w =>
            {
                if (prefix != null) w.WriteString("logGroupNamePrefix", prefix);
                if (token != null) w.WriteString("nextToken", token);
            }), cancellationToken).ConfigureAwait(false);
            foreach (var group in answer.RootElement.GetProperty("logGroups").EnumerateArray()) names.Add(group.GetProperty("logGroupName").GetString()!);
            token = answer.RootElement.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
        }
        while (token != null);
        return names;
    }

    /// <summary>The Logs Insights queries of the account with this status (Running, Scheduled...): their ids.</summary>
    public async Task<IReadOnlyList<string>> DescribeQueriesAsync(string status, CancellationToken cancellationToken)
    {
        using var answer = await client.CallAsync(logsEndpoint, "logs", LogsTarget + "DescribeQueries",
            Json(w => w.WriteString("status", status)), cancellationToken).ConfigureAwait(false);
        return answer.RootElement.GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("queryId").GetString()!).ToList();
    }

    /// <summary>The CloudWatch Logs log groups (ARNs) that the account's trails deliver to.</summary>
    public async Task<IReadOnlyList<string>> DescribeTrailLogGroupsAsync(CancellationToken cancellationToken) =>
        (await DescribeTrailsAsync(null, cancellationToken).ConfigureAwait(false))
            .Select(t => t.CloudWatchLogsLogGroupArn).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).Distinct().ToList();

    /// <summary>The account's trails (cloudtrail:DescribeTrails), or the one named (by name or ARN).</summary>
    public async Task<IReadOnlyList<TrailDescription>> DescribeTrailsAsync(string? name, CancellationToken cancellationToken)
    {
        string body = name == null ? "{}" : Json(w =>
        {
            w.WriteStartArray("trailNameList");
            w.WriteStringValue(name);
            w.WriteEndArray();
        });
        using var answer = await client.CallAsync(cloudTrailEndpoint, "cloudtrail", CloudTrailTarget + "DescribeTrails",
            body, cancellationToken).ConfigureAwait(false);
        string? Text(JsonElement trail, string property) => trail.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return answer.RootElement.GetProperty("trailList").EnumerateArray()
            .Select(t => new TrailDescription(Text(t, "Name"), Text(t, "TrailARN"), Text(t, "S3BucketName"), Text(t, "S3KeyPrefix"), Text(t, "CloudWatchLogsLogGroupArn")))
            .ToList();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
