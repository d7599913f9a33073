using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Aws.Completion;

/// <summary>
/// The log group names of an account, for tab completion: listed once with DescribeLogGroups per endpoint, Region and
/// access key (the account), and kept for the process. A caller waits at most a short time: without credentials or a
/// Region, or when the call fails or is slow, it gets nothing and no error. A slow listing goes on in the background
/// and fills the cache for the next completion; a failed one is forgotten, so the next completion asks again.
/// </summary>
public static class LogGroupNameCache
{
    /// <summary>How long a completion waits for credentials and DescribeLogGroups before it gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> Listings = new();

    /// <summary>The account's log group names, or an empty list when they cannot be had within <see cref="Patience"/>.</summary>
    public static IReadOnlyList<string> Names(AwsSettings settings)
    {
        var lookup = Task.Run(() => ListingFor(settings));
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
    private static Task<IReadOnlyList<string>> ListingFor(AwsSettings settings)
    {
        var session = AwsSession.Resolve(settings);
        string key = (settings.EndpointUrl?.ToString() ?? "aws") + "|" + session.Region + "|" + session.Credentials.GetCredentials().AccessKey;
        Lazy<Task<IReadOnlyList<string>>>? listing = null;
        listing = new Lazy<Task<IReadOnlyList<string>>>(() =>
        {
            var task = List(session, settings.EndpointUrl);
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

    private static Task<IReadOnlyList<string>> List(AwsSession session, Uri? endpointUrl) =>
        new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, endpointUrl)
            .DescribeLogGroupsAsync(null, CancellationToken.None);
}
