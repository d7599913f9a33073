using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The JSON-protocol client, signed by AWSSDK.Core, against the fake Logs Insights server; and the AWS CLI against the fake.</summary>
public class LogsInsightsHttpTests
{
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static IEnumerable<CloudTrailRecord> Generate(int count) =>
        Enumerable.Range(0, count).Select(i => new CloudTrailRecord(
            JsonDocument.Parse(Events.Make("CreateUser", Start.AddSeconds(i * 11L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                request: "{\"userName\":\"u" + i + "\"}")).RootElement, "g", "s", i));

    private static LogsInsightsHttpClient Client(FakeLogsInsightsServer server, AWSCredentials? credentials = null) =>
        new(new AwsJsonClient(credentials ?? new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey), "us-east-1"),
            "us-east-1", server.Endpoint);

    /// <summary>The runner on a clock that moves only when it waits, so polls, back-offs and regulators take no real time.</summary>
    private static InsightsRunnerOptions Options(int rowLimit)
    {
        var clock = new FakeClock(Start);
        return new InsightsRunnerOptions { RowLimit = rowLimit, Clock = clock, Regulators = new RateRegulators(clock) };
    }

    private static InsightsRunnerOptions Quick => Options(100);

    [Fact]
    public void Signed_requests_run_a_split_query_end_to_end()
    {
        var fake = new FakeLogsInsights();
        fake.Add("/aws/cloudtrail", Generate(250));
        using var server = new FakeLogsInsightsServer(fake);
        var rows = new InsightsQueryRunner(Client(server), Quick)
            .Run(IamCatalog.Get("Get-IamCreateUserEvent").Query, new[] { "/aws/cloudtrail" }, new TimeWindow(Start, Start.AddDays(1)), new RecordingObserver(), CancellationToken.None)
            .ToList();
        Assert.Equal(250, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.Equal(250, rows.Count);
        Assert.Contains("Logs_20140328.StartQuery", server.Targets);
        Assert.Contains("Logs_20140328.GetQueryResults", server.Targets);
        Assert.True(fake.Started.Count >= 3);
    }

    [Fact]
    public void Over_http_25000_matches_come_back_as_exactly_25000_records_and_throttling_is_retried()
    {
        var fake = new FakeLogsInsights();
        fake.Add("/aws/cloudtrail", Generate(25000));
        fake.StartFaults.Enqueue("ThrottlingException");
        fake.PollFaults.Enqueue("ServiceUnavailableException");
        fake.PollFaults.Enqueue("Drop");
        using var server = new FakeLogsInsightsServer(fake);
        var rows = new InsightsQueryRunner(Client(server), Options(10000))
            .Run(IamCatalog.Get("Get-IamCreateUserEvent").Query, new[] { "/aws/cloudtrail" }, new TimeWindow(Start, Start.AddDays(4)), new RecordingObserver(), CancellationToken.None)
            .ToList();
        Assert.Equal(25000, rows.Count);
        Assert.Equal(25000, rows.Select(r => r.GetText("eventID")).Distinct().Count());
    }

    [SkippableFact]
    public void Over_http_every_catalog_query_gives_the_records_the_files_give()
    {
        JqExpectations.Require();
        string sample = System.IO.Path.Combine(AppContext.BaseDirectory, "Sample", "AWSLogs");
        var records = new IamInsights.Sources.Files.FileSource(new[] { sample }, IamInsights.Sources.Files.FileSourceOptions.Plain)
            .ReadRecords(TimeWindow.All, new RecordingObserver(), CancellationToken.None).ToList();
        var fake = new FakeLogsInsights();
        fake.Add("trail", records);
        using var server = new FakeLogsInsightsServer(fake);
        var window = new TimeWindow(new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc));
        foreach (var entry in IamCatalog.Entries)
        {
            string Describe(IamInsights.Records.IamEvent e) =>
                string.Join("|", e.GetType().GetProperties().OrderBy(p => p.Name).Select(p => p.Name + "=" + p.GetValue(e)));
            var fromFiles = new IamInsights.Sources.Files.FileSource(new[] { sample }).Run(entry.Query, window, new RecordingObserver(), CancellationToken.None)
                .Select(entry.CreateRecord).Select(Describe).OrderBy(x => x).ToList();
            var overHttp = new InsightsQueryRunner(Client(server), Quick).Run(entry.Query, new[] { "trail" }, window, new RecordingObserver(), CancellationToken.None)
                .Select(entry.CreateRecord).Select(Describe).OrderBy(x => x).ToList();
            Assert.Equal(fromFiles, overHttp);
            var eventIds = new InsightsQueryRunner(Client(server), Quick).Run(entry.Query, new[] { "trail" }, window, new RecordingObserver(), CancellationToken.None)
                .Select(row => row.GetText("eventID")).OrderBy(id => id, StringComparer.Ordinal).ToArray();
            Assert.Equal(JqExpectations.EventIds(entry), eventIds);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Log_groups_and_trails_are_described()
    {
        var fake = new FakeLogsInsights();
        fake.Add("/aws/cloudtrail", Generate(1));
        fake.Add("/other", Generate(1));
        using var server = new FakeLogsInsightsServer(fake);
        server.Trails.Add("arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail:*");
        var client = Client(server);
        Assert.Equal(new[] { "/aws/cloudtrail" }, await client.DescribeLogGroupsAsync("/aws", CancellationToken.None));
        Assert.Equal(new[] { "arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail:*" }, await client.DescribeTrailLogGroupsAsync(CancellationToken.None));
        string id = await client.StartQueryAsync(new StartQueryRequest(new[] { "/aws/cloudtrail" }, 0, 2000000000, "fields @message", 10), CancellationToken.None);
        Assert.Equal(new[] { id }, await client.DescribeQueriesAsync("Running", CancellationToken.None));
        await client.StopQueryAsync(id, CancellationToken.None);
        Assert.Empty(await client.DescribeQueriesAsync("Running", CancellationToken.None));
        Assert.Equal(new[] { id }, await client.DescribeQueriesAsync("Cancelled", CancellationToken.None));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_wrong_secret_is_refused_by_signature_and_no_secret_is_in_the_error()
    {
        using var server = new FakeLogsInsightsServer(new FakeLogsInsights());
        var client = Client(server, new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, "not-the-secret-at-all"));
        var aws = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeLogGroupsAsync(null, CancellationToken.None));
        Assert.Equal("InvalidSignatureException", aws.ErrorCode);
        Assert.DoesNotContain("not-the-secret-at-all", aws.Message);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_expired_session_token_is_a_clear_error()
    {
        using var server = new FakeLogsInsightsServer(new FakeLogsInsights());
        var client = Client(server, new SessionAWSCredentials(FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey, "expired"));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeLogGroupsAsync(null, CancellationToken.None));
        Assert.Equal("ExpiredTokenException", error.ErrorCode);
    }

    [Fact]
    public void A_missing_log_group_is_named_in_the_error()
    {
        using var server = new FakeLogsInsightsServer(new FakeLogsInsights());
        var error = Assert.Throws<AwsServiceException>(() => new InsightsQueryRunner(Client(server), Quick)
            .Run("fields @timestamp", new[] { "/no/such/group" }, new TimeWindow(Start, Start.AddDays(1)), new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Contains("/no/such/group", error.Message);
    }

    [SkippableFact]
    public void The_aws_cli_speaks_to_the_fake_server()
    {
        Skip.IfNot(AwsCli.OnPath("aws"), "The AWS CLI is not on PATH.");
        var fake = new FakeLogsInsights();
        fake.Add("/aws/cloudtrail", Generate(5));
        using var server = new FakeLogsInsightsServer(fake);
        long start = InsightsQueryRunner.ToEpochSeconds(Start), end = InsightsQueryRunner.ToEpochSeconds(Start.AddDays(1));
        using var started = JsonDocument.Parse(Aws(server, "logs", "start-query", "--log-group-name", "/aws/cloudtrail",
            "--start-time", start.ToString(), "--end-time", end.ToString(), "--query-string", "filter eventName = \"CreateUser\" | fields eventID"));
        string queryId = started.RootElement.GetProperty("queryId").GetString()!;
        string status = "";
        JsonDocument? results = null;
        for (int i = 0; i < 10 && status != "Complete"; i++)
        {
            results?.Dispose();
            results = JsonDocument.Parse(Aws(server, "logs", "get-query-results", "--query-id", queryId));
            status = results.RootElement.GetProperty("status").GetString()!;
        }
        Assert.Equal("Complete", status);
        Assert.Equal(5, results!.RootElement.GetProperty("results").GetArrayLength());
        results.Dispose();
        Assert.Contains("Logs_20140328.StartQuery", server.Targets);
    }

    [Fact]
    public void Log_group_arns_go_in_log_group_identifiers_and_reach_a_source_accounts_group()
    {
        const string arn = "arn:aws:logs:us-east-1:222233334444:log-group:/org/trail";
        var fake = new FakeLogsInsights();
        var records = Generate(47).ToList();
        fake.Add(arn, records.Take(40));
        fake.Add("/aws/cloudtrail", records.Skip(40));
        using var server = new FakeLogsInsightsServer(fake);
        var rows = new InsightsQueryRunner(Client(server), Quick)
            .Run(IamCatalog.Get("Get-IamCreateUserEvent").Query, new[] { arn + ":*", "/aws/cloudtrail" }, new TimeWindow(Start, Start.AddDays(1)),
                new RecordingObserver(), CancellationToken.None)
            .ToList();
        Assert.Equal(47, rows.Count);
        Assert.Equal(new[] { arn, "/aws/cloudtrail" }, fake.Started[0].LogGroupNames);
    }

    [Fact]
    public void Catalog_records_carry_the_account_and_log_group_of_each_row_when_asked()
    {
        const string arn = "arn:aws:logs:us-east-1:222233334444:log-group:/org/trail";
        var fake = new FakeLogsInsights { AccountId = "555566667777" };
        var records = Generate(47).ToList();
        fake.Add(arn, records.Take(40));
        fake.Add("/aws/cloudtrail", records.Skip(40));
        using var server = new FakeLogsInsightsServer(fake);
        var source = new CloudWatchSource(Client(server), new[] { arn + ":*", "/aws/cloudtrail" }, Quick);
        var entry = IamCatalog.Get("Get-IamCreateUserEvent");
        var window = new TimeWindow(Start, Start.AddDays(1));

        var observer = new RecordingObserver();
        var events = source.Run(new QueryRequest(entry.Ast, window, withLogGroup: true), observer, CancellationToken.None)
            .Select(row => (IamInsights.Records.CreateUserEvent)entry.CreateRecord(row))
            .ToDictionary(e => e.CreatedUser!, e => e.LogGroup);
        Assert.Contains("Logs Insights is sent the query with `| fields @log` at its end, so that each record names its log group.", observer.Messages);
        var expected = Enumerable.Range(0, 47).ToDictionary(i => "u" + i, i => (string?)(i < 40 ? "222233334444:/org/trail" : "555566667777:/aws/cloudtrail"));
        Assert.Equal(expected.OrderBy(p => p.Key), events.OrderBy(p => p.Key));
        Assert.All(fake.Started, s => Assert.EndsWith("\n| fields @log", s.QueryString));

        int asked = fake.Started.Count;
        var plainObserver = new RecordingObserver();
        var plain = source.Run(new QueryRequest(entry.Ast, window), plainObserver, CancellationToken.None)
            .Select(entry.CreateRecord).ToList();
        Assert.DoesNotContain(plainObserver.Messages, m => m.Contains("fields @log", StringComparison.Ordinal));
        Assert.Equal(47, plain.Count);
        Assert.All(plain, e => Assert.Null(e.LogGroup));
        Assert.All(fake.Started.Skip(asked), s => Assert.Equal(entry.Query, s.QueryString));
    }

    [Fact]
    public void A_query_that_combines_records_is_sent_without_the_log_group()
    {
        var fake = new FakeLogsInsights();
        fake.Add("/aws/cloudtrail", Generate(12));
        using var server = new FakeLogsInsightsServer(fake);
        var source = new CloudWatchSource(Client(server), new[] { "/aws/cloudtrail" }, Quick);
        const string text = "filter eventName = \"CreateUser\"\n| stats count(*) as n";
        var rows = source.Run(new QueryRequest(IamInsights.Query.Parser.Parse(text), new TimeWindow(Start, Start.AddDays(1)), withLogGroup: true),
            new RecordingObserver(), CancellationToken.None).ToList();
        Assert.Equal("12", Assert.Single(rows).GetText("n"));
        Assert.Equal(text, Assert.Single(fake.Started).QueryString);
    }

    [SkippableFact]
    public void The_aws_cli_pages_through_100000_rows_and_a_token_of_a_stopped_query_is_refused()
    {
        Skip.IfNot(AwsCli.OnPath("aws"), "The AWS CLI is not on PATH.");
        var fake = new FakeLogsInsights { PollsToComplete = 2 };
        var records = Generate(25000).ToList();
        fake.Add("/aws/cloudtrail", records);
        using var server = new FakeLogsInsightsServer(fake);
        long start = InsightsQueryRunner.ToEpochSeconds(Start), end = InsightsQueryRunner.ToEpochSeconds(Start.AddDays(4));
        using var started = JsonDocument.Parse(Aws(server, "logs", "start-query", "--log-group-names", "/aws/cloudtrail", "--limit", "100000",
            "--start-time", start.ToString(), "--end-time", end.ToString(), "--query-string", "filter eventName = \"CreateUser\" | fields eventID"));
        string queryId = started.RootElement.GetProperty("queryId").GetString()!;
        var ids = new List<string>();
        string? token = null;
        int pages = 0;
        for (int poll = 0; poll < 10; poll++)
        {
            var arguments = new List<string> { "logs", "get-query-results", "--query-id", queryId, "--max-items", "10000" };
            if (token != null) arguments.AddRange(new[] { "--next-token", token });
            using var page = JsonDocument.Parse(Aws(server, arguments.ToArray()));
            if (page.RootElement.GetProperty("status").GetString() != "Complete") continue;
            pages++;
            ids.AddRange(page.RootElement.GetProperty("results").EnumerateArray()
                .Select(row => row.EnumerateArray().First(f => f.GetProperty("field").GetString() == "eventID").GetProperty("value").GetString()!));
            token = page.RootElement.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
            if (token == null) break;
        }
        Assert.Equal(3, pages);
        Assert.Equal(25000, ids.Count);
        Assert.Equal(records.Select(r => r.Event.GetProperty("eventID").GetString()!).OrderBy(i => i, StringComparer.Ordinal), ids.OrderBy(i => i, StringComparer.Ordinal));

        // A limit above 100,000 is refused, as is a token of a query whose results are gone.
        var (tooMany, _, tooManyError) = AwsCli.Try(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey, "logs", "start-query",
            "--log-group-names", "/aws/cloudtrail", "--limit", "100001", "--start-time", start.ToString(), "--end-time", end.ToString(), "--query-string", "fields eventID");
        Assert.NotEqual(0, tooMany);
        Assert.Contains("limit", tooManyError);
        Aws(server, "logs", "stop-query", "--query-id", queryId);
        var (exitCode, _, error) = AwsCli.Try(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey,
            "logs", "get-query-results", "--query-id", queryId, "--max-items", "10000", "--next-token", queryId + "/10000");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("InvalidParameterException", error);
        Assert.Contains("expired", error);

        // An ARN in logGroupNames is refused; in logGroupIdentifiers it is taken.
        var (arnAsName, _, arnError) = AwsCli.Try(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey, "logs", "start-query",
            "--log-group-names", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail", "--start-time", start.ToString(), "--end-time", end.ToString(),
            "--query-string", "fields eventID");
        Assert.NotEqual(0, arnAsName);
        Assert.Contains("logGroupNames", arnError);
    }

    private static string Aws(FakeLogsInsightsServer server, params string[] arguments) =>
        AwsCli.Run(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey, arguments);
}
