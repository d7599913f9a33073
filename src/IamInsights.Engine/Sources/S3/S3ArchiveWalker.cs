using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using IamInsights.Errors;
using IamInsights.Sources.Files;

namespace IamInsights.Sources.S3;

/// <summary>An object to read, with the delivery day of the folder it was listed in.</summary>
public sealed class S3ArchiveObject
{
    public S3ArchiveObject(DateTime day, string key, long size)
    {
        Day = day;
        Key = key;
        Size = size;
    }

    public DateTime Day { get; }

    public string Key { get; }

    public long Size { get; }
}

/// <summary>
/// Walks CloudTrail's layout in a bucket with the <c>/</c> delimiter, never listing it flat:
/// <c>&lt;prefix&gt;/AWSLogs/</c>, then the organization ids (<c>o-...</c>) and accounts, then
/// <c>&lt;account&gt;/CloudTrail/</c> and its Regions, then the years, months and days that can hold events of the window
/// (with <see cref="S3Layout.Margin"/> on each side). Only the <c>CloudTrail/</c> folder of an account is entered, so
/// <c>CloudTrail-Digest/</c> and <c>CloudTrail-Insight/</c> are never listed. The accounts and Regions are narrowed by the
/// patterns given (wildcards allowed) as their folders are listed. A denied or failing prefix is reported once and the
/// walk goes on; a missing bucket, or a denied <c>AWSLogs/</c>, ends it.
/// </summary>
public sealed class S3ArchiveWalker
{
    private readonly IS3ObjectStore store;
    private readonly S3Location location;
    private readonly IReadOnlyList<string>? accounts;
    private readonly IReadOnlyList<string>? regions;
    private readonly IQueryObserver observer;
    private readonly CancellationToken cancellationToken;

