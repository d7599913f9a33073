using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Errors;
using IamInsights.Query;

namespace IamInsights.Sources.CloudWatch;

/// <summary>
/// Runs a query on Logs Insights without losing rows: it starts one query per window and batch of log groups (at most
/// MaxConcurrency at once), polls each at a pace that starts fast and backs off, and when a query returns as many rows
/// as the limit (so maybe more exist) it splits the window in two and runs both halves, until every piece is under
/// the limit. Rows are de-duplicated by @ptr. Throttling and server errors are retried with jittered exponential
/// back-off. Everything runs on the thread that enumerates the rows; when it stops early (Ctrl+C, an error), the
/// queries still running are stopped.
/// </summary>
public sealed class InsightsQueryRunner
{
    private readonly ILogsInsightsClient client;
    private readonly InsightsRunnerOptions options;
    private readonly Random jitter = new();

    public InsightsQueryRunner(ILogsInsightsClient client, InsightsRunnerOptions? options = null)
    {
        this.client = client;
        this.options = options ?? new InsightsRunnerOptions();
    }

    private sealed class Piece
    {
        public Piece(IReadOnlyList<string> groups, long start, long end)
        {
            Groups = groups;
            Start = start;
            End = end;
        }

        public IReadOnlyList<string> Groups { get; }

        public long Start { get; }

        public long End { get; }

        public string? QueryId { get; set; }

        public TimeSpan Delay { get; set; }

        public DateTime NextPoll { get; set; }

        public QueryStatistics Statistics { get; set; } = QueryStatistics.None;

        public override string ToString() =>
            $"{Format(Start)} to {Format(End)} over {Groups.Count} log group{(Groups.Count == 1 ? "" : "s")}";
    }

    public IEnumerable<ResultRow> Run(string queryText, IReadOnlyList<string> logGroups, TimeWindow window,
        IQueryObserver observer, CancellationToken cancellationToken) =>
        Run(Parser.Parse(queryText), logGroups, window, observer, cancellationToken);

