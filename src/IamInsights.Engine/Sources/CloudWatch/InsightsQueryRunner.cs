using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources.EventHistory;

namespace IamInsights.Sources.CloudWatch;

/// <summary>
/// Runs a query on Logs Insights without losing rows. Each window and batch of log groups is a piece, run as a query
/// of up to the row limit (read in GetQueryResults pages), at most MaxConcurrency at once. A piece whose poll shows
/// more matches than the limit is stopped and split at once into as many pieces as the matches need; one that
/// completes at the limit is split too, until every piece is under it. A query with no stats, sort, limit or dedup
/// streams: the rows of each poll come out as they arrive, and @ptr de-duplication, which remembers only the rows of a
/// piece and of the pieces it was split from, keeps a row seen twice from coming out twice. Every request waits for
/// its action's regulator, shared by the whole process; throttling, server errors and dropped connections are retried
/// with jittered back-off, and a query that ends Failed or Timeout is run again a bounded number of times. The rows
/// come out on the thread that enumerates them; when it stops early (Ctrl+C, an error), the queries still running are
/// stopped.
/// </summary>
public sealed class InsightsQueryRunner
{
    private readonly ILogsInsightsClient client;
    private readonly InsightsRunnerOptions options;
    private readonly RateRegulator startRegulator, resultsRegulator, stopRegulator;
    private int rowLimit;

    public InsightsQueryRunner(ILogsInsightsClient client, InsightsRunnerOptions? options = null)
    {
        this.client = client;
        this.options = options ?? new InsightsRunnerOptions();
        rowLimit = this.options.RowLimit;
        startRegulator = this.options.Regulators.For(this.options.Scope + "|StartQuery", this.options.StartQueryInterval);
        resultsRegulator = this.options.Regulators.For(this.options.Scope + "|GetQueryResults", this.options.GetQueryResultsInterval);
        stopRegulator = this.options.Regulators.For(this.options.Scope + "|StopQuery", this.options.StopQueryInterval);
    }

    private sealed class Piece
    {
        public Piece(IReadOnlyList<string> groups, long start, long end, Piece? parent, int attempt)
        {
            Groups = groups;
            Start = start;
            End = end;
            Parent = parent;
            Attempt = attempt;
        }

        public IReadOnlyList<string> Groups { get; }

        public long Start { get; }

        public long End { get; }

        /// <summary>The piece this one was split from or runs again: its rows may come back here.</summary>
        public Piece? Parent { get; }

        public int Attempt { get; }

        /// <summary>The @ptr of every row this piece let out; touched only on the enumerating thread.</summary>
        public HashSet<string>? Emitted { get; set; } = new(StringComparer.Ordinal);

        public string? QueryId { get; set; }

        public int Limit { get; set; }

        public bool Ended { get; set; }

        /// <summary>Whether its split was decided from a Running poll, whose count of matches is only those found so far.</summary>
        public bool SplitWhileRunning { get; set; }

        public QueryStatistics Statistics { get; set; } = QueryStatistics.None;

        public bool AlreadyOut(string pointer)
        {
            for (var piece = this; piece != null; piece = piece.Parent)
            {
                if (piece.Emitted != null && piece.Emitted.Contains(pointer)) return true;
            }
            return false;
        }

        public string Window => $"{Format(Start)} to {Format(End)}";

        public override string ToString() => $"{Window} over {Groups.Count} log group{(Groups.Count == 1 ? "" : "s")}";
    }

    private enum Ending
    {
        Done,
        Split,
        Again,
    }

    /// <summary>What a piece's task tells the enumerating thread, in order: rows, a message, its statistics, its end.</summary>
    private sealed class Note
    {
        public Note(Piece piece) => Piece = piece;

        public Piece Piece { get; }

        public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>? Rows { get; init; }

        public string? Message { get; init; }

        public Ending? End { get; init; }

