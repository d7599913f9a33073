using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Aws;

/// <summary>
/// Builds the Logs Insights source of a cmdlet: credentials and region in AWS.Tools' order, and the log groups from
/// -LogGroupName, $IamInsightsLogGroupName, IAMINSIGHTS_LOG_GROUP or the account's trails. Only engine types and plain
/// values cross into the cmdlets, so the AWSSDK assemblies can live in their own load context.
/// </summary>
public static class RemoteSourceFactory
{
    public const string LogGroupVariable = "IamInsightsLogGroupName";
    public const string LogGroupEnvironment = "IAMINSIGHTS_LOG_GROUP";

    public const string RowLimitVariable = "IamInsightsRowLimit";
    public const string ConcurrencyVariable = "IamInsightsMaxConcurrentQueries";

    public static IQuerySource Create(AwsSettings settings, IReadOnlyList<string>? logGroups, InsightsRunnerOptions options,
        Action<string> verbose, CancellationToken cancellationToken)
    {
        var session = AwsSession.Resolve(settings);
        verbose($"AWS credentials from {session.CredentialSource}; region {session.Region} from {session.RegionSource}" +
                (settings.EndpointUrl == null ? "." : $"; endpoint {settings.EndpointUrl}."));
        var client = new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, settings.EndpointUrl);
        if (logGroups == null || logGroups.Count == 0)
        {
            verbose("No log group was named: looking for the trails' CloudWatch Logs log groups (cloudtrail:DescribeTrails).");
            logGroups = client.DescribeTrailLogGroupsAsync(cancellationToken).GetAwaiter().GetResult().Select(CloudWatchSource.NameOf).ToList();
            if (logGroups.Count == 0)
            {
                throw new NoLogGroupException(
                    "No log group to query: give -LogGroupName, set $" + LogGroupVariable + " or the environment variable " + LogGroupEnvironment +
                    ", or read files with -Path. No trail of the account in " + session.Region + " delivers to CloudWatch Logs.");
            }
            verbose("Found the trails' log groups: " + string.Join(", ", logGroups) + ".");
        }
        verbose($"Logs Insights: at most {options.RowLimit:N0} rows a query, {options.MaxConcurrency} queries at once.");
        return new CloudWatchSource(client, logGroups, options);
    }
}
