using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Sources.Athena;

/// <summary>The Amazon Athena operations the Athena source calls.</summary>
public interface IAthenaClient
{
    /// <summary>StartQueryExecution; returns the query execution id.</summary>
    Task<string> StartQueryExecutionAsync(AthenaQueryRequest request, CancellationToken cancellationToken);

    Task<AthenaExecution> GetQueryExecutionAsync(string queryExecutionId, CancellationToken cancellationToken);

    /// <summary>One page of GetQueryResults: at most <paramref name="maxResults"/> rows, each cell as text (null for a SQL NULL).</summary>
    Task<AthenaResultPage> GetQueryResultsAsync(string queryExecutionId, string? nextToken, int maxResults, CancellationToken cancellationToken);

    Task StopQueryExecutionAsync(string queryExecutionId, CancellationToken cancellationToken);
}

/// <summary>What StartQueryExecution is given: the SQL, the database (QueryExecutionContext), the workgroup and the results' S3 location.</summary>
public sealed record AthenaQueryRequest(string QueryString, string Database, string? WorkGroup, string? OutputLocation, string ClientRequestToken);

/// <summary>
/// What GetQueryExecution tells: the state (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED), Athena's reason for a
/// failure, and the bytes scanned so far, which Athena charges for.
/// </summary>
public sealed record AthenaExecution(string State, string? StateChangeReason, long DataScannedInBytes);

public sealed record AthenaResultPage(IReadOnlyList<IReadOnlyList<string?>> Rows, string? NextToken);
