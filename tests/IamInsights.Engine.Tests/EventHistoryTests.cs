using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.EventHistory;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>CloudTrail Event History: the planner, the rate regulator, the LookupEvents client and source against the fake server, and the AWS CLI against the fake.</summary>
public class EventHistoryTests
{
    /// <summary>The fake's time in these tests: a day after the sample's last event.</summary>
    private static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Regions = { "us-east-1", "eu-west-1" };

    private static string At(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private static string InRegion(string json, string region) => json.Replace("\"awsRegion\":\"us-east-1\"", $"\"awsRegion\":\"{region}\"");

    private static string WithId(string json, string id) => System.Text.RegularExpressions.Regex.Replace(json, "\"eventID\":\"[^\"]*\"", $"\"eventID\":\"{id}\"");

    /// <summary>A fake server whose LookupEvents and the source's regulators share one fake clock, so no test waits.</summary>
    private sealed class Setup : IDisposable
    {
        public Setup(IEnumerable<string>? records = null)
        {
            Clock = new FakeClock(Now);
            Server = new FakeLogsInsightsServer(new FakeLogsInsights());
            Server.EventHistory.Now = () => Clock.UtcNow;
            if (records != null) Server.EventHistory.Add(records);
            Options = new EventHistoryOptions { Clock = Clock, Regulators = new RateRegulators(Clock), RetryBase = TimeSpan.FromMilliseconds(200) };
        }

        public FakeClock Clock { get; }

        public FakeLogsInsightsServer Server { get; }

        public EventHistoryOptions Options { get; }

        public FakeEventHistory History => Server.EventHistory;

        public LookupEventsHttpClient Client(string secret = FakeLogsInsightsServer.SecretKey) =>
            new(new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, secret), Server.Endpoint);

        public EventHistorySource Source(params string[] regions) =>
            new(Client(), "test", regions.Length == 0 ? Regions : regions, Options);

        public void Dispose() => Server.Dispose();
    }

    private static List<ResultRow> Run(IQuerySource source, QueryAst query, TimeWindow window, IQueryObserver? observer = null,
        CancellationToken cancellationToken = default) =>
        source.Run(new QueryRequest(query, window), observer ?? new RecordingObserver(), cancellationToken).ToList();

    private static readonly TimeWindow LastWeek = new(Now.AddDays(-7), Now);

    [Fact]
    public void The_planner_picks_event_names_sources_callers_and_regions()
    {
        string Plan(QueryAst query, params string[] regions) =>
            string.Join("; ", EventHistoryPlanner.Plan(query, regions.Length == 0 ? Regions : regions, 10));
        Assert.Equal("us-east-1: EventName CreateUser", Plan(IamCatalog.Get("Get-IamCreateUserEvent").Ast));
        Assert.Equal("us-east-1: EventName ConsoleLogin", Plan(IamCatalog.Get("Get-IamConsoleLoginEvent").Ast));
        Assert.Equal("us-east-1: EventName AssumeRole; eu-west-1: EventName AssumeRole; us-east-1: EventName AssumeRoleWithSAML; eu-west-1: EventName AssumeRoleWithSAML; "
                     + "us-east-1: EventName AssumeRoleWithWebIdentity; eu-west-1: EventName AssumeRoleWithWebIdentity; us-east-1: EventName GetFederationToken; "
                     + "eu-west-1: EventName GetFederationToken; us-east-1: EventName GetSessionToken; eu-west-1: EventName GetSessionToken",
            Plan(IamCatalog.Get("Get-IamAssumeRoleEvent").Ast));
        Assert.Equal("us-east-1: EventSource iam.amazonaws.com; us-east-1: EventSource signin.amazonaws.com; us-east-1: EventSource sts.amazonaws.com; eu-west-1: EventSource sts.amazonaws.com",
            Plan(IamCatalog.Get("Get-IamEvent").Ast));
        Assert.Equal("us-east-1: Username root; eu-west-1: Username root", Plan(IamCatalog.Get("Get-IamRootActivity").Ast));
        var byAlice = new QueryFilters { RequestUser = new[] { "alice" } }.Apply(IamCatalog.Get("Get-IamEvent").Ast);
        Assert.Equal("us-east-1: Username alice; eu-west-1: Username alice", Plan(byAlice));
        var byPattern = new QueryFilters { RequestUser = new[] { "ali*" } }.Apply(IamCatalog.Get("Get-IamEvent").Ast);
        Assert.StartsWith("us-east-1: EventSource iam.amazonaws.com;", Plan(byPattern));
        Assert.Equal("us-east-1: every event; eu-west-1: every event", Plan(Parser.Parse("fields eventID | filter eventName = \"CreateUser\"")));
        Assert.Equal("us-east-1: EventName CreateUser; eu-west-1: EventName CreateUser", Plan(Parser.Parse("filter eventName = \"CreateUser\" | fields eventID")));
    }

