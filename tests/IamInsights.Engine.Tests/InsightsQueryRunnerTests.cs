using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

public class InsightsQueryRunnerTests
{
    private static readonly InsightsRunnerOptions Quick = new()
    {
        PollStart = TimeSpan.FromMilliseconds(1),
        PollMax = TimeSpan.FromMilliseconds(4),
        RetryBase = TimeSpan.FromMilliseconds(1),
    };

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
        var rows = new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, observer, CancellationToken.None).ToList();
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
        var observer = new RecordingObserver();
        Assert.Equal(10, new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, observer, CancellationToken.None).Count());
        Assert.Equal(3, observer.Messages.Count(m => m.Contains("trying again")));
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
        var rows = new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), CancellationToken.None).ToList();
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
        Assert.Equal(new[] { 50, 50, 20 }, fake.Started.Select(s => s.LogGroupNames.Count).ToArray());
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Cancelled")]
    [InlineData("Timeout")]
    public void A_query_that_fails_is_an_error_naming_it_and_its_status_and_the_others_are_stopped(string status)
    {
        var fake = new FakeLogsInsights();
        var names = Enumerable.Range(0, 120).Select(i => "group" + i).ToList();
        foreach (var name in names) fake.Add(name, Generate(1));
        fake.EndStatus[1] = status;
        fake.PollsToComplete = 5;
        var error = Assert.Throws<InsightsQueryFailedException>(() =>
            new InsightsQueryRunner(fake, Quick).Run(Query, names, Month, new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal(("q-0001", status), (error.QueryId, error.Status));
        Assert.Contains("q-0001", error.Message);
        Assert.Contains(status, error.Message);
        Assert.Equal(new[] { "q-0002", "q-0003" }, fake.Stopped.OrderBy(s => s));
    }

    [Fact]
    public void Cancelling_stops_the_running_queries()
    {
        var fake = new FakeLogsInsights { PollsToComplete = 1000 };
        fake.Add("trail", Generate(10));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new InsightsQueryRunner(fake, Quick).Run(Query, new[] { "trail" }, Month, new RecordingObserver(), cancellation.Token).ToList());
        Assert.Equal(new[] { "q-0001" }, fake.Stopped);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
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
