using System;
using System.IO;
using System.Net.Http;
using IamInsights.Errors;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Sources.EventHistory;

/// <summary>Turns what LookupEvents answers into the documented errors, naming the Region and the series at fault.</summary>
public static class EventHistoryErrors
{
    /// <summary>The documented error of a failure, or null for one that is not the service's (a defect).</summary>
    public static IamInsightsException? Map(Exception e, LookupSeries series) => e switch
    {
        IamInsightsException => null,
        AwsServiceException { ErrorCode: "ExpiredTokenException" or "UnrecognizedClientException" or "InvalidSignatureException" or "AccessDeniedException" or "InvalidClientTokenId" } =>
            new IamInsightsException(ErrorCatalog.AwsAccessDenied, $"AWS refused the credentials or cloudtrail:LookupEvents in {series.Region}: {e.Message}", series.Region, e),
        AwsServiceException => new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"CloudTrail LookupEvents failed ({series}): {e.Message}", series.Region, e),
        HttpRequestException or IOException or OperationCanceledException =>
            new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"CloudTrail in {series.Region} could not be reached ({series}): {e.Message}", series.Region, e),
        _ => null,
    };
}