        public Exception? Error { get; init; }
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
        var pending = new LinkedList<Piece>(batches.Select(b => new Piece(b, start, end, null, 1)));
        var running = new List<Piece>();
        using var notes = new BlockingCollection<Note>();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task>();
        bool finished = false;
        int queries = 0, splits = 0, again = 0, rowsOut = 0;
        try
        {
            while (pending.Count > 0 || running.Count > 0)
            {
                while (pending.Count > 0 && running.Count < options.MaxConcurrency)
                {
                    var piece = pending.First!.Value;
                    pending.RemoveFirst();
                    running.Add(piece);
                    queries++;
                    tasks.Add(Task.Run(() => RunPiece(piece, queryText, splittable, notes, stopping.Token)));
                }

                var note = notes.Take(cancellationToken);
                var from = note.Piece;
                if (note.Message != null) observer.Verbose(note.Message);
                if (note.Rows != null)
                {
                    foreach (var row in note.Rows)
                    {
                        string? pointer = Pointer(row);
                        if (pointer != null)
                        {
                            if (from.AlreadyOut(pointer)) continue;
                            from.Emitted!.Add(pointer);
                        }
                        rowsOut++;
                        yield return ToResultRow(query.Columns, kinds, row);
                    }
                }
                if (note.End == null && note.Error == null)
                {
                    Report(observer, running, pending.Count, queries);
                    continue;
                }

                running.Remove(from);
                from.Ended = true;
                if (note.Error != null) throw note.Error;
                switch (note.End)
                {
                    case Ending.Split:
                        if (from.End <= from.Start)
                        {
                            throw new IamInsightsException(ErrorCatalog.QueryNotSplittable,
                                $"Logs Insights found {from.Statistics.RecordsMatched:N0} matches, more than the row limit of {from.Limit:N0}, within one second " +
                                $"({from.Window}, query {from.QueryId}); they cannot be split further. Narrow the query, or name fewer log groups.", from.Window);
                        }
                        // A running query has found only part of its matches: the pieces are planned for twice as many.
                        double matches = from.Statistics.RecordsMatched * (from.SplitWhileRunning ? 2 : 1);
                        int parts = Parts(matches, from.End - from.Start + 1, from.Limit);
                        long length = (from.End - from.Start + 1) / parts;
                        for (int part = parts - 1; part >= 0; part--)
                        {
                            long pieceStart = from.Start + part * length;
                            long pieceEnd = part == parts - 1 ? from.End : pieceStart + length - 1;
                            pending.AddFirst(new Piece(from.Groups, pieceStart, pieceEnd, from, 1));
                        }
                        splits++;
                        observer.Verbose($"Query {from.QueryId} counts {from.Statistics.RecordsMatched:N0} matches{(from.SplitWhileRunning ? " so far" : "")}, more than its limit of {from.Limit:N0}, for {from}: splitting it in {parts}.");
                        break;
                    case Ending.Again:
                        again++;
                        pending.AddFirst(new Piece(from.Groups, from.Start, from.End, from, from.Attempt + 1));
                        break;
                    default:
                        // Nothing later can overlap a piece that ended whole: only its descendants would.
                        from.Emitted = null;
                        break;
                }
                Report(observer, running, pending.Count, queries);
            }
            finished = true;
            observer.Progress(new QueryProgress("Logs Insights", "Done", 100, completed: true));
            observer.Verbose($"Ran {queries} Logs Insights quer{(queries == 1 ? "y" : "ies")} ({splits} split{(splits == 1 ? "" : "s")}, {again} run again); {rowsOut} distinct rows.");
        }
        finally
        {
            stopping.Cancel();
            if (!finished) StopAll(running, tasks, observer);
        }
    }

