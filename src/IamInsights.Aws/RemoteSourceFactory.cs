using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Amazon.Runtime;
using IamInsights.Errors;
using IamInsights.Sources;
using IamInsights.Sources.Athena;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.EventHistory;
using IamInsights.Sources.S3;

namespace IamInsights.Aws;

/// <summary>
/// Builds the remote sources of a cmdlet: credentials and region in AWS.Tools' order; Logs Insights over the log groups
/// given or, failing those, the account's trails; and CloudTrail Event History, asked for or when no trail delivers to
/// CloudWatch Logs. Only engine types and plain values cross into the cmdlets, so the AWSSDK
/// assemblies can live in their own load context. Every failure is a documented <see cref="IamInsightsException"/>.
/// </summary>
public static class RemoteSourceFactory
{
    /// <summary>
    /// Logs Insights over the log groups given; with none, over the trails' log groups; when no trail delivers to
    /// CloudWatch Logs, Event History in the Regions given (<c>*</c> for every enabled one), or in us-east-1 and the
    /// session's Region. Logs Insights queries one Region, so <c>-Region *</c> is taken only when Event History is read.
    /// </summary>
    public static IQuerySource Create(AwsSettings settings, IReadOnlyList<string>? logGroups, IReadOnlyList<string>? logGroupPrefixes,
        IReadOnlyList<string>? regions, InsightsRunnerOptions options, Action<string> verbose, CancellationToken cancellationToken)
    {
        var session = Resolve(settings, verbose);
        var client = new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, settings.EndpointUrl);
        if (logGroupPrefixes is { Count: > 0 })
        {
            logGroups = (logGroups ?? Array.Empty<string>()).Concat(PrefixedLogGroups(client, logGroupPrefixes, verbose, cancellationToken))
                .Distinct(StringComparer.Ordinal).ToList();
        }
        if (logGroups == null || logGroups.Count == 0)
        {
            verbose("No log group was named: looking for the trails' CloudWatch Logs log groups (cloudtrail:DescribeTrails).");
            logGroups = TrailLogGroups(client, cancellationToken);
            if (logGroups.Count == 0)
            {
                verbose($"No trail of the account in {session.Region} delivers to CloudWatch Logs, and no log group is set (-LogGroupName, " +
                        "Set-IamInsightsOption -LogGroupName, $IamInsightsLogGroupName, IAMINSIGHTS_LOG_GROUP): reading CloudTrail Event History " +
                        "instead, which every account has. It holds the management events of the last 90 days, per Region, read with " +
                        "cloudtrail:LookupEvents at 2 requests a second per Region.");
                return EventHistory(session, settings, regions, verbose, cancellationToken);
            }
            verbose("Found the trails' log groups: " + string.Join(", ", logGroups) + ".");
        }
        if (EnabledRegions.IsWildcard(regions)) throw OneRegionOnly();
        verbose($"Logs Insights: at most {options.RowLimit:N0} rows a query, {options.MaxConcurrency} queries at once.");
        return new CloudWatchSource(client, logGroups, options.WithScope(Scope(session, settings) + "|" + session.Region));
    }

    /// <summary>
    /// CloudTrail Event History in the Regions given; <c>*</c> alone for every Region enabled in the account
    /// (account:ListRegions); none for us-east-1 and the session's Region.
    /// </summary>
    public static IQuerySource CreateEventHistory(AwsSettings settings, IReadOnlyList<string>? regions, Action<string> verbose, CancellationToken cancellationToken) =>
        EventHistory(Resolve(settings, verbose), settings, regions, verbose, cancellationToken);

    /// <summary>
    /// CloudTrail's S3 archive: at an s3:// URI, in a bucket under a key prefix, or where a trail delivers
    /// (cloudtrail:DescribeTrails in the session's Region gives its S3BucketName and S3KeyPrefix).
    /// </summary>
    public static IQuerySource CreateS3(AwsSettings settings, S3ArchiveRequest archive, S3SourceOptions options, Action<string> verbose,
        CancellationToken cancellationToken)
    {
        var session = Resolve(settings, verbose);
        var location = archive.Trail != null
            ? TrailLocation(session, settings, archive.Trail, verbose, cancellationToken)
            : archive.S3Uri != null ? S3Location.Parse(archive.S3Uri) : new S3Location(archive.BucketName ?? "", archive.KeyPrefix);
        verbose($"S3 archive {location}: at most {options.MaxConcurrentDownloads} objects read at once" +
                (options.AccountIds == null ? "" : $"; accounts {string.Join(", ", options.AccountIds)}") +
                (options.Regions == null ? "" : $"; Regions {string.Join(", ", options.Regions)}") + ".");
        var store = new S3ObjectStoreClient(session.Credentials, session.Region, location.Bucket, settings.EndpointUrl, options.MaxConcurrentDownloads);
        return new S3Source(store, location, options);
    }

    private static S3Location TrailLocation(AwsSession session, AwsSettings settings, string trail, Action<string> verbose, CancellationToken cancellationToken)
    {
        var client = new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, settings.EndpointUrl);
        IReadOnlyList<TrailDescription> trails;
        try
        {
            trails = client.DescribeTrailsAsync(trail, cancellationToken).GetAwaiter().GetResult();
        }
        catch (AwsServiceException e) when (e.ErrorCode is "TrailNotFoundException" or "InvalidTrailNameException")
        {
            throw new IamInsightsException(ErrorCatalog.TrailNotFound, $"No trail '{trail}' was found in {session.Region}: {e.Message}", trail, e);
        }
        catch (Exception e) when (CloudWatchErrors.Map(e, new[] { "cloudtrail:DescribeTrails" }, "", cancellationToken) is { } mapped)
        {
            throw new IamInsightsException(mapped.Error, $"Looking for the trail '{trail}' with cloudtrail:DescribeTrails failed: {e.Message}", trail, e);
        }
        var found = trails.FirstOrDefault(t => t.Name == trail || t.TrailArn == trail);
        if (found == null) throw new IamInsightsException(ErrorCatalog.TrailNotFound, $"No trail '{trail}' was found in {session.Region}.", trail);
        if (string.IsNullOrEmpty(found.S3BucketName))
        {
            throw new IamInsightsException(ErrorCatalog.TrailNotFound, $"The trail '{trail}' delivers to no S3 bucket.", trail);
        }
        verbose($"The trail '{trail}' delivers to s3://{found.S3BucketName}/{found.S3KeyPrefix}.");
        return new S3Location(found.S3BucketName!, found.S3KeyPrefix);
    }

    /// <summary>The error for <c>-Region *</c> with Logs Insights, which queries one Region.</summary>
    public static IamInsightsException OneRegionOnly() =>
        new(ErrorCatalog.RegionNotSingle,
            "-Region '*' names every Region enabled in the account, but CloudWatch Logs Insights queries one; every Region is taken with -EventHistory.",
            EnabledRegions.Wildcard);

    /// <summary>The Athena CloudTrail table, queried in the session's Region.</summary>
    public static IQuerySource CreateAthena(AwsSettings settings, AthenaSourceOptions options, Action<string> verbose)
    {
        var session = Resolve(settings, verbose);
        verbose($"Athena: the table '{options.Table.Database}.{options.Table.Table}' in {session.Region}, workgroup '{options.WorkGroup ?? "primary"}'" +
                (options.OutputLocation == null ? "." : $", results to {options.OutputLocation}."));
        return new AthenaSource(new AthenaHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, settings.EndpointUrl), options);
    }

    private static IQuerySource EventHistory(AwsSession session, AwsSettings settings, IReadOnlyList<string>? regions, Action<string> verbose,
        CancellationToken cancellationToken)
    {
        var options = new EventHistoryOptions();
        IReadOnlyList<string> chosen;
        if (EnabledRegions.IsWildcard(regions))
        {
            chosen = EnabledRegions.List(new ListRegionsHttpClient(session.Credentials, settings.EndpointUrl), cancellationToken);
            verbose($"-Region *: the {chosen.Count} Regions enabled in the account ({EnabledRegions.Permission}): {string.Join(", ", chosen)}.");
        }
        else
        {
            chosen = regions is { Count: > 0 } ? regions : new[] { EventHistoryPlanner.GlobalRegion, session.Region }.Distinct().ToList();
        }
        verbose($"Event History: IAM and sign-in events from {EventHistoryPlanner.GlobalRegion}; STS and other events from " +
                string.Join(", ", chosen) + ". Events older than 90 days are not there.");
        return new EventHistorySource(new LookupEventsHttpClient(session.Credentials, settings.EndpointUrl), Scope(session, settings), chosen, options);
    }

    /// <summary>What the request-rate regulators are kept for: the endpoint and the account's access key.</summary>
    private static string Scope(AwsSession session, AwsSettings settings)
    {
        try
        {
            return (settings.EndpointUrl?.ToString() ?? "aws") + "|" + session.Credentials.GetCredentials().AccessKey;
        }
        catch (Exception e) when (e is AmazonClientException or AwsCredentialsException)
        {
            throw new IamInsightsException(ErrorCatalog.AwsCredentialsNotFound, e.Message, null, e);
        }
    }

    private static AwsSession Resolve(AwsSettings settings, Action<string> verbose)
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
        return session;
    }

    /// <summary>The names of the log groups that start with each prefix (logs:DescribeLogGroups); a prefix that none starts with is an error naming it.</summary>
    private static IEnumerable<string> PrefixedLogGroups(LogsInsightsHttpClient client, IReadOnlyList<string> prefixes, Action<string> verbose,
        CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var prefix in prefixes)
        {
            IReadOnlyList<string> found;
            try
            {
                found = client.DescribeLogGroupsAsync(prefix, cancellationToken).GetAwaiter().GetResult();
            }
            catch (Exception e) when (CloudWatchErrors.Map(e, new[] { prefix }, "", cancellationToken) is { } mapped)
            {
                throw new IamInsightsException(mapped.Error, $"Listing the log groups whose name starts with '{prefix}' (logs:DescribeLogGroups) failed: {e.Message}", prefix, e);
            }
            if (found.Count == 0)
            {
                throw new IamInsightsException(ErrorCatalog.LogGroupNotFound, $"No log group's name starts with '{prefix}' in this account and Region (-LogGroupNamePrefix).", prefix);
            }
            verbose($"-LogGroupNamePrefix '{prefix}': {found.Count} log group{(found.Count == 1 ? "" : "s")} (logs:DescribeLogGroups): {string.Join(", ", found)}.");
            names.AddRange(found);
        }
        return names;
    }

    private static IReadOnlyList<string> TrailLogGroups(LogsInsightsHttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            return client.DescribeTrailLogGroupsAsync(cancellationToken).GetAwaiter().GetResult().Select(CloudWatchSource.NameOf).ToList();
        }
        catch (Exception e) when (CloudWatchErrors.Map(e, new[] { "cloudtrail:DescribeTrails" }, "", cancellationToken) is { } mapped)
        {
            // The category is the service's answer; the message names the call, not a log group.
            throw new IamInsightsException(mapped.Error, $"Looking for the trails' log groups with cloudtrail:DescribeTrails failed: {e.Message}",
                "cloudtrail:DescribeTrails", e);
        }
    }
}
