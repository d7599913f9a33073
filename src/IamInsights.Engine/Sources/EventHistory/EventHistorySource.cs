using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Errors;
using IamInsights.Query;

namespace IamInsights.Sources.EventHistory;

/// <summary>
/// CloudTrail Event History (LookupEvents): the management events of the last 90 days, per Region. The planner picks
/// the series of calls; they run at once, each Region's calls spaced by its shared <see cref="RateRegulator"/>, and
/// the engine runs the whole query over the records they return. An event seen in two series (the same eventID) comes
/// out once. Records come out as their pages arrive: newest first within a series, series interleaved.
/// </summary>
public sealed class EventHistorySource : IQuerySource
{
    private readonly ILookupEventsClient client;
    private readonly string scope;
    private readonly IReadOnlyList<string> regions;
    private readonly EventHistoryOptions options;

    /// <param name="scope">What the account is known by (the credentials and the endpoint), so that calls of one account share a regulator.</param>
    public EventHistorySource(ILookupEventsClient client, string scope, IReadOnlyList<string> regions, EventHistoryOptions? options = null)
    {
        if (regions.Count == 0) throw new ArgumentException("At least one Region is needed.", nameof(regions));
        this.client = client;
        this.scope = scope;
        this.regions = regions.Distinct(StringComparer.Ordinal).ToList();
        this.options = options ?? new EventHistoryOptions();
    }

    public string Description => "CloudTrail Event History in " + string.Join(", ", regions);

    /// <summary>LookupEvents reads only the window, narrowed by one attribute; the engine runs the query.</summary>
    public SourceCapabilities Capabilities => SourceCapabilities.TimeWindow | SourceCapabilities.Filters;

    /// <summary>The series of the last run, for -Verbose and the tests.</summary>
    public IReadOnlyList<LookupSeries> LastPlan { get; private set; } = Array.Empty<LookupSeries>();

    public IEnumerable<ResultRow> Run(QueryRequest request, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var now = options.Clock.UtcNow;
        var oldest = now - EventHistoryOptions.Retention;
        var window = request.Window;
        if (window.SinceUtc is { } since && since < oldest)
        {
            throw new IamInsightsException(ErrorCatalog.EventHistoryWindowTooOld,
                $"-Since {since:yyyy-MM-dd HH:mm:ss}Z is more than 90 days ago, and CloudTrail Event History keeps only the last 90 days " +
                $"(from {oldest:yyyy-MM-dd HH:mm}Z). For older events read the trail's S3 archive (-Path, after aws s3 sync) or its " +
                "CloudWatch Logs log group (-LogGroupName).", since);
        }
        var start = window.SinceUtc ?? oldest;
        var end = window.UntilUtc ?? now;
        var plan = EventHistoryPlanner.Plan(request.Query, regions, options.MaxNameSeries);
        LastPlan = plan;
        observer.Verbose($"Event History: {plan.Count} LookupEvents series ({string.Join("; ", plan)}), " +
                         $"each Region's calls at most one every {options.RequestInterval.TotalMilliseconds:0} ms.");
        var matched = new Counter();
        var rows = new CompiledQuery(request.Query).Run(ReadRecords(plan, window, start, end, matched, observer, cancellationToken), cancellationToken);
        return CountMatches(rows, matched);
    }

    private static IEnumerable<ResultRow> CountMatches(IEnumerable<ResultRow> rows, Counter matched)
    {
        foreach (var row in rows)
        {
            matched.Value++;
            yield return row;
        }
    }