    /// <summary>Runs the query over the log groups and the window, printing the tree as the text each StartQuery sends.</summary>
    public IEnumerable<ResultRow> Run(QueryAst ast, IReadOnlyList<string> logGroups, TimeWindow window,
        IQueryObserver observer, CancellationToken cancellationToken)
    {
        if (window.SinceUtc == null || window.UntilUtc == null) throw new ArgumentException("A Logs Insights query needs a start and an end.", nameof(window));
        string queryText = ast.ToString();
        var query = new CompiledQuery(ast);
        var kinds = query.ColumnKinds();
        bool splittable = !query.Ast.Commands.Any(c => c.CombinesRecords);
        var batches = Batches(logGroups).ToList();
        if (!splittable && batches.Count > 1)
        {
            throw new IamInsightsException(ErrorCatalog.QueryNotSplittable,
                $"A query with stats, sort, limit, dedup, join, a subquery, addtotals col=true, pattern, diff or anomaly cannot be split over {logGroups.Count} log groups; name at most {options.MaxLogGroupsPerQuery}.",
                string.Join(", ", logGroups));
        }

        long start = ToEpochSeconds(window.SinceUtc.Value), end = ToEpochSeconds(window.UntilUtc.Value);
        var pending = new LinkedList<Piece>(batches.Select(b => new Piece(b, start, end)));
        var running = new List<Piece>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool finished = false;
        int queries = 0, splits = 0;
        try
        {
            while (pending.Count > 0 || running.Count > 0)
            {
                while (pending.Count > 0 && running.Count < options.MaxConcurrency)
                {
                    var piece = pending.First!.Value;
                    if (!TryStart(piece, queryText, observer, cancellationToken)) break;
                    pending.RemoveFirst();
                    running.Add(piece);
                    queries++;
                }
                if (running.Count == 0)
                {
                    // Every start was refused for too many concurrent queries: wait and try again.
                    Pause(Backoff(1), cancellationToken);
                    continue;
                }

                var next = running.OrderBy(p => p.NextPoll).First();
                var wait = next.NextPoll - DateTime.UtcNow;
                if (wait > TimeSpan.Zero) Pause(wait, cancellationToken);
                var results = WithRetries(() => client.GetQueryResultsAsync(next.QueryId!, cancellationToken), "GetQueryResults", observer, cancellationToken);
                next.Statistics = results.Statistics;
                Report(observer, running, pending.Count, queries);

                switch (results.Status)
                {
                    case "Complete":
                        running.Remove(next);
                        if (results.Rows.Count >= options.RowLimit && splittable)
                        {
                            if (next.End <= next.Start)
                            {
                                throw new IamInsightsException(ErrorCatalog.QueryNotSplittable,
                                    $"The Logs Insights query {next.QueryId} found {options.RowLimit} or more rows within one second ({Format(next.Start)}); " +
                                    "they cannot be split further. Narrow the query or raise the row limit.", next.QueryId);
                            }
                            int parts = Parts(results.Statistics.RecordsMatched, next.End - next.Start + 1);
                            long length = (next.End - next.Start + 1) / parts;
                            for (int part = parts - 1; part >= 0; part--)
                            {
                                long from = next.Start + part * length;
                                long to = part == parts - 1 ? next.End : from + length - 1;
                                pending.AddFirst(new Piece(next.Groups, from, to));
                            }
                            splits++;
                            observer.Verbose($"Query {next.QueryId} returned {results.Rows.Count} rows, the limit, of {results.Statistics.RecordsMatched:N0} matched, for {next}: splitting it in {parts}.");
                            continue;
                        }
                        if (results.Rows.Count >= options.RowLimit)
                        {
                            observer.Verbose($"Query {next.QueryId} returned {results.Rows.Count} rows, the limit; a query with stats, sort, limit or dedup is not split.");
                        }
                        foreach (var row in results.Rows)
                        {
                            string? pointer = row.FirstOrDefault(f => f.Key == "@ptr").Value;
                            if (pointer != null && !seen.Add(pointer)) continue;
                            yield return ToResultRow(query.Columns, kinds, row);
                        }
                        break;
                    case "Failed":
                    case "Cancelled":
                    case "Timeout":
                        running.Remove(next);
                        throw new InsightsQueryFailedException(next.QueryId!, results.Status);
                    default:
                        next.NextPoll = DateTime.UtcNow + next.Delay;
                        next.Delay = TimeSpan.FromTicks(Math.Min(next.Delay.Ticks * 2, options.PollMax.Ticks));
                        break;
                }
            }
            finished = true;
            observer.Progress(new QueryProgress("Logs Insights", "Done", 100, completed: true));
            observer.Verbose($"Ran {queries} Logs Insights quer{(queries == 1 ? "y" : "ies")} ({splits} split{(splits == 1 ? "" : "s")}); {seen.Count} distinct rows.");
        }
        finally
        {
            if (!finished) StopAll(running, observer);
        }
    }

    /// <summary>
    /// How many pieces to split a window into: enough for the matches Logs Insights counted to fit under the limit with
    /// room to spare (each piece aims at 80% of it), at least two, and no more than the window has seconds.
    /// </summary>
    private int Parts(double matched, long seconds)
    {
        double wanted = Math.Ceiling(matched / (options.RowLimit * 0.8));
        return (int)Math.Max(2, Math.Min(Math.Min(wanted, seconds), 1000));
    }

    private IEnumerable<IReadOnlyList<string>> Batches(IReadOnlyList<string> logGroups)
    {
        if (logGroups.Count == 0) throw new ArgumentException("Name at least one log group.", nameof(logGroups));
        for (int i = 0; i < logGroups.Count; i += options.MaxLogGroupsPerQuery)
        {
            yield return logGroups.Skip(i).Take(options.MaxLogGroupsPerQuery).ToList();
        }
    }

