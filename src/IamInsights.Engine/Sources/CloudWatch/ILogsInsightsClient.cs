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

    /// <summary>GetQueryResults: the status, the rows so far and the statistics.</summary>
    Task<QueryResults> GetQueryResultsAsync(string queryId, CancellationToken cancellationToken);

    /// <summary>StopQuery.</summary>
    Task StopQueryAsync(string queryId, CancellationToken cancellationToken);
}

/// <summary>StartQuery's input. Times are epoch seconds, both inclusive.</summary>
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
}

/// <summary>GetQueryResults' output: every value is a string, and every row has @ptr.</summary>
public sealed class QueryResults
{
    public QueryResults(string status, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> rows, QueryStatistics statistics)
    {
        Status = status;
        Rows = rows;
        Statistics = statistics;
    }

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
