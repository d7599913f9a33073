using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Tests;

namespace IamInsights.Benchmarks;

/// <summary>
/// The Logs Insights source against the fake server over HTTP, with a latency per request and each action capped at
/// 5 requests a second as the service caps them: the time to the first row of a long query against its completion;
/// 50,000 matches against one query's time; 1,000,000 matches against the largest piece's time with its paging; the
/// calls of each action and the throttles; and the naive loop (StartQuery, a poll every second, one GetQueryResults).
/// </summary>
public static class InsightsBenchmark
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static void Run(int latencyMs)
    {
        Console.WriteLine($"Fake Logs Insights over HTTP on 127.0.0.1, {latencyMs} ms per request, at most 5 requests a second per action.");
        var query = IamCatalog.Get("Get-IamCreateUserEvent").Query;

        // 1. A long query (10 polls to complete): the first row against the last.
        using (var server = Serve(20000, latencyMs, pollsToComplete: 10))
        {
            var timed = new TimingClient(Client(server));
            var watch = Stopwatch.StartNew();
            TimeSpan first = TimeSpan.Zero;
            int rows = 0;
            foreach (var _ in new InsightsQueryRunner(timed, Options).Run(query, new[] { "trail" }, Window(20000), new Quiet(), CancellationToken.None))
            {
                if (rows++ == 0) first = watch.Elapsed;
            }
            Console.WriteLine($"long query, 20,000 matches: first row after {first.TotalSeconds:N2} s, the query complete after {timed.FirstComplete.TotalSeconds:N2} s, " +
                              $"the last of {rows:N0} rows after {watch.Elapsed.TotalSeconds:N2} s; {timed.Calls()}; {Throttles(server)}");
        }

        // 2. 50,000 matches: one query of up to 100,000 rows, read in pages.
        using (var server = Serve(50000, latencyMs, pollsToComplete: 3))
        {
            var timed = new TimingClient(Client(server));
            var watch = Stopwatch.StartNew();
            int rows = new InsightsQueryRunner(timed, Options).Run(query, new[] { "trail" }, Window(50000), new Quiet(), CancellationToken.None).Count();
            var total = watch.Elapsed;
            var (toComplete, withPaging) = timed.Longest();
            Console.WriteLine($"50,000 matches: {rows:N0} rows from {timed.Queries} quer{(timed.Queries == 1 ? "y" : "ies")} in {total.TotalSeconds:N2} s; the query took " +
                              $"{toComplete.TotalSeconds:N2} s to complete and {withPaging.TotalSeconds:N2} s with its paging; ratio {total.TotalSeconds / toComplete.TotalSeconds:N2} " +
                              $"to the query (goal <= 1.2), {total.TotalSeconds / withPaging.TotalSeconds:N2} to the query with its paging; {timed.Calls()}; {Throttles(server)}");

            // 3. The loop AWS.Tools users write: StartQuery, then Get-CWLQueryResult every second until Complete.
            var client = Client(server);
            watch.Restart();
            string id = client.StartQueryAsync(new StartQueryRequest(new[] { "trail" }, InsightsQueryRunner.ToEpochSeconds(Window(50000).SinceUtc!.Value),
                InsightsQueryRunner.ToEpochSeconds(Window(50000).UntilUtc!.Value), query, 10000), CancellationToken.None).Result;
            QueryResults results;
            do
            {
                Thread.Sleep(1000);
                results = client.GetQueryResultsAsync(id, null, null, CancellationToken.None).Result;
            }
            while (results.Status != "Complete");
            Console.WriteLine($"naive loop (one StartQuery, a poll every 1 s, one GetQueryResults): {results.Rows.Count:N0} of 50,000 rows in {watch.Elapsed.TotalSeconds:N2} s");
        }

        // 4. 1,000,000 matches: pieces of up to 100,000 rows, planned from the first query's first Running poll.
        using (var server = Serve(1000000, latencyMs, pollsToComplete: 3))
        {
            var timed = new TimingClient(Client(server));
            var watch = Stopwatch.StartNew();
            int rows = new InsightsQueryRunner(timed, Options).Run(query, new[] { "trail" }, Window(1000000), new Quiet(), CancellationToken.None).Count();
            var total = watch.Elapsed;
            var (_, withPaging) = timed.Longest();
            Console.WriteLine($"1,000,000 matches: {rows:N0} rows from {timed.Queries} queries in {total.TotalSeconds:N2} s; the largest piece took {withPaging.TotalSeconds:N2} s " +
                              $"with its paging; ratio {total.TotalSeconds / withPaging.TotalSeconds:N2} (goal <= 1.3); {timed.Calls()}; {Throttles(server)}");
        }
    }

    private static readonly InsightsRunnerOptions Options = new() { Scope = "bench" };

    /// <summary>The span of the records (13 s apart), so that equal pieces of it hold equal numbers of matches.</summary>
    private static TimeWindow Window(int records) => new(Start, Start.AddSeconds(records * 13L - 1));

    private static FakeLogsInsightsServer Serve(int records, int latencyMs, int pollsToComplete)
    {
        var fake = new FakeLogsInsights { PollsToComplete = pollsToComplete, RatePerAction = 5 };
        fake.Add("trail", Enumerable.Range(0, records).Select(i => new CloudTrailRecord(JsonDocument.Parse(
            "{\"eventName\":\"CreateUser\",\"eventSource\":\"iam.amazonaws.com\",\"eventID\":\"e" + i + "\",\"eventTime\":\"" +
            Start.AddSeconds(i * 13L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + "\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"alice\"},\"requestParameters\":{\"userName\":\"u" + i + "\"}}").RootElement,
            "trail", "s", i)));
        return new FakeLogsInsightsServer(fake) { Latency = TimeSpan.FromMilliseconds(latencyMs) };
    }

    private static string Throttles(FakeLogsInsightsServer server)
    {
        return "throttled: " + (server.Logs.Throttled.Count == 0 ? "none" : string.Join(", ", server.Logs.Throttled.Select(t => $"{t.Key} {t.Value}")));
    }

    private static LogsInsightsHttpClient Client(FakeLogsInsightsServer server) =>
        new(new AwsJsonClient(new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey), "us-east-1"), "us-east-1", server.Endpoint);

    /// <summary>Times the calls: when each query started, completed and served its last page, and the calls of each action.</summary>
    private sealed class TimingClient : ILogsInsightsClient
    {
        private readonly ILogsInsightsClient inner;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Dictionary<string, (TimeSpan Started, TimeSpan Complete, TimeSpan LastPage)> queries = new();
        private int starts, results, stops;

        public TimingClient(ILogsInsightsClient inner) => this.inner = inner;

        public TimeSpan FirstComplete { get; private set; }

        public int Queries
        {
            get { lock (queries) return queries.Count; }
        }

        public string Calls() => $"calls: StartQuery {starts}, GetQueryResults {results}, StopQuery {stops}";

        /// <summary>The longest time of a completed query from its start to its Complete answer, and to its last page.</summary>
        public (TimeSpan ToComplete, TimeSpan WithPaging) Longest()
        {
            lock (queries)
            {
                var done = queries.Values.Where(q => q.Complete > TimeSpan.Zero).ToList();
                return (done.Max(q => q.Complete - q.Started), done.Max(q => q.LastPage - q.Started));
            }
        }

        public async Task<string> StartQueryAsync(StartQueryRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref starts);
            var at = clock.Elapsed;
            string id = await inner.StartQueryAsync(request, cancellationToken);
            lock (queries) queries[id] = (at, TimeSpan.Zero, TimeSpan.Zero);
            return id;
        }

        public async Task<QueryResults> GetQueryResultsAsync(string queryId, int? maxItems, string? nextToken, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref results);
            var answer = await inner.GetQueryResultsAsync(queryId, maxItems, nextToken, cancellationToken);
            if (answer.Status == "Complete")
            {
                var now = clock.Elapsed;
                lock (queries)
                {
                    var q = queries[queryId];
                    if (q.Complete == TimeSpan.Zero) q.Complete = now;
                    if (FirstComplete == TimeSpan.Zero) FirstComplete = now;
                    q.LastPage = now;
                    queries[queryId] = q;
                }
            }
            return answer;
        }

        public Task StopQueryAsync(string queryId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref stops);
            return inner.StopQueryAsync(queryId, cancellationToken);
        }
    }

    private sealed class Quiet : IQueryObserver
    {
        public void Problem(SourceProblem problem) { }

        public void Progress(QueryProgress progress) { }

        public void Verbose(string message) { }

        public void Warning(string message) { }
    }
}
