using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.EventHistory;
using IamInsights.Tests;

namespace IamInsights.Benchmarks;

/// <summary>
/// The Event History source against the fake server enforcing the real rate (2 requests a second per Region), with a
/// latency per request: 5,000 matching events over 60 days, the sustained events a second against the ceiling of
/// 2 × 50; the calls against the planner's minimum for a single-event cmdlet and for Get-IamEvent; and a naive loop,
/// one call after another with no regulation, and how often it is throttled.
/// </summary>
public static class EventHistoryBenchmark
{
    private const int Matching = 5000;
    private const int Noise = 600;

    public static void Run(int latencyMs)
    {
        var now = DateTime.UtcNow;
        var window = new TimeWindow(now.AddDays(-60), now);
        var events = Enumerable.Range(0, Matching).Select(i => Event("CreateUser", now.AddSeconds(-(i + 1) * 60.0 * 60 * 24 * 60 / (Matching + 1)), "c" + i))
            .Concat(Enumerable.Range(0, Noise).Select(i => Event("ListUsers", now.AddMinutes(-i * 97 - 3), "l" + i)))
            .Concat(Enumerable.Range(0, 20).Select(i => Event("AssumeRole", now.AddHours(-i * 5 - 1), "a" + i, "sts.amazonaws.com"))).ToList();
        Console.WriteLine($"Fake Event History over HTTP on 127.0.0.1, {latencyMs} ms per request, 2 requests a second enforced: " +
                          $"{Matching:N0} CreateUser events over 60 days, {Noise} ListUsers and 20 AssumeRole besides.");
        using var server = new FakeLogsInsightsServer(new FakeLogsInsights()) { Latency = TimeSpan.FromMilliseconds(latencyMs) };
        server.EventHistory.Add(events);
        var client = new LookupEventsHttpClient(new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey), server.Endpoint);
        var regions = new[] { "us-east-1" };

        // 1. A single-event cmdlet, in real time.
        var single = IamCatalog.Get("Get-IamCreateUserEvent");
        var source = new EventHistorySource(client, "bench-1", regions, new EventHistoryOptions { Regulators = new RateRegulators(SystemClock.Instance) });
        var watch = Stopwatch.StartNew();
        int rows = source.Run(new QueryRequest(single.Ast, window), new Quiet(), CancellationToken.None).Count();
        watch.Stop();
        int calls = server.EventHistory.Calls.Count;
        double rate = rows / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Get-IamCreateUserEvent: {rows:N0} events in {watch.Elapsed.TotalSeconds:N1} s = {rate:N1} events/s, " +
                          $"{rate:N1}% of the 100 events/s ceiling (goal >= 90%); {calls} calls, planner's minimum {Minimum(server.EventHistory, source.LastPlan, window)}; " +
                          $"throttled {server.EventHistory.Throttled} times");

        // 2. Get-IamEvent: the calls only, on a fake clock (the count does not depend on time).
        var clock = new FakeClock(now);
        server.EventHistory.Now = () => clock.UtcNow;
        server.Latency = TimeSpan.Zero;
        int before = server.EventHistory.Calls.Count;
        var any = IamCatalog.Get("Get-IamEvent");
        var all = new EventHistorySource(client, "bench-2", regions, new EventHistoryOptions { Clock = clock, Regulators = new RateRegulators(clock) });
        int anyRows = all.Run(new QueryRequest(any.Ast, window), new Quiet(), CancellationToken.None).Count();
        Console.WriteLine($"Get-IamEvent: {anyRows:N0} events; {server.EventHistory.Calls.Count - before} calls, planner's minimum {Minimum(server.EventHistory, all.LastPlan, window)} " +
                          $"({string.Join("; ", all.LastPlan)})");

        // 3. The naive loop: one call after another, a second's sleep after a throttle, for 40 pages, on a server of its own.
        using var naiveServer = new FakeLogsInsightsServer(new FakeLogsInsights()) { Latency = TimeSpan.FromMilliseconds(latencyMs) };
        naiveServer.EventHistory.Add(events);
        client = new LookupEventsHttpClient(new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey), naiveServer.Endpoint);
        int throttled = 0, pages = 0;
        var request = new LookupEventsRequest("EventName", "CreateUser", window.SinceUtc!.Value, window.UntilUtc!.Value, 50, null);
        watch.Restart();
        while (pages < 40)
        {
            try
            {
                var page = client.LookupEventsAsync("us-east-1", request, CancellationToken.None).GetAwaiter().GetResult();
                pages++;
                if (page.NextToken == null) break;
                request = request.WithToken(page.NextToken);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ThrottlingException")
            {
                throttled++;
                Thread.Sleep(1000);
            }
        }
        watch.Stop();
        Console.WriteLine($"Naive loop (no regulation, 1 s sleep after a throttle): {pages} pages in {watch.Elapsed.TotalSeconds:N1} s = " +
                          $"{pages * 50 / watch.Elapsed.TotalSeconds:N1} events/s; throttled {throttled} times ({100.0 * throttled / (pages + throttled):N0}% of its calls)");
    }

    /// <summary>The fewest calls the plan's series can take: each at least one page, and one per 50 events it returns.</summary>
    private static int Minimum(FakeEventHistory history, IReadOnlyList<LookupSeries> plan, TimeWindow window) =>
        plan.Sum(s => Math.Max(1, (history.Count(s.Region, s.AttributeKey, s.AttributeValue, window.SinceUtc!.Value, window.UntilUtc!.Value) + 49) / 50));

    private static string Event(string name, DateTime time, string id, string source = "iam.amazonaws.com") =>
        "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\",\"userName\":\"alice\"}," +
        $"\"eventTime\":\"{time:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"eventSource\":\"{source}\",\"eventName\":\"{name}\",\"awsRegion\":\"us-east-1\"," +
        $"\"sourceIPAddress\":\"203.0.113.5\",\"requestParameters\":{{\"userName\":\"u-{id}\"}},\"responseElements\":null,\"eventID\":\"{id}\",\"recipientAccountId\":\"111122223333\"}}";

    private sealed class Quiet : IamInsights.IQueryObserver
    {
        public void Problem(IamInsights.SourceProblem problem) { }

        public void Progress(IamInsights.QueryProgress progress) { }

        public void Verbose(string message) { }

        public void Warning(string message) { }
    }
}
