using System;

namespace IamInsights.Sources.CloudWatch;

/// <summary>An error answer of an AWS service, with its error code (ThrottlingException, LimitExceededException...).</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string message, int statusCode, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public string ErrorCode { get; }

    public int StatusCode { get; }

    /// <summary>Throttling, service unavailability and other 5xx answers: worth retrying after a pause.</summary>
    public bool IsTransient => ErrorCode is "ThrottlingException" or "ServiceUnavailableException" or "RequestLimitExceeded" || StatusCode >= 500;
}

/// <summary>A Logs Insights query that ended Failed, Cancelled or Timeout.</summary>
public sealed class InsightsQueryFailedException : Exception
{
    public InsightsQueryFailedException(string queryId, string status)
        : base($"The Logs Insights query {queryId} ended with the status {status}.")
    {
        QueryId = queryId;
        Status = status;
    }

    public string QueryId { get; }

    public string Status { get; }
}