    /// <summary>Starts a piece's query; false when Logs Insights has too many queries running (LimitExceededException).</summary>
    private bool TryStart(Piece piece, string queryText, IQueryObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            piece.QueryId = WithRetries(() => client.StartQueryAsync(
                new StartQueryRequest(piece.Groups, piece.Start, piece.End, queryText, options.RowLimit), cancellationToken), "StartQuery", observer, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "LimitExceededException")
        {
            observer.Verbose("Logs Insights has too many queries running; waiting to start the next one.");
            return false;
        }
        piece.Delay = options.PollStart;
        piece.NextPoll = DateTime.UtcNow + options.PollStart;
        observer.Verbose($"Started query {piece.QueryId} for {piece}.");
        return true;
    }

    private T WithRetries<T>(Func<Task<T>> call, string operation, IQueryObserver observer, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return call().GetAwaiter().GetResult();
            }
            catch (AwsServiceException e) when (e.IsTransient && attempt < options.MaxAttempts)
            {
                var pause = Backoff(attempt);
                observer.Verbose($"{operation} answered {e.ErrorCode}; trying again in {pause.TotalMilliseconds:0} ms (attempt {attempt + 1} of {options.MaxAttempts}).");
                Pause(pause, cancellationToken);
            }
            catch (System.Net.Http.HttpRequestException e) when (attempt < options.MaxAttempts)
            {
                var pause = Backoff(attempt);
                observer.Verbose($"{operation} failed to connect ({e.Message}); trying again in {pause.TotalMilliseconds:0} ms.");
                Pause(pause, cancellationToken);
            }
        }
    }

    /// <summary>Exponential back-off with full jitter.</summary>
    private TimeSpan Backoff(int attempt)
    {
        double ceiling = options.RetryBase.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 10));
        lock (jitter) return TimeSpan.FromMilliseconds(ceiling / 2 + jitter.NextDouble() * ceiling / 2);
    }

    private static void Pause(TimeSpan time, CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(time);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stops the queries still running, all at once, waiting at most a second for them.</summary>
    private void StopAll(List<Piece> running, IQueryObserver observer)
    {
        var ids = running.Where(p => p.QueryId != null).Select(p => p.QueryId!).ToList();
        if (ids.Count == 0) return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        // Each call starts here and now, so the requests are on their way at once, whatever the thread pool is doing.
        var tasks = ids.Select(id => client.StopQueryAsync(id, stop.Token)).ToArray();
        try
        {
            Task.WaitAll(tasks, TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // The queries end on their own at the service's timeout; stopping them is a courtesy.
        }
        catch (AwsServiceException)
        {
        }
        observer.Verbose($"Stopped {ids.Count} running Logs Insights quer{(ids.Count == 1 ? "y" : "ies")}: {string.Join(", ", ids)}.");
    }

    private static void Report(IQueryObserver observer, List<Piece> running, int pending, int started)
    {
        double scanned = running.Sum(p => p.Statistics.RecordsScanned), bytes = running.Sum(p => p.Statistics.BytesScanned),
            matched = running.Sum(p => p.Statistics.RecordsMatched);
        observer.Progress(new QueryProgress("Logs Insights", string.Format(CultureInfo.InvariantCulture,
            "{0} running, {1} waiting, {2} started; {3:N0} records scanned ({4:N1} MB), {5:N0} matched",
            running.Count, pending, started, scanned, bytes / 1048576, matched), -1));
    }

    /// <summary>A row in the query's column order, its strings typed as the columns' kinds say.</summary>
    private static ResultRow ToResultRow(IReadOnlyList<string> columns, IReadOnlyDictionary<string, ValueKind> kinds,
        IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var values = new object?[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            foreach (var field in fields)
            {
                if (field.Key != columns[i]) continue;
                values[i] = kinds[columns[i]] switch
                {
                    ValueKind.Time => (object?)Dates.Parse(field.Value) ?? field.Value,
                    ValueKind.Number => double.TryParse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) ? n : field.Value,
                    _ => field.Value,
                };
                break;
            }
        }
        return new ResultRow(columns, values);
    }

    public static long ToEpochSeconds(DateTime utc) => (long)Math.Floor((utc.ToUniversalTime() - Dates.UnixEpoch).TotalSeconds);

    private static string Format(long epochSeconds) =>
        Dates.UnixEpoch.AddSeconds(epochSeconds).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
