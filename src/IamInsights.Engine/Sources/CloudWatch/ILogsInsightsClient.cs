using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Sources.CloudWatch;

/// <summary>
/// The CloudWatch Logs Insights operations the module calls, as the service's JSON protocol defines them. The module
/// writes these few operations itself (the AWSSDK.CloudWatchLogs package could stand behind the same interface).
/// </summary>
public interface ILogsInsightsClient
{
    /// <summary>StartQuery: returns the query id.</summary>
    Task<string> StartQueryAsync(StartQueryRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// GetQueryResults: the status, the rows so far (while Running, those found until then) and the statistics; with
    /// <paramref name="maxItems"/> (at most 10,000) one page of them, and <paramref name="nextToken"/> for the next
    /// (a token is valid for an hour). Null for either leaves it out of the request.
    /// </summary>
    Task<QueryResults> GetQueryResultsAsync(string queryId, int? maxItems, string? nextToken, CancellationToken cancellationToken);

    /// <summary>StopQuery.</summary>
    Task StopQueryAsync(string queryId, CancellationToken cancellationToken);
}

/// <summary>
/// StartQuery's input. Times are epoch seconds, both inclusive. The log groups are names or ARNs
/// (arn:aws:logs:region:account:log-group:NAME, also of a linked source account): with an ARN among them they go in
/// logGroupIdentifiers, else in logGroupNames.
/// </summary>
public sealed class StartQueryRequest
{
    public StartQueryRequest(IReadOnlyList<string> logGroupNames, long startTime, long endTime, string queryString, int limit)
    {
        LogGroupNames = logGroupNames;
        StartTime = startTime;
        EndTime = endTime;
        QueryString = queryString;
        Limit = limit;
    }

    public IReadOnlyList<string> LogGroupNames { get; }

    public long StartTime { get; }

    public long EndTime { get; }

    public string QueryString { get; }

    public int Limit { get; }

    /// <summary>Whether a log group is given by its ARN, which only logGroupIdentifiers takes.</summary>
    public static bool IsArn(string logGroup) => logGroup.StartsWith("arn:", System.StringComparison.Ordinal);

    /// <summary>An ARN as logGroupIdentifiers takes it: without the ":*" that DescribeLogGroups and DescribeTrails append.</summary>
    public static string Identifier(string logGroup) =>
        IsArn(logGroup) && logGroup.EndsWith(":*", System.StringComparison.Ordinal) ? logGroup.Substring(0, logGroup.Length - 2) : logGroup;
}

/// <summary>GetQueryResults' output: every value is a string, and every row has @ptr.</summary>
public sealed class QueryResults
{
    public QueryResults(string status, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> rows, QueryStatistics statistics, string? nextToken = null)
    {
        Status = status;
        Rows = rows;
        Statistics = statistics;
        NextToken = nextToken;
    }

    /// <summary>The token of the next page, or null on the last one (and from an endpoint that does not page).</summary>
    public string? NextToken { get; }

    /// <summary>Scheduled, Running, Complete, Failed, Cancelled, Timeout or Unknown.</summary>
    public string Status { get; }

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Rows { get; }

    public QueryStatistics Statistics { get; }
}

public sealed class QueryStatistics
{
    public static readonly QueryStatistics None = new(0, 0, 0);

    public QueryStatistics(double recordsMatched, double recordsScanned, double bytesScanned)
    {
        RecordsMatched = recordsMatched;
        RecordsScanned = recordsScanned;
        BytesScanned = bytesScanned;
    }

    public double RecordsMatched { get; }

    public double RecordsScanned { get; }

    public double BytesScanned { get; }
}
