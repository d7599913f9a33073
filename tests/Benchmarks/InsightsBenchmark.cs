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
/// The Logs Insights source against the fake server over HTTP, with a latency per request: the time from a Complete
/// answer to the last row out; 50,000 matches through splitting against the largest single sub-query; and the naive
/// loop (one StartQuery, a poll every second) that stops at the row limit.
/// </summary>
public static class InsightsBenchmark
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public static void Run(int latencyMs)
    {
        Console.WriteLine($"Fake Logs Insights over HTTP on 127.0.0.1, {latencyMs} ms per request, 3 polls to complete.");
        var query = IamCatalog.Get("Get-IamCreateUserEvent").Query;

        // 1. Complete → last row, for 10,000 rows.
        using (var server = Serve(10000, latencyMs))
        {
            var timed = new TimingClient(Client(server));
            var watch = Stopwatch.StartNew();
            int rows = new InsightsQueryRunner(timed, Options).Run(query, new[] { "trail" }, Window, new Quiet(), CancellationToken.None).Count();
            double afterComplete = (watch.Elapsed - timed.LastCompleteAnswer).TotalMilliseconds;
            Console.WriteLine($"10,000 rows: {rows} out; the Complete answer (10,000 rows of JSON) took {timed.LastCompleteCall.TotalMilliseconds:N0} ms to fetch and parse; " +
                              $"from then to the last row out: {afterComplete:N0} ms (goal <= 150 ms)");
        }

        // 2. 50,000 matches with a row limit of 10,000: the whole split run against its largest sub-query.
        using (var server = Serve(50000, latencyMs))
        {
            var timed = new TimingClient(Client(server));
            var watch = Stopwatch.StartNew();
            int rows = new InsightsQueryRunner(timed, Options).Run(query, new[] { "trail" }, Window, new Quiet(), CancellationToken.None).Count();
            var total = watch.Elapsed;
            var largest = timed.QueryDurations.Values.Max();
            Console.WriteLine($"50,000 matches: {rows} rows out of {timed.QueryDurations.Count} queries in {total.TotalSeconds:N2} s; " +
                              $"the largest single sub-query took {largest.TotalSeconds:N2} s; ratio {total.TotalSeconds / largest.TotalSeconds:N2} (goal <= 1.5)");

            // 3. The loop AWS.Tools users write: StartQuery, then Get-CWLQueryResult every second until Complete.
            var client = Client(server);
            watch.Restart();
            string id = client.StartQueryAsync(new StartQueryRequest(new[] { "trail" }, InsightsQueryRunner.ToEpochSeconds(Window.SinceUtc!.Value),
                InsightsQueryRunner.ToEpochSeconds(Window.UntilUtc!.Value), query, 10000), CancellationToken.None).Result;
            QueryResults results;
            do
            {
                Thread.Sleep(1000);
                results = client.GetQueryResultsAsync(id, CancellationToken.None).Result;
            }
            while (results.Status != "Complete");
            Console.WriteLine($"naive loop (one StartQuery, a poll every 1 s): {results.Rows.Count} of 50,000 rows in {watch.Elapsed.TotalSeconds:N2} s");
        }
    }

    private static readonly InsightsRunnerOptions Options = new();

    /// <summary>The span of the 50,000 records (13 s apart), so that equal pieces of it hold equal numbers of matches.</summary>
    private static readonly TimeWindow Window = new(Start, Start.AddSeconds(50000 * 13L));

    private static FakeLogsInsightsServer Serve(int records, int latencyMs)
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Enumerable.Range(0, records).Select(i => new CloudTrailRecord(JsonDocument.Parse(
            "{\"eventName\":\"CreateUser\",\"eventSource\":\"iam.amazonaws.com\",\"eventID\":\"e" + i + "\",\"eventTime\":\"" +
            Start.AddSeconds(i * 13L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + "\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"alice\"},\"requestParameters\":{\"userName\":\"u" + i + "\"}}").RootElement,
            "trail", "s", i)));
        return new FakeLogsInsightsServer(fake) { Latency = TimeSpan.FromMilliseconds(latencyMs) };
    }

    private static LogsInsightsHttpClient Client(FakeLogsInsightsServer server) =>
        new(new AwsJsonClient(new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey), "us-east-1"), "us-east-1", server.Endpoint);

    /// <summary>Times the calls: when each query started and completed, and the last Complete answer.</summary>
    private sealed class TimingClient : ILogsInsightsClient
    {
        private readonly ILogsInsightsClient inner;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Dictionary<string, TimeSpan> started = new();

        public TimingClient(ILogsInsightsClient inner) => this.inner = inner;

        public Dictionary<string, TimeSpan> QueryDurations { get; } = new();

        public TimeSpan LastCompleteAnswer { get; private set; }

        public TimeSpan LastCompleteCall { get; private set; }

        public async Task<string> StartQueryAsync(StartQueryRequest request, CancellationToken cancellationToken)
        {
            var at = clock.Elapsed;
            string id = await inner.StartQueryAsync(request, cancellationToken);
            lock (started) started[id] = at;
            return id;
        }

        public async Task<QueryResults> GetQueryResultsAsync(string queryId, CancellationToken cancellationToken)
        {
            var before = clock.Elapsed;
            var results = await inner.GetQueryResultsAsync(queryId, cancellationToken);
            if (results.Status == "Complete")
            {
                LastCompleteAnswer = clock.Elapsed;
                LastCompleteCall = clock.Elapsed - before;
                lock (started) QueryDurations[queryId] = clock.Elapsed - started[queryId];
            }
            return results;
        }

        public Task StopQueryAsync(string queryId, CancellationToken cancellationToken) => inner.StopQueryAsync(queryId, cancellationToken);
    }

    private sealed class Quiet : IQueryObserver
    {
        public void Problem(SourceProblem problem) { }

        public void Progress(QueryProgress progress) { }

        public void Verbose(string message) { }

        public void Warning(string message) { }
    }
}