    [Fact]
    public async Task The_regulator_spaces_every_series_of_a_region_and_backs_off_for_all_after_throttling()
    {
        var clock = new FakeClock(Now);
        var regulator = new RateRegulators(clock).For("account", "us-east-1", TimeSpan.FromMilliseconds(520));
        var slots = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var mine = new List<DateTime>();
            for (int i = 0; i < 10; i++) mine.Add(await regulator.WaitAsync(CancellationToken.None));
            return mine;
        })));
        var all = slots.SelectMany(s => s).OrderBy(t => t).ToList();
        Assert.Equal(30, all.Count);
        for (int i = 1; i < all.Count; i++) Assert.True(all[i] - all[i - 1] >= TimeSpan.FromMilliseconds(520), $"slots {i - 1} and {i} are {(all[i] - all[i - 1]).TotalMilliseconds} ms apart");
        for (int i = 2; i < all.Count; i++) Assert.True(all[i] - all[i - 2] > TimeSpan.FromSeconds(1), "three requests within one second");

        var pause = regulator.BackOff(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.InRange(pause, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        var before = clock.UtcNow;
        var next = await regulator.WaitAsync(CancellationToken.None);
        Assert.True(next >= before + pause, "a slot was given before the back-off ended");
        Assert.InRange(regulator.BackOff(30, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
    }

    [SkippableFact]
    public void Every_catalog_query_gives_over_event_history_the_records_the_files_give()
    {
        JqExpectations.Require();
        var records = new FileSource(new[] { JqExpectations.SampleFolder }, FileSourceOptions.Plain)
            .ReadRecords(TimeWindow.All, new RecordingObserver(), CancellationToken.None).Select(r => r.Event.GetRawText()).ToList();
        using var setup = new Setup(records);
        var window = new TimeWindow(new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc), Now);
        foreach (var entry in IamCatalog.Entries)
        {
            string Describe(IamInsights.Records.IamEvent e) =>
                string.Join("|", e.GetType().GetProperties().OrderBy(p => p.Name).Select(p => p.Name + "=" + p.GetValue(e)));
            var fromFiles = new FileSource(new[] { JqExpectations.SampleFolder }).Run(new QueryRequest(entry.Ast, window), new RecordingObserver(), CancellationToken.None)
                .Select(entry.CreateRecord).Select(Describe).OrderBy(x => x, StringComparer.Ordinal).ToList();
            var rows = Run(setup.Source(), entry.Ast, window);
            Assert.Equal(fromFiles, rows.Select(entry.CreateRecord).Select(Describe).OrderBy(x => x, StringComparer.Ordinal).ToList());
            Assert.Equal(JqExpectations.EventIds(entry), rows.Select(r => r.GetText("eventID")).OrderBy(id => id, StringComparer.Ordinal).ToArray());
        }
    }

    [Fact]
    public void Sts_events_come_from_every_region_once_each_with_their_region()
    {
        var shared = WithId(Events.Make("AssumeRole", At(Now.AddHours(-3)), "sts.amazonaws.com", request: "{\"roleArn\":\"arn:aws:iam::111122223333:role/r\",\"roleSessionName\":\"s\"}"), "shared-1");
        var regional = WithId(InRegion(Events.Make("AssumeRole", At(Now.AddHours(-2)), "sts.amazonaws.com", request: "{\"roleArn\":\"arn:aws:iam::111122223333:role/r\",\"roleSessionName\":\"t\"}"), "eu-west-1"), "regional-1");
        var created = WithId(Events.Make("CreateUser", At(Now.AddHours(-1)), request: "{\"userName\":\"new\"}"), "create-1");
        using var setup = new Setup();
        setup.History.Add(new[] { shared, created });
        setup.History.Add(new[] { shared, regional }, "eu-west-1");
        var observer = new RecordingObserver();
        var rows = Run(setup.Source(), IamCatalog.Get("Get-IamEvent").Ast, LastWeek, observer);
        Assert.Equal(new[] { "create-1", "regional-1", "shared-1" }, rows.Select(r => r.GetText("eventID")).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal("eu-west-1", rows.Single(r => r.GetText("eventID") == "regional-1").GetText("awsRegion"));
        Assert.Contains(observer.Messages, m => m.Contains("1 seen in more than one series came out once"));
        Assert.DoesNotContain(setup.History.Calls, c => c.Region == "eu-west-1" && c.Value != "sts.amazonaws.com");
    }

    [Fact]
    public void A_single_series_takes_exactly_the_fewest_calls_and_is_never_throttled()
    {
        var events = Enumerable.Range(0, 237).Select(i => WithId(Events.Make("CreateUser", At(Now.AddMinutes(-10 * i - 1)), request: "{\"userName\":\"u" + i + "\"}"), "c" + i.ToString("D3")))
            .Concat(Enumerable.Range(0, 40).Select(i => Events.Make("ListUsers", At(Now.AddMinutes(-7 * i - 2))))).ToList();
        using var setup = new Setup(events);
        var rows = Run(setup.Source(), IamCatalog.Get("Get-IamCreateUserEvent").Ast, LastWeek);
        Assert.Equal(237, rows.Count);
        Assert.Equal(237, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.Equal(5, setup.History.Calls.Count);
        Assert.Equal(0, setup.History.Throttled);
        var entry = IamCatalog.Get("Get-IamCreateUserEvent");
        var times = rows.Select(r => entry.CreateRecord(r).EventTime).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public void Throttling_server_errors_and_a_dropped_connection_mid_page_lose_and_repeat_nothing()
    {
        var events = Enumerable.Range(0, 120).Select(i => WithId(Events.Make("DeleteUser", At(Now.AddMinutes(-i - 1)), request: "{\"userName\":\"u" + i + "\"}"), "d" + i.ToString("D3"))).ToList();
        using var setup = new Setup(events);
        foreach (var fault in new[] { "ThrottlingException", "Drop", "ServiceUnavailableException", "InternalFailure", "Drop" }) setup.History.Faults.Enqueue(fault);
        var observer = new RecordingObserver();
        var rows = Run(setup.Source(), IamCatalog.Get("Get-IamDeleteUserEvent").Ast, LastWeek, observer);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => "d" + i.ToString("D3")), rows.Select(r => r.GetText("eventID")).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Empty(setup.History.Faults);
        Assert.Equal(5, observer.Messages.Count(m => m.Contains("retry")));
        Assert.Contains(observer.Messages, m => m.Contains("ThrottlingException; retry 1 of 8"));
    }

    [Fact]
    public void Retries_that_run_out_end_the_call_naming_the_region()
    {
        using var setup = new Setup(new[] { Events.Make("CreateUser", At(Now.AddHours(-1))) });
        setup.Options.MaxRetries = 2;
        for (int i = 0; i < 3; i++) setup.History.Faults.Enqueue("ServiceUnavailableException");
        var error = Assert.Throws<IamInsightsException>(() => Run(setup.Source(), IamCatalog.Get("Get-IamCreateUserEvent").Ast, LastWeek));
        Assert.Equal(ErrorCatalog.AwsRequestFailed, error.Error);
        Assert.Equal("us-east-1", error.Target);
        Assert.Contains("ServiceUnavailableException", error.Message);
    }

    [Fact]
    public void A_since_older_than_90_days_is_an_error_that_points_to_the_other_sources_and_calls_nothing()
    {
        using var setup = new Setup(new[] { Events.Make("CreateUser", At(Now.AddHours(-1))) });
        var since = Now.AddDays(-91);
        var error = Assert.Throws<IamInsightsException>(() => Run(setup.Source(), IamCatalog.Get("Get-IamCreateUserEvent").Ast, new TimeWindow(since, Now)));
        Assert.Equal("EventHistoryWindowTooOld", error.Error.Id);
        Assert.Equal(since, error.Target);
        Assert.Contains("90 days", error.Message);
        Assert.Contains("-Path", error.Message);
        Assert.Contains("-LogGroupName", error.Message);
        Assert.Empty(setup.Server.Targets);
        Assert.Single(Run(setup.Source(), IamCatalog.Get("Get-IamCreateUserEvent").Ast, new TimeWindow(Now.AddDays(-89), Now)));
    }

    [Fact]
    public async Task Cancelling_stops_a_call_that_waits_for_its_answer()
    {
        using var setup = new Setup(new[] { Events.Make("CreateUser", At(Now.AddHours(-1))) });
        setup.Server.Latency = TimeSpan.FromMinutes(5);
        using var cancellation = new CancellationTokenSource();
        var arrived = new ManualResetEventSlim();
        setup.Server.Answered = _ => arrived.Set();
        var run = Task.Run(() => Run(setup.Source(), IamCatalog.Get("Get-IamCreateUserEvent").Ast, LastWeek, cancellationToken: cancellation.Token));
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(30)), "the request never reached the server");
        cancellation.Cancel();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task The_fake_refuses_a_token_with_other_parameters_two_attributes_a_bad_signature_and_a_third_request_in_a_second()
    {
        var events = Enumerable.Range(0, 5).Select(i => Events.Make("CreateUser", At(Now.AddMinutes(-i - 1)))).ToList();
        using var setup = new Setup(events);
        var frozen = Now;
        setup.History.Now = () => frozen;
        var client = setup.Client();
        var first = new LookupEventsRequest("EventName", "CreateUser", Now.AddDays(-1), Now, 2, null);
        var page = await client.LookupEventsAsync("us-east-1", first, CancellationToken.None);
        Assert.Equal(2, page.CloudTrailEvents.Count);
        var other = new LookupEventsRequest("EventName", "CreateUser", Now.AddDays(-2), Now, 2, page.NextToken);
        var mismatch = await Assert.ThrowsAsync<AwsServiceException>(() => client.LookupEventsAsync("us-east-1", other, CancellationToken.None));
        Assert.Equal("InvalidNextTokenException", mismatch.ErrorCode);
        var third = await Assert.ThrowsAsync<AwsServiceException>(() => client.LookupEventsAsync("us-east-1", first.WithToken(page.NextToken!), CancellationToken.None));
        Assert.Equal("ThrottlingException", third.ErrorCode);
        frozen = frozen.AddSeconds(1);
        var second = await client.LookupEventsAsync("us-east-1", first.WithToken(page.NextToken!), CancellationToken.None);
        Assert.Equal(2, second.CloudTrailEvents.Count);
        var bad = await Assert.ThrowsAsync<AwsServiceException>(() => setup.Client("not-the-secret").LookupEventsAsync("us-east-1", first, CancellationToken.None));
        Assert.Equal("InvalidSignatureException", bad.ErrorCode);
        Assert.Throws<AwsServiceException>(() => setup.History.LookupEvents("us-east-1",
            "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"A\"},{\"AttributeKey\":\"Username\",\"AttributeValue\":\"B\"}]}"));
    }

    [SkippableFact]
    public void The_aws_cli_pages_through_the_fake_newest_first_and_sees_its_errors()
    {
        Skip.IfNot(AwsCli.OnPath("aws"), "The AWS CLI is not on PATH.");
        var now = DateTime.UtcNow;
        var events = Enumerable.Range(0, 7).Select(i => WithId(Events.Make("CreateUser", At(now.AddMinutes(-3 * i - 1))), "n" + i))
            .Append(WithId(Events.Make("CreateUser", At(now.AddDays(-100))), "too-old"))
            .Append(WithId(Events.Make("ListUsers", At(now.AddMinutes(-2))), "list")).ToList();
        using var server = new FakeLogsInsightsServer(new FakeLogsInsights());
        server.EventHistory.Add(events);
        server.EventHistory.RequestsPerSecond = 1000;
        string Cli(params string[] arguments) => AwsCli.Run(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey, arguments);
        using var all = JsonDocument.Parse(Cli("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateUser",
            "--start-time", now.AddDays(-120).ToString("o"), "--end-time", now.ToString("o"), "--page-size", "2"));
        var found = all.RootElement.GetProperty("Events").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => "n" + i), found.Select(e => e.GetProperty("EventId").GetString()));
        Assert.Equal("CreateUser", JsonDocument.Parse(found[0].GetProperty("CloudTrailEvent").GetString()!).RootElement.GetProperty("eventName").GetString());
        Assert.Equal(4, server.EventHistory.Calls.Count);
        Assert.Equal(3, server.EventHistory.Calls.Count(c => c.WithToken));

        var two = AwsCli.Try(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey, "cloudtrail", "lookup-events", "--lookup-attributes",
            "AttributeKey=EventName,AttributeValue=CreateUser", "AttributeKey=Username,AttributeValue=alice");
        Assert.NotEqual(0, two.ExitCode);
        Assert.Contains("InvalidLookupAttributesException", two.Error);
        server.EventHistory.RequestsPerSecond = 2;
        var frozen = DateTime.UtcNow.AddMinutes(1);
        server.EventHistory.Now = () => frozen;
        var codes = Enumerable.Range(0, 3).Select(_ => AwsCli.Try(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey,
            "cloudtrail", "lookup-events", "--max-results", "1", "--no-paginate")).ToList();
        Assert.True(codes[0].ExitCode == 0 && codes[1].ExitCode == 0, codes[0].Error + codes[1].Error);
        Assert.Contains("ThrottlingException", codes[2].Error);
    }
}
