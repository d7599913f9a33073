using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using IamInsights.Errors;

namespace IamInsights.Sources.CloudWatch;

/// <summary>Turns what CloudWatch Logs answers into the documented errors, naming the log groups or the query at fault.</summary>
public static class CloudWatchErrors
{
    /// <summary>The rows of a run, with each failure that ends it turned into an <see cref="IamInsightsException"/>.</summary>
    public static IEnumerable<T> Guard<T>(IEnumerable<T> rows, IReadOnlyList<string> logGroups, string queryText, CancellationToken cancellationToken)
    {
        using var rowsEnumerator = rows.GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = rowsEnumerator.MoveNext();
            }
            catch (Exception e) when (Map(e, logGroups, queryText, cancellationToken) is { } mapped)
            {
                throw mapped;
            }
            if (!more) yield break;
            yield return rowsEnumerator.Current;
        }
    }

    /// <summary>The documented error of a failure, or null for one that is not the service's (a cancellation, a defect).</summary>
    public static IamInsightsException? Map(Exception e, IReadOnlyList<string> logGroups, string queryText, CancellationToken cancellationToken = default)
    {
        string groups = string.Join(", ", logGroups);
        return e switch
        {
            IamInsightsException => null,
            InsightsQueryFailedException failed => new IamInsightsException(ErrorCatalog.InsightsQueryFailed, failed.Message, failed.QueryId, e),
            AwsServiceException { ErrorCode: "ResourceNotFoundException" } => new IamInsightsException(ErrorCatalog.LogGroupNotFound,
                $"Logs Insights cannot find the log group{(logGroups.Count == 1 ? "" : "s")} '{groups}' in this account and Region: {e.Message}", groups, e),
            AwsServiceException { ErrorCode: "MalformedQueryException" } => new IamInsightsException(ErrorCatalog.MalformedQueryException,
                "CloudWatch Logs Insights refused the query: " + e.Message + Environment.NewLine + "Query:" + Environment.NewLine + queryText, queryText, e),
            AwsServiceException { ErrorCode: "ExpiredTokenException" or "UnrecognizedClientException" or "InvalidSignatureException" or "AccessDeniedException" or "InvalidClientTokenId" } =>
                new IamInsightsException(ErrorCatalog.AwsAccessDenied, $"AWS refused the credentials or the call on '{groups}': {e.Message}", groups, e),
            AwsServiceException => new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"CloudWatch Logs failed on '{groups}': {e.Message}", groups, e),
            HttpRequestException => new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"CloudWatch Logs could not be reached: {e.Message}", groups, e),
            // HttpClient's timeout is a cancellation that nobody asked for: the service did not answer in time.
            OperationCanceledException when !cancellationToken.IsCancellationRequested => new IamInsightsException(ErrorCatalog.AwsRequestFailed,
                $"CloudWatch Logs did not answer in time for '{groups}'.", groups, e),
            _ => null,
        };
    }
}
