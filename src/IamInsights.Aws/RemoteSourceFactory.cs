using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IamInsights.Errors;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Aws;

/// <summary>
/// Builds the Logs Insights source of a cmdlet: credentials and region in AWS.Tools' order, and the log groups given
/// or, failing those, the account's trails. Only engine types and plain values cross into the cmdlets, so the AWSSDK
/// assemblies can live in their own load context. Every failure is a documented <see cref="IamInsightsException"/>.
/// </summary>
public static class RemoteSourceFactory
{
    public static IQuerySource Create(AwsSettings settings, IReadOnlyList<string>? logGroups, InsightsRunnerOptions options,
        Action<string> verbose, CancellationToken cancellationToken)
    {
        AwsSession session;
        try
        {
            session = AwsSession.Resolve(settings);
        }
        catch (AwsCredentialsException e)
        {
            throw new IamInsightsException(e.Incomplete ? ErrorCatalog.AwsCredentialsIncomplete : ErrorCatalog.AwsCredentialsNotFound, e.Message, null, e);
        }
        verbose($"AWS credentials from {session.CredentialSource}; region {session.Region} from {session.RegionSource}" +
                (settings.EndpointUrl == null ? "." : $"; endpoint {settings.EndpointUrl}."));
        var client = new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, settings.EndpointUrl);
        if (logGroups == null || logGroups.Count == 0)
        {
            verbose("No log group was named: looking for the trails' CloudWatch Logs log groups (cloudtrail:DescribeTrails).");
            logGroups = TrailLogGroups(client, session.Region, cancellationToken);
            verbose("Found the trails' log groups: " + string.Join(", ", logGroups) + ".");
        }
        verbose($"Logs Insights: at most {options.RowLimit:N0} rows a query, {options.MaxConcurrency} queries at once.");
        return new CloudWatchSource(client, logGroups, options);
    }

    private static IReadOnlyList<string> TrailLogGroups(LogsInsightsHttpClient client, string region, CancellationToken cancellationToken)
    {
        List<string> groups;
        try
        {
            groups = client.DescribeTrailLogGroupsAsync(cancellationToken).GetAwaiter().GetResult().Select(CloudWatchSource.NameOf).ToList();
        }
        catch (Exception e) when (CloudWatchErrors.Map(e, new[] { "cloudtrail:DescribeTrails" }, "", cancellationToken) is { } mapped)
        {
            throw mapped;
        }
        if (groups.Count == 0)
        {
            throw new IamInsightsException(ErrorCatalog.LogGroupNotSpecified,
                "No log group to query: give -LogGroupName, set one with Set-IamInsightsOption -LogGroupName, $IamInsightsLogGroupName or " +
                "the environment variable IAMINSIGHTS_LOG_GROUP, or read files with -Path. No trail of the account in " + region +
                " delivers to CloudWatch Logs.", region);
        }
        return groups;
    }
}
