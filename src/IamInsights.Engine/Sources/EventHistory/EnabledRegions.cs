using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using IamInsights.Errors;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Sources.EventHistory;

/// <summary><c>-Region *</c>: every Region enabled in the account, listed with account:ListRegions.</summary>
public static class EnabledRegions
{
    public const string Wildcard = "*";

    public const string Permission = "account:ListRegions";

    /// <summary>Whether -Region is "*" alone; "*" given with Region names is refused.</summary>
    public static bool IsWildcard(IReadOnlyList<string>? regions)
    {
        if (regions == null || !regions.Contains(Wildcard)) return false;
        if (regions.Count == 1) return true;
        string given = string.Join(", ", regions);
        throw new IamInsightsException(ErrorCatalog.RegionWildcardMixed,
            $"-Region '{given}' gives '*', which means every Region enabled in the account, with Region names as well: give '*' alone, or the names alone.", given);
    }

    /// <summary>How many times one page is asked for when the answer is throttling, a server error or a broken connection.</summary>
    public const int MaxAttempts = 4;

    /// <summary>The pause before the first retry; it doubles with each.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Every Region enabled in the account, in the order listed, page after page.</summary>
    public static IReadOnlyList<string> List(IEnabledRegionsClient client, CancellationToken cancellationToken)
    {
        var regions = new List<string>();
        string? token = null;
        do
        {
            EnabledRegionsPage page;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    page = client.ListEnabledRegionsAsync(token, cancellationToken).GetAwaiter().GetResult();
                    break;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && attempt < MaxAttempts && IsTransient(e))
                {
                    cancellationToken.WaitHandle.WaitOne(RetryDelay.Ceiling(attempt, FirstRetryDelay, TimeSpan.FromSeconds(5)));
                    cancellationToken.ThrowIfCancellationRequested();
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && Map(e) is { } mapped)
                {
                    throw mapped;
                }
            }
            regions.AddRange(page.Regions);
            token = page.NextToken;
        }
        while (token != null);
        if (regions.Count == 0)
        {
            throw new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"{Permission} listed no enabled Region for -Region *.", Wildcard);
        }
        return regions.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsTransient(Exception e) => e switch
    {
        AwsServiceException service => service.IsTransient || service.StatusCode == 429,
        HttpRequestException or IOException => true,
        _ => false,
    };

    private static IamInsightsException? Map(Exception e) => e switch
    {
        IamInsightsException => null,
        AwsServiceException { ErrorCode: "AccessDeniedException" or "ExpiredTokenException" or "UnrecognizedClientException" or "InvalidSignatureException" or "InvalidClientTokenId" } =>
            new IamInsightsException(ErrorCatalog.AwsAccessDenied,
                $"AWS refused the credentials or {Permission}, which -Region * needs to list the Regions enabled in the account: {e.Message}", Permission, e),
        AwsServiceException => new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"{Permission} failed: {e.Message}", Permission, e),
        HttpRequestException or IOException or OperationCanceledException =>
            new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"AWS Account Management ({Permission}) could not be reached: {e.Message}", Permission, e),
        _ => null,
    };
}