    /// <summary>Runs one piece's query to its end, posting its rows, messages and end to the enumerating thread.</summary>
    private async Task RunPiece(Piece piece, string queryText, bool splittable, BlockingCollection<Note> notes, CancellationToken cancellationToken)
    {
        try
        {
            var end = await RunPieceCore(piece, queryText, splittable, notes, cancellationToken).ConfigureAwait(false);
            notes.Add(new Note(piece) { End = end });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            try
            {
                notes.Add(new Note(piece) { Error = e });
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task<Ending> RunPieceCore(Piece piece, string queryText, bool splittable, BlockingCollection<Note> notes, CancellationToken cancellationToken)
    {
        string id = await StartQuery(piece, queryText, notes, cancellationToken).ConfigureAwait(false);
        var delay = options.PollStart;
        while (true)
        {
            await options.Clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.PollMax.Ticks));
            var results = await Call(resultsRegulator, "GetQueryResults", () => client.GetQueryResultsAsync(id, options.PageSize, null, cancellationToken),
                piece, notes, cancellationToken).ConfigureAwait(false);
            piece.Statistics = results.Statistics;
            switch (results.Status)
            {
                case "Complete":
                    notes.Add(new Note(piece) { Rows = results.Rows });
                    int total = results.Rows.Count;
                    for (string? token = results.NextToken; token != null;)
                    {
                        QueryResults page;
                        try
                        {
                            string pageToken = token;
                            page = await Call(resultsRegulator, "GetQueryResults", () => client.GetQueryResultsAsync(id, options.PageSize, pageToken, cancellationToken),
                                piece, notes, cancellationToken).ConfigureAwait(false);
                        }
                        catch (AwsServiceException e) when (e.ErrorCode is "InvalidParameterException" or "ResourceNotFoundException" && piece.Attempt < options.MaxQueryAttempts)
                        {
                            notes.Add(new Note(piece) { Message = $"The results of query {id} for {piece} are gone after {total:N0} rows ({e.ErrorCode}: {e.Message}); running it again (run {piece.Attempt + 1} of {options.MaxQueryAttempts})." });
                            return Ending.Again;
                        }
                        notes.Add(new Note(piece) { Rows = page.Rows });
                        total += page.Rows.Count;
                        token = page.NextToken;
                    }
                    if (splittable && (total >= piece.Limit || results.Statistics.RecordsMatched > total)) return Ending.Split;
                    if (total >= piece.Limit)
                    {
                        notes.Add(new Note(piece) { Message = $"Query {id} returned {total:N0} rows, the limit; a query with stats, sort, limit or dedup is not split." });
                    }
                    return Ending.Done;
                case "Failed":
                case "Timeout":
                    if (piece.Attempt >= options.MaxQueryAttempts) throw new InsightsQueryFailedException(id, results.Status);
                    notes.Add(new Note(piece) { Message = $"Query {id} for {piece} ended {results.Status}; running it again (run {piece.Attempt + 1} of {options.MaxQueryAttempts})." });
                    return Ending.Again;
                case "Cancelled":
                    throw new InsightsQueryFailedException(id, results.Status);
                case "Running":
                    if (splittable && results.Statistics.RecordsMatched > piece.Limit && piece.End > piece.Start)
                    {
                        await Call(stopRegulator, "StopQuery", async () => { await client.StopQueryAsync(id, cancellationToken).ConfigureAwait(false); return true; },
                            piece, notes, cancellationToken).ConfigureAwait(false);
                        piece.SplitWhileRunning = true;
                        return Ending.Split;
                    }
                    if (splittable) notes.Add(new Note(piece) { Rows = results.Rows });
                    else notes.Add(new Note(piece));
                    break;
                default:
                    notes.Add(new Note(piece));
                    break;
            }
        }
    }

    /// <summary>
    /// Starts a piece's query: waits its turn when Logs Insights has too many queries running (LimitExceededException),
    /// and falls back to the legacy row limit, for the whole run, when the service refuses a higher one.
    /// </summary>
    private async Task<string> StartQuery(Piece piece, string queryText, BlockingCollection<Note> notes, CancellationToken cancellationToken)
    {
        for (int busy = 1; ; )
        {
            int limit = Volatile.Read(ref rowLimit);
            try
            {
                string id = await Call(startRegulator, "StartQuery", () => client.StartQueryAsync(
                    new StartQueryRequest(piece.Groups, piece.Start, piece.End, queryText, limit), cancellationToken), piece, notes, cancellationToken).ConfigureAwait(false);
                piece.Limit = limit;
                piece.QueryId = id;
                notes.Add(new Note(piece) { Message = $"Started query {id} for {piece}, at most {limit:N0} rows." });
                return id;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "LimitExceededException")
            {
                notes.Add(new Note(piece) { Message = "Logs Insights has too many queries running; waiting to start the next one." });
                await options.Clock.Delay(startRegulator.BackOff(busy++, options.RetryBase, options.PollMax), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "InvalidParameterException" && limit > InsightsRunnerOptions.LegacyRowLimit)
            {
                if (Interlocked.CompareExchange(ref rowLimit, InsightsRunnerOptions.LegacyRowLimit, limit) == limit)
                {
                    notes.Add(new Note(piece) { Message = $"Logs Insights refused a limit of {limit:N0} rows ({e.Message}); this endpoint takes at most " +
                        $"{InsightsRunnerOptions.LegacyRowLimit:N0} rows a query, so the run goes on with that limit and splits its window more." });
                }
            }
        }
    }

    /// <summary>A call in its turn on the action's regulator, retried after throttling, server errors and dropped connections.</summary>
    private async Task<T> Call<T>(RateRegulator regulator, string operation, Func<Task<T>> call, Piece piece, BlockingCollection<Note> notes,
        CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            await regulator.WaitAsync(cancellationToken).ConfigureAwait(false);
            string problem;
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.IsTransient && attempt < options.MaxAttempts)
            {
                problem = "answered " + e.ErrorCode;
            }
            catch (HttpRequestException e) when (attempt < options.MaxAttempts)
            {
                problem = $"failed to connect ({e.Message})";
            }
            var pause = regulator.BackOff(attempt, options.RetryBase, options.RetryMax);
            notes.Add(new Note(piece) { Message = $"{operation} {problem}; trying again in {pause.TotalMilliseconds:0} ms (attempt {attempt + 1} of {options.MaxAttempts})." });
        }
    }

    private static string? Pointer(IReadOnlyList<KeyValuePair<string, string>> row)
    {
        foreach (var field in row)
        {
            if (field.Key == "@ptr") return field.Value;
        }
        return null;
    }

    /// <summary>
    /// How many pieces to split a window into: enough for the matches Logs Insights counted to fit under the limit with
    /// room to spare (each piece aims at 80% of it), at least two, and no more than the window has seconds.
    /// </summary>
    private static int Parts(double matched, long seconds, int limit)
    {
        double wanted = Math.Ceiling(matched / (limit * 0.8));
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

    /// <summary>Stops the queries still running, all at once, waiting at most a second for them.</summary>
    private void StopAll(List<Piece> running, List<Task> tasks, IQueryObserver observer)
    {
        try
        {
            Task.WaitAll(tasks.ToArray(), TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
        }
        var ids = running.Where(p => p.QueryId != null && !p.Ended).Select(p => p.QueryId!).ToList();
        if (ids.Count == 0) return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        // Each call starts here and now, so the requests are on their way at once, whatever the thread pool is doing.
        var stops = ids.Select(id => client.StopQueryAsync(id, stop.Token)).ToArray();
        try
        {
            Task.WaitAll(stops, TimeSpan.FromSeconds(1));
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
