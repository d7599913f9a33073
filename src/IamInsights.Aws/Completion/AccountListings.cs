using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Aws.Completion;

/// <summary>
/// The names an account has, for tab completion: its log groups (DescribeLogGroups), buckets (ListBuckets), trails
/// (DescribeTrails) and Athena workgroups (ListWorkGroups). Each list is made once per kind, endpoint, Region and access key (the account), and kept for the
/// process. A caller waits at most a short time: without credentials or a Region, or when the call fails or is slow, it
/// gets nothing and no error. A slow listing goes on in the background and fills the cache for the next completion; a
/// failed one is forgotten, so the next completion asks again.
/// </summary>
public static class AccountListings
{
    /// <summary>How long a completion waits for credentials and the listing before it gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> Listings = new();

    /// <summary>The account's log group names.</summary>
    public static IReadOnlyList<string> LogGroupNames(AwsSettings settings) =>
        Names("logs", settings, (session, endpoint) =>
            new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, endpoint)
                .DescribeLogGroupsAsync(null, CancellationToken.None));

    /// <summary>The account's bucket names.</summary>
    public static IReadOnlyList<string> BucketNames(AwsSettings settings) =>
        Names("s3", settings, (session, endpoint) =>
            S3ObjectStoreClient.ListBucketNamesAsync(session.Credentials, session.Region, endpoint, CancellationToken.None));

    /// <summary>The names of the trails the Region's DescribeTrails shows.</summary>
    public static IReadOnlyList<string> TrailNames(AwsSettings settings) =>
        Names("cloudtrail", settings, async (session, endpoint) =>
            (IReadOnlyList<string>)(await new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, endpoint)
                .DescribeTrailsAsync(null, CancellationToken.None).ConfigureAwait(false))
                .Select(t => t.Name).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList());

    /// <summary>The names of the Region's Athena workgroups.</summary>
    public static IReadOnlyList<string> WorkGroupNames(AwsSettings settings) =>
        Names("athena", settings, (session, endpoint) =>
            new AthenaHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, endpoint).ListWorkGroupNamesAsync(CancellationToken.None));

    /// <summary>The names, or an empty list when they cannot be had within <see cref="Patience"/>.</summary>
    private static IReadOnlyList<string> Names(string kind, AwsSettings settings, Func<AwsSession, Uri?, Task<IReadOnlyList<string>>> list)
    {
        var lookup = Task.Run(() => ListingFor(kind, settings, list));
        try
        {
            return lookup.Wait(Patience) ? lookup.Result : Array.Empty<string>();
        }
        catch (AggregateException)
        {
            // No credentials, no Region, a refused or failed call: completion offers nothing.
            return Array.Empty<string>();
        }
    }

    /// <summary>Resolves the credentials and Region as a cmdlet would, then joins the listing of that account, starting it when it is the first.</summary>
    private static Task<IReadOnlyList<string>> ListingFor(string kind, AwsSettings settings, Func<AwsSession, Uri?, Task<IReadOnlyList<string>>> list)
    {
        var session = AwsSession.Resolve(settings);
        string key = kind + "|" + (settings.EndpointUrl?.ToString() ?? "aws") + "|" + session.Region + "|" + session.Credentials.GetCredentials().AccessKey;
        Lazy<Task<IReadOnlyList<string>>>? listing = null;
        listing = new Lazy<Task<IReadOnlyList<string>>>(() =>
        {
            var task = list(session, settings.EndpointUrl);
            task.ContinueWith(failed => Forget(key, listing!, failed),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        });
        return Listings.GetOrAdd(key, listing).Value;
    }

    /// <summary>Drops a failed listing (its exception observed), so that the next completion asks again.</summary>
    private static void Forget(string key, Lazy<Task<IReadOnlyList<string>>> listing, Task failed)
    {
        _ = failed.Exception;
        ((ICollection<KeyValuePair<string, Lazy<Task<IReadOnlyList<string>>>>>)Listings).Remove(new(key, listing));
    }
}
