using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.EventHistory;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

public class InsightsQueryRunnerTests
{
    /// <summary>The runner on a clock of its own, which moves only when it waits: polls, back-offs and regulators take no real time.</summary>
    private static InsightsRunnerOptions Options(int rowLimit = 100000, FakeClock? clock = null)
    {
        clock ??= new FakeClock(Start);
        return new InsightsRunnerOptions { RowLimit = rowLimit, Clock = clock, Regulators = new RateRegulators(clock) };
    }

    private static InsightsRunnerOptions Quick => Options();

    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static IEnumerable<CloudTrailRecord> Generate(int count, string name = "CreateUser", int secondsApart = 7, int offset = 0) =>
        Enumerable.Range(0, count).Select(i => new CloudTrailRecord(
            System.Text.Json.JsonDocument.Parse(Events.Make(name, Start.AddSeconds((long)i * secondsApart).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                request: "{\"userName\":\"u" + i + "\"}")).RootElement, "group", "stream", offset + i));

    private static readonly TimeWindow Month = new(Start, Start.AddDays(30));

    private static string Query => IamCatalog.Get("Get-IamCreateUserEvent").Query;

    [Fact]
    public void More_matches_than_the_row_limit_all_come_back_exactly_once_by_splitting_the_window()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(25000));
        var observer = new RecordingObserver();
        var rows = new InsightsQueryRunner(fake, Options(rowLimit: 10000)).Run(Query, new[] { "trail" }, Month, observer, CancellationToken.None).ToList();
        Assert.Equal(25000, rows.Count);
        Assert.Equal(25000, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.True(fake.Started.Count > 1);
        Assert.Contains(observer.Messages, m => m.Contains("splitting it in"));
        Assert.True(fake.MostRunning <= 4);
    }

    [SkippableFact]
    public void Rows_map_to_the_same_typed_records_as_the_file_source_gives()
    {
        JqExpectations.Require();
        string sample = Path.Combine(AppContext.BaseDirectory, "Sample", "AWSLogs");
        var records = new FileSource(new[] { sample }, FileSourceOptions.Plain).ReadRecords(TimeWindow.All, new RecordingObserver(), CancellationToken.None).ToList();
        var fake = new FakeLogsInsights();
        fake.Add("trail", records);
        var window = new TimeWindow(new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc));
        foreach (var entry in IamCatalog.Entries)
        {
            string Describe(IamInsights.Records.IamEvent e) =>
                string.Join("|", e.GetType().GetProperties().OrderBy(p => p.Name).Select(p => p.Name + "=" + p.GetValue(e)));
            var fromFiles = new FileSource(new[] { sample }).Run(entry.Query, window, new RecordingObserver(), CancellationToken.None)
                .Select(entry.CreateRecord).Select(Describe).OrderBy(s => s).ToList();
            var fromInsights = new InsightsQueryRunner(fake, Quick).Run(entry.Query, new[] { "trail" }, window, new RecordingObserver(), CancellationToken.None)
                .Select(entry.CreateRecord).Select(Describe).OrderBy(s => s).ToList();
            Assert.NotEmpty(fromFiles);
            Assert.Equal(fromFiles, fromInsights);
            var eventIds = new InsightsQueryRunner(fake, Quick).Run(entry.Query, new[] { "trail" }, window, new RecordingObserver(), CancellationToken.None)
                .Select(row => row.GetText("eventID")).OrderBy(id => id, StringComparer.Ordinal).ToArray();
            Assert.Equal(JqExpectations.EventIds(entry), eventIds);
        }
    }

    [Fact]
    public void Throttling_and_server_errors_are_retried()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(10));
        fake.StartFaults.Enqueue("ThrottlingException");
        fake.StartFaults.Enqueue("ServiceUnavailableException");
        fake.PollFaults.Enqueue("ThrottlingException");
        fake.PollFaults.Enqueue("Drop");
        fake.StopFaults.Enqueue("ThrottlingException");
        var observer = new RecordingObserver();
        Assert.Equal(10, new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, observer, CancellationToken.None).Count());
        Assert.Equal(4, observer.Messages.Count(m => m.Contains("trying again")));
        Assert.Contains(observer.Messages, m => m.StartsWith("GetQueryResults failed to connect", StringComparison.Ordinal));
    }

    [Fact]
    public void Retries_end_after_the_bound()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(1));
        for (int i = 0; i < 20; i++) fake.StartFaults.Enqueue("ThrottlingException");
        var error = Assert.Throws<AwsServiceException>(() =>
            new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(12, fake.StartFaults.Count);
    }

    [Fact]
    public void Too_many_concurrent_queries_on_the_account_wait_their_turn()
    {
        var fake = new FakeLogsInsights { ServerConcurrency = 1 };
        fake.Add("trail", Generate(25000));
        var rows = new InsightsQueryRunner(fake, Options(rowLimit: 10000)).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None).ToList();
        Assert.Equal(25000, rows.Count);
        Assert.Equal(1, fake.MostRunning);
    }

    [Fact]
    public void More_than_fifty_log_groups_are_split_across_queries()
    {
        var fake = new FakeLogsInsights();
        var names = Enumerable.Range(0, 120).Select(i => "group" + i).ToList();
        for (int i = 0; i < names.Count; i++) fake.Add(names[i], Generate(2, offset: i * 10).Select(r => r));
        var rows = new InsightsQueryRunner(fake, Quick).Run(Query, names, Month, new RecordingObserver(), CancellationToken.None).ToList();
        Assert.Equal(240, rows.Count);
        Assert.Equal(new[] { 20, 50, 50 }, fake.Started.Select(s => s.LogGroupNames.Count).OrderBy(n => n).ToArray());
        Assert.Equal(names.OrderBy(n => n), fake.Started.SelectMany(s => s.LogGroupNames).OrderBy(n => n));
    }

    [Fact]
    public void A_cancelled_query_is_an_error_naming_it_and_its_status_and_the_others_are_stopped()
    {
        var fake = new FakeLogsInsights();
        var names = Enumerable.Range(0, 120).Select(i => "group" + i).ToList();
        foreach (var name in names) fake.Add(name, Generate(1));
        fake.EndStatus[1] = "Cancelled";
        fake.PollsToComplete = 5;
        var error = Assert.Throws<InsightsQueryFailedException>(() =>
            new InsightsQueryRunner(fake, Quick).Run(Query, names, Month, new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal(("q-0001", "Cancelled"), (error.QueryId, error.Status));
        Assert.Contains("q-0001", error.Message);
        Assert.Contains("Cancelled", error.Message);
        Assert.DoesNotContain("q-0001", fake.Stopped);
        // At most one query for each batch of 50 groups, started in parallel: the cancelled one is not run again.
        Assert.InRange(fake.Started.Count, 1, 3);
        Assert.Empty(fake.QueriesWithStatus("Running"));
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Timeout")]
    public void A_query_that_ends_failed_or_timed_out_runs_again_and_its_rows_come_back_once(string status)
    {
        var fake = new FakeLogsInsights { PollsToComplete = 4 };
        fake.Add("trail", Generate(500));
        fake.EndStatus[1] = status;
        var observer = new RecordingObserver();
        var rows = new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, observer, CancellationToken.None).ToList();
        Assert.Equal(500, rows.Count);
        Assert.Equal(500, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.Equal(2, fake.Started.Count);
        Assert.Contains(observer.Messages, m => m.Contains($"q-0001") && m.Contains($"ended {status}; running it again (run 2 of 3)"));
    }

    [Fact]
    public void A_query_that_keeps_failing_is_an_error_after_the_bound_of_runs()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(5));
        for (int i = 1; i <= 5; i++) fake.EndStatus[i] = "Failed";
        var error = Assert.Throws<InsightsQueryFailedException>(() =>
            new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal(("q-0003", "Failed"), (error.QueryId, error.Status));
        Assert.Equal(3, fake.Started.Count);
    }

    [Fact]
    public void Cancelling_stops_the_running_queries()
    {
        var fake = new FakeLogsInsights { PollsToComplete = int.MaxValue };
        fake.Add("trail", Generate(10));
        using var cancellation = new CancellationTokenSource();
        fake.Polled = (query, poll) =>
        {
            if (poll == 5) cancellation.Cancel();
        };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), cancellation.Token).ToList());
        Assert.Equal(new[] { "q-0001" }, fake.Stopped);
    }

    [Fact]
    public void One_query_pages_through_up_to_the_limit_with_next_tokens()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(25000));
        var rows = new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None).ToList();
        Assert.Equal(25000, rows.Count);
        Assert.Equal(25000, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.Single(fake.Started);
        Assert.Equal(100000, fake.Started[0].Limit);
        Assert.Equal(new[] { "q-0001/10000", "q-0001/20000" }, fake.ResultCalls.Where(c => c.NextToken != null).Select(c => c.NextToken!).ToArray());
        Assert.All(fake.ResultCalls, c => Assert.Equal(10000, c.MaxItems));
    }

    [Fact]
    public void A_next_token_of_a_query_whose_results_are_gone_runs_the_piece_again_and_no_row_comes_out_twice()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(25000));
        fake.GoneAfterFirstPage.Add(1);
        var observer = new RecordingObserver();
        var rows = new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, observer, CancellationToken.None).ToList();
        Assert.Equal(25000, rows.Count);
        Assert.Equal(25000, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.Equal(2, fake.Started.Count);
        Assert.Contains(observer.Messages, m => m.Contains("The results of query q-0001") && m.Contains("are gone"));
    }

    [Fact]
    public void Rows_stream_from_partial_results_before_the_query_completes()
    {
        var fake = new FakeLogsInsights { PollsToComplete = 6 };
        fake.Add("trail", Generate(1000));
        using var firstRowOut = new ManualResetEventSlim();
        int pollsWhenFirstRowCameOut = 0, lastPoll = 0;
        fake.Polled = (query, poll) =>
        {
            Volatile.Write(ref lastPoll, poll);
            // The fake holds its third poll until a row is out, which only a row from the second, a partial one, can be.
            if (poll == 3) firstRowOut.Wait(TimeSpan.FromSeconds(30));
        };
        var rows = new List<string>();
        foreach (var row in new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None))
        {
            if (rows.Count == 0)
            {
                pollsWhenFirstRowCameOut = Volatile.Read(ref lastPoll);
                firstRowOut.Set();
            }
            rows.Add(row.GetText("eventID")!);
        }
        Assert.True(pollsWhenFirstRowCameOut is >= 2 and < 6, $"the first row came out at poll {pollsWhenFirstRowCameOut}");
        Assert.Equal(1000, rows.Count);
        Assert.Equal(1000, rows.Distinct().Count());
    }

    [Fact]
    public void A_stats_query_waits_for_the_end_and_is_not_split()
    {
        var fake = new FakeLogsInsights { PollsToComplete = 5 };
        fake.Add("trail", Generate(300));
        var rows = new InsightsQueryRunner(fake, Options(rowLimit: 100)).Run("filter eventName = \"CreateUser\" | stats count(*) as n", new[] { "trail" }, Month,
            new RecordingObserver(), CancellationToken.None).ToList();
        Assert.Equal(300.0, Assert.Single(rows)["n"]);
        Assert.Single(fake.Started);
    }

    [Fact]
    public void Past_the_100000_cap_250000_matches_come_back_exactly_once_and_the_split_is_planned_from_the_first_poll()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(250000, secondsApart: 3));
        var observer = new RecordingObserver();
        // The window the records fill evenly, so that equal pieces of it hold equal numbers of matches.
        var span = new TimeWindow(Start, Start.AddSeconds(250000 * 3 - 1));
        var ids = new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, span, observer, CancellationToken.None)
            .Select(r => r.GetText("eventID")).ToList();
        Assert.Equal(250000, ids.Count);
        Assert.Equal(250000, ids.Distinct().Count());
        // The first query is stopped at its first Running poll, which counts half its matches, before it completes; the
        // pieces, planned for twice the count so far, are each under the limit.
        Assert.Equal(new[] { "q-0001" }, fake.Stopped);
        Assert.Equal(2, fake.ResultCalls.Count(c => c.QueryId == "q-0001"));
        Assert.Contains(observer.Messages, m => m.Contains("Query q-0001 counts 125,000 matches so far") && m.Contains("splitting it in 4"));
        Assert.Equal(5, fake.Started.Count);
        Assert.All(fake.Started, s => Assert.Equal(100000, s.Limit));
    }

    [Fact]
    public void An_endpoint_with_yesterdays_limits_falls_back_to_10000_rows_a_query_by_itself()
    {
        var fake = new FakeLogsInsights { Limits = FakeLimits.Yesterday };
        fake.Add("trail", Generate(25000));
        var observer = new RecordingObserver();
        var ids = new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, observer, CancellationToken.None)
            .Select(r => r.GetText("eventID")).ToList();
        Assert.Equal(25000, ids.Count);
        Assert.Equal(25000, ids.Distinct().Count());
        Assert.Contains(observer.Messages, m => m.Contains("refused a limit of 100,000 rows") && m.Contains("at most 10,000 rows a query"));
        Assert.True(fake.Started.Count >= 3);
        Assert.All(fake.Started, s => Assert.Equal(10000, s.Limit));
    }

    [Fact]
    public void More_matches_than_the_limit_within_one_second_is_an_error_naming_the_window()
    {
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(30, secondsApart: 0));
        var error = Assert.Throws<IamInsights.Errors.IamInsightsException>(() =>
            new InsightsQueryRunner(fake, Options(rowLimit: 10)).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal("QueryNotSplittable", error.Error.Id);
        Assert.Equal("2026-11-01 00:00:00Z to 2026-11-01 00:00:00Z", error.Target);
        Assert.Contains("2026-11-01 00:00:00Z to 2026-11-01 00:00:00Z", error.Message);
    }

    [Fact]
    public void Every_request_waits_for_its_actions_regulator()
    {
        var clock = new FakeClock(Start);
        var regulators = new RateRegulators(clock);
        var options = new InsightsRunnerOptions { RowLimit = 10000, Clock = clock, Regulators = regulators, Scope = "account-a" };
        var fake = new FakeLogsInsights();
        fake.Add("trail", Generate(25000));
        Assert.Equal(25000, new InsightsQueryRunner(fake, options).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None).Count());
        Assert.Equal(fake.Started.Count, regulators.For("account-a|StartQuery", TimeSpan.Zero).Granted);
        Assert.Equal(fake.ResultCalls.Count, regulators.For("account-a|GetQueryResults", TimeSpan.Zero).Granted);
        Assert.Equal(fake.Stopped.Count, regulators.For("account-a|StopQuery", TimeSpan.Zero).Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(210), regulators.For("account-a|GetQueryResults", TimeSpan.Zero).Interval);
    }

    [Fact]
    public void A_missing_log_group_is_an_error_naming_it()
    {
        var fake = new FakeLogsInsights();
        var error = Assert.Throws<AwsServiceException>(() =>
            new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "nope" }, Month, new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Contains("nope", error.Message);
    }
}