    public S3ArchiveWalker(IS3ObjectStore store, S3Location location, IReadOnlyList<string>? accounts, IReadOnlyList<string>? regions,
        IQueryObserver observer, CancellationToken cancellationToken)
    {
        this.store = store;
        this.location = location;
        this.accounts = accounts is { Count: > 0 } ? accounts : null;
        this.regions = regions is { Count: > 0 } ? regions : null;
        this.observer = observer;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>Log objects listed so far.</summary>
    public int Listed { get; private set; }

    /// <summary>Log objects listed but left unread because their name's delivery time is outside the window.</summary>
    public int SkippedByWindow { get; private set; }

    /// <summary>Year, month and day folders left unlisted because they are outside the window.</summary>
    public int FoldersSkipped { get; private set; }

    /// <summary>
    /// The log objects that can hold events of the window: day by day, oldest first; within a day, by account and
    /// Region prefix, then by key (which is delivery time order). Each day's objects are listed only when it is reached.
    /// </summary>
    public IEnumerable<S3ArchiveObject> Objects(TimeWindow window)
    {
        var days = new SortedDictionary<DateTime, List<string>>();
        foreach (var regionPrefix in RegionPrefixes())
        {
            foreach (var (day, prefix) in Days(regionPrefix, window))
            {
                if (!days.TryGetValue(day, out var prefixes)) days[day] = prefixes = new List<string>();
                prefixes.Add(prefix);
            }
        }
        observer.Verbose($"{days.Sum(d => d.Value.Count)} day folders to read in the window (with {S3Layout.Margin.TotalMinutes:0} minutes' margin); {FoldersSkipped} year, month and day folders skipped by the window.");
        foreach (var day in days)
        {
            foreach (var prefix in day.Value.OrderBy(p => p, StringComparer.Ordinal))
            {
                int skipped = 0, other = 0, listed = 0;
                foreach (var entry in ListObjects(prefix))
                {
                    if (!IsLogKey(entry.Key))
                    {
                        other++;
                        continue;
                    }
                    listed++;
                    Listed++;
                    if (S3Layout.FileOutside(entry.Key, window))
                    {
                        skipped++;
                        SkippedByWindow++;
                        continue;
                    }
                    yield return new S3ArchiveObject(day.Key, entry.Key, entry.Size);
                }
                observer.Verbose($"{location.UriOf(prefix)}: {listed} log objects, {skipped} skipped by the window" +
                                 (other == 0 ? "." : $", {other} other objects ignored."));
            }
        }
    }

    /// <summary>A CloudTrail log file: <c>..._CloudTrail_...json.gz</c> (or <c>.json</c>), not a digest or an Insights file.</summary>
    public static bool IsLogKey(string key)
    {
        int slash = key.LastIndexOf('/');
        string name = key.Substring(slash + 1);
        return name.IndexOf("_CloudTrail_", StringComparison.Ordinal) >= 0
               && (name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The <c>&lt;account&gt;/CloudTrail/&lt;region&gt;/</c> prefixes under AWSLogs/, narrowed by the accounts and Regions given.</summary>
    private IEnumerable<string> RegionPrefixes()
    {
        var accountPrefixes = new List<string>();
        foreach (var child in ListPrefixes(location.LogsPrefix, root: true))
        {
            string name = LastSegment(child);
            if (name.StartsWith("o-", StringComparison.Ordinal))
            {
                accountPrefixes.AddRange(ListPrefixes(child).Where(p => IsAccount(LastSegment(p))));
            }
            else if (IsAccount(name))
            {
                accountPrefixes.Add(child);
            }
            else
            {
                observer.Verbose($"Skipped {location.UriOf(child)}: neither an organization id nor an account.");
            }
        }
        var chosen = accountPrefixes.Where(p => accounts == null || accounts.Any(a => QueryFilters.Matches(LastSegment(p), a))).ToList();
        observer.Verbose($"{location.LogsPrefix}: {accountPrefixes.Count} account folders, {chosen.Count} to read" +
                         (accounts == null ? "." : $" (-AccountId {string.Join(", ", accounts)})."));
        foreach (var account in chosen)
        {
            foreach (var region in ListPrefixes(account + "CloudTrail/"))
            {
                if (regions == null || regions.Any(r => QueryFilters.Matches(LastSegment(region), r))) yield return region;
            }
        }
    }

    /// <summary>The day folders of a Region prefix that can hold events of the window, walking years, then months, then days.</summary>
    private IEnumerable<(DateTime Day, string Prefix)> Days(string regionPrefix, TimeWindow window)
    {
        foreach (var yearPrefix in ListPrefixes(regionPrefix))
        {
            if (!Number(LastSegment(yearPrefix), 4, 1970, 9998, out int year)) continue;
            var yearStart = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            if (Outside(yearStart, yearStart.AddYears(1), window)) continue;
            foreach (var monthPrefix in ListPrefixes(yearPrefix))
            {
                if (!Number(LastSegment(monthPrefix), 2, 1, 12, out int month)) continue;
                var monthStart = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
                if (Outside(monthStart, monthStart.AddMonths(1), window)) continue;
                foreach (var dayPrefix in ListPrefixes(monthPrefix))
                {
                    if (!Number(LastSegment(dayPrefix), 2, 1, DateTime.DaysInMonth(year, month), out int day)) continue;
                    var dayStart = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
                    if (Outside(dayStart, dayStart.AddDays(1), window)) continue;
                    yield return (dayStart, dayPrefix);
                }
            }
        }
    }

    private bool Outside(DateTime start, DateTime end, TimeWindow window)
    {
        if (!S3Layout.SpanOutside(start, end, window)) return false;
        FoldersSkipped++;
        return true;
    }

    private IEnumerable<string> ListPrefixes(string prefix, bool root = false)
    {
        var prefixes = new List<string>();
        foreach (var page in Pages(prefix, root)) prefixes.AddRange(page.CommonPrefixes);
        return prefixes;
    }

    private IEnumerable<S3ObjectEntry> ListObjects(string prefix)
    {
        foreach (var page in Pages(prefix, root: false))
        {
            foreach (var entry in page.Objects) yield return entry;
        }
    }

    /// <summary>
    /// The pages of one delimited listing. A refused or failing prefix is one error naming it, and reads as empty;
    /// a missing bucket, or a refused or failing AWSLogs/ prefix (so nothing could be read), ends the call.
    /// </summary>
    private List<S3ListPage> Pages(string prefix, bool root)
    {
        var pages = new List<S3ListPage>();
        observer.Verbose($"Listing {location.UriOf(prefix)}");
        string? token = null;
        try
        {
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = store.ListAsync(prefix, token, cancellationToken).GetAwaiter().GetResult();
                pages.Add(page);
                token = page.NextContinuationToken;
            }
            while (token != null);
        }
        catch (S3StoreException e) when (e.Kind == S3FailureKind.NoSuchBucket)
        {
            throw new IamInsightsException(ErrorCatalog.S3BucketNotFound, $"The bucket '{store.Bucket}' does not exist: {e.Message}", store.Bucket, e);
        }
        catch (S3StoreException e) when (root)
        {
            throw new IamInsightsException(e.Kind == S3FailureKind.AccessDenied ? ErrorCatalog.AwsAccessDenied : ErrorCatalog.AwsRequestFailed,
                $"Listing {location.UriOf(prefix)} failed, so nothing of the archive can be read: {e.Message}", location.UriOf(prefix), e);
        }
        catch (S3StoreException e)
        {
            observer.Problem(S3Source.ProblemOf(e, location.UriOf(prefix), "list"));
        }
        return pages;
    }

    private static string LastSegment(string prefix)
    {
        string trimmed = prefix.TrimEnd('/');
        return trimmed.Substring(trimmed.LastIndexOf('/') + 1);
    }

    private static bool IsAccount(string name) => name.Length == 12 && name.All(c => c >= '0' && c <= '9');

    private static bool Number(string text, int length, int min, int max, out int value)
    {
        value = 0;
        return text.Length == length && text.All(c => c >= '0' && c <= '9')
               && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