    private IEnumerable<CloudTrailRecord> ReadRecords(IReadOnlyList<LookupSeries> plan, TimeWindow window, DateTime start, DateTime end,
        Counter matched, IQueryObserver observer, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrivals = new BlockingCollection<Arrival>();
        var tasks = plan.Select(series => Task.Run(() => RunSeries(series, start, end, arrivals, stop.Token))).ToArray();
        Task.WhenAll(tasks).ContinueWith(_ => arrivals.CompleteAdding(), TaskScheduler.Default);
        var reached = plan.ToDictionary(s => s, _ => end);
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        int pages = 0, seen = 0, repeated = 0;
        long position = 0;
        try
        {
            foreach (var arrival in arrivals.GetConsumingEnumerable(cancellationToken))
            {
                if (arrival.Failure != null) ExceptionDispatchInfo.Capture(arrival.Failure).Throw();
                if (arrival.Note != null)
                {
                    observer.Verbose(arrival.Note);
                    continue;
                }
                if (arrival.Problem != null) observer.Problem(arrival.Problem);
                pages++;
                seen += arrival.Records.Count;
                reached[arrival.Series!] = arrival.Oldest ?? (arrival.Last ? start : reached[arrival.Series!]);
                observer.Progress(Progress(reached, start, end, pages, seen, matched.Value));
                foreach (var json in arrival.Records)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var record = new CloudTrailRecord(json, "EventHistory/" + arrival.Series!.Region, arrival.Series.Region, position++);
                    if (record.EventId is { } id && !eventIds.Add(id)) { repeated++; continue; }
                    if (record.EventTime is { } time && window.Contains(time)) yield return record;
                }
            }
        }
        finally
        {
            stop.Cancel();
        }
        observer.Progress(new QueryProgress(Activity, "Done", 100, completed: true));
        observer.Verbose(string.Format(CultureInfo.InvariantCulture,
            "Event History: {0} pages, {1} events seen, {2} matched{3}.", pages, seen, matched.Value,
            repeated == 0 ? "" : $"; {repeated} seen in more than one series came out once"));
    }

    private const string Activity = "Reading CloudTrail Event History";

    private static QueryProgress Progress(Dictionary<LookupSeries, DateTime> reached, DateTime start, DateTime end, int pages, int seen, int matched)
    {
        double span = Math.Max(1, (end - start).TotalSeconds);
        int percent = (int)(reached.Values.Average(t => (end - t).TotalSeconds / span) * 100);
        string series = string.Join(", ", reached.Select(r => $"{r.Key.AttributeValue ?? "all"}@{r.Key.Region} {r.Value:MM-dd HH:mm}"));
        return new QueryProgress(Activity, string.Format(CultureInfo.InvariantCulture,
            "{0} pages, {1} events seen, {2} matched; reached {3}", pages, seen, matched, series), Math.Max(0, Math.Min(99, percent)));
    }

    /// <summary>Every page of one series, in order; a page is asked again, with the same token and parameters, until it comes or the retries run out.</summary>
    private async Task RunSeries(LookupSeries series, DateTime start, DateTime end, BlockingCollection<Arrival> arrivals, CancellationToken cancellationToken)
    {
        var regulator = options.Regulators.For(scope, series.Region, options.RequestInterval);
        var request = new LookupEventsRequest(series.AttributeKey, series.AttributeValue, start, end, options.PageSize, null);
        try
        {
            while (true)
            {
                LookupEventsPage? page = null;
                for (int attempt = 1; page == null; attempt++)
                {
                    await regulator.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        page = await client.LookupEventsAsync(series.Region, request, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (IsTransient(e, cancellationToken) && attempt <= options.MaxRetries)
                    {
                        var pause = regulator.BackOff(attempt, options.RetryBase, options.RetryMax);
                        arrivals.Add(new Arrival { Note = $"Event History ({series}): {Reason(e)}; retry {attempt} of {options.MaxRetries} after {pause.TotalSeconds:0.0} s." });
                    }
                }
                arrivals.Add(Parse(series, page));
                if (page.NextToken == null) return;
                request = request.WithToken(page.NextToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            arrivals.Add(new Arrival { Failure = EventHistoryErrors.Map(e, series) ?? e });
        }
    }

    private static Arrival Parse(LookupSeries series, LookupEventsPage page)
    {
        var arrival = new Arrival { Series = series, Last = page.NextToken == null };
        int bad = 0;
        foreach (var text in page.CloudTrailEvents)
        {
            try
            {
                var element = JsonDocument.Parse(text).RootElement;
                if (element.ValueKind != JsonValueKind.Object) { bad++; continue; }
                arrival.Records.Add(element);
                var time = Dates.Parse(element.TryGetProperty("eventTime", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null);
                if (time != null && (arrival.Oldest == null || time < arrival.Oldest)) arrival.Oldest = time;
            }
            catch (JsonException)
            {
                bad++;
            }
        }
        if (bad > 0)
        {
            arrival.Problem = new SourceProblem(ErrorCatalog.CloudTrailFileInvalidJson.Id, ProblemKind.InvalidData, "Event History " + series,
                $"{bad} event{(bad == 1 ? "" : "s")} of a LookupEvents page ({series}) had a CloudTrailEvent that is not a JSON object; the others came out.");
        }
        return arrival;
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        Sources.CloudWatch.AwsServiceException aws => aws.IsTransient,
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Reason(Exception e) => e is Sources.CloudWatch.AwsServiceException aws ? aws.ErrorCode : e.GetType().Name + ": " + e.Message;

    private sealed class Counter
    {
        public int Value;
    }

    /// <summary>What a series hands to the pipeline thread: a page, a note for -Verbose, or the failure that ends the call.</summary>
    private sealed class Arrival
    {
        public LookupSeries? Series { get; set; }

        public List<JsonElement> Records { get; } = new();

        public DateTime? Oldest { get; set; }

        public bool Last { get; set; }

        public SourceProblem? Problem { get; set; }

        public string? Note { get; set; }

        public Exception? Failure { get; set; }
    }
}
