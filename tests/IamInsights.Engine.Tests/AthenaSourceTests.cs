using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.Athena;
using IamInsights.Sources.Athena.Sql;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The Athena source over the JSON 1.1 client: the protocol against moto_server, the faults against <see cref="FakeAthena"/>.</summary>
public sealed class AthenaSourceTests : IDisposable
{
    private const string Query = "fields eventName, requestParameters.userName as who";

    private readonly FakeAthena fake = new();
    private readonly RecordingProgressObserver observer = new();

    public void Dispose() => fake.Dispose();

    private AthenaSource Source(Uri endpoint, string? workGroup = "iam-audit", string? output = "s3://athena-results/iam/") =>
        new(new AthenaHttpClient(new AwsJsonClient(new BasicAWSCredentials("AKIAATHENA", "athena-secret"), "us-east-1"), "us-east-1", endpoint),
            new AthenaSourceOptions(new SqlTable("trails", "cloudtrail_logs"))
            {
                WorkGroup = workGroup,
                OutputLocation = output,
                AccountIds = new[] { "111122223333" },
                Clock = new FakeClock(DateTime.UtcNow),
            });

    private List<ResultRow> Run(string query, CancellationToken cancellationToken = default) =>
        Source(fake.Endpoint).Run(new QueryRequest(Parser.Parse(query), TimeWindow.All), observer, cancellationToken).ToList();

    [Fact]
    public void Results_are_read_1000_rows_a_page_without_the_header()
    {
        fake.Rows.Add(new[] { "eventName", "who" });
        for (int i = 0; i < 2345; i++) fake.Rows.Add(new[] { "CreateUser", i % 10 == 0 ? null : "user-" + i });

        var rows = Run(Query);

        Assert.Equal(2345, rows.Count);
        Assert.Equal("user-1", rows[1].GetText("who"));
        Assert.Null(rows[0]["who"]);
        var pages = fake.CallsOf("GetQueryResults").ToList();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal(1000, p.GetProperty("MaxResults").GetInt32()));
        Assert.Equal(new[] { null, "page-1000", "page-2000" }, pages.Select(p => p.TryGetProperty("NextToken", out var t) ? t.GetString() : null));
    }

    [Fact]
    public void The_start_names_the_database_workgroup_output_and_sends_the_trino_text()
    {
        fake.Rows.Add(new[] { "eventName", "who" });
        Run(Query);

        var start = Assert.Single(fake.CallsOf("StartQueryExecution"));
        Assert.Equal("trails", start.GetProperty("QueryExecutionContext").GetProperty("Database").GetString());
        Assert.Equal("iam-audit", start.GetProperty("WorkGroup").GetString());
        Assert.Equal("s3://athena-results/iam/", start.GetProperty("ResultConfiguration").GetProperty("OutputLocation").GetString());
        Assert.Equal(32, start.GetProperty("ClientRequestToken").GetString()!.Length);
        string sql = start.GetProperty("QueryString").GetString()!;
        Assert.StartsWith("SELECT \"eventname\" AS \"eventName\", json_extract_scalar(\"requestparameters\", '$.userName') AS \"who\"", sql);
        Assert.Contains("(\"account\" IN ('111122223333'))", sql);
    }

    [Fact]
    public void Progress_shows_each_state_and_the_bytes_scanned_and_verbose_the_sql_and_the_bytes()
    {
        fake.States.Clear();
        fake.States.AddRange(new[] { "QUEUED", "RUNNING", "SUCCEEDED" });
        fake.DataScannedInBytes = 3 * 1024 * 1024;
        fake.Rows.Add(new[] { "eventName", "who" });

        Run(Query);

        Assert.Equal(new[] { "QUEUED, 1 MB scanned", "RUNNING, 2 MB scanned", "SUCCEEDED, 3 MB scanned", "SUCCEEDED, 3 MB scanned" },
            observer.Reports.Select(p => p.Status));
        Assert.True(observer.Reports.Last().Completed);
        Assert.Contains(observer.Messages, m => m.StartsWith("Athena SQL:", StringComparison.Ordinal) && m.Contains("FROM \"trails\".\"cloudtrail_logs\""));
        Assert.Contains(observer.Messages, m => m.Contains("scanned 3 MB (3145728 bytes)"));
        Assert.Equal(3, fake.CallsOf("GetQueryExecution").Count());
    }

    [Theory]
    [InlineData("FAILED", "TABLE_NOT_FOUND: line 2:6: Table 'awsdatacatalog.trails.cloudtrail_logs' does not exist")]
    [InlineData("CANCELLED", "Query was cancelled by user")]
    public void A_query_that_ends_failed_or_cancelled_is_AthenaQueryFailed_with_the_reason(string state, string reason)
    {
        fake.States.Clear();
        fake.States.AddRange(new[] { "RUNNING", state });
        fake.StateChangeReason = reason;

        var error = Assert.Throws<IamInsightsException>(() => Run(Query));

        Assert.Same(ErrorCatalog.AthenaQueryFailed, error.Error);
        Assert.Equal(FakeAthena.QueryId, error.Target);
        Assert.Contains(state, error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Empty(fake.CallsOf("GetQueryResults"));
    }

    [Fact]
    public void Too_many_queries_is_retried_then_AthenaQuotaExceeded()
    {
        fake.Fail("StartQueryExecution", "TooManyRequestsException", 400, times: 5);

        var error = Assert.Throws<IamInsightsException>(() => Run(Query));

        Assert.Same(ErrorCatalog.AthenaQuotaExceeded, error.Error);
        Assert.Equal(5, fake.CallsOf("StartQueryExecution").Count());
        Assert.Equal("trails.cloudtrail_logs", error.Target);
    }

    [Fact]
    public void A_throttled_call_that_then_succeeds_gives_the_rows()
    {
        fake.Fail("GetQueryExecution", "ThrottlingException", 400, times: 2);
        fake.Fail("GetQueryResults", "InternalServerException", 500);
        fake.Rows.Add(new[] { "eventName", "who" });
        fake.Rows.Add(new[] { "DeleteUser", "eve" });

        var row = Assert.Single(Run(Query));

        Assert.Equal(("DeleteUser", "eve"), (row.GetText("eventName"), row.GetText("who")));
        Assert.Equal(3, fake.CallsOf("GetQueryExecution").Count());
    }

    [Theory]
    [InlineData("InvalidRequestException", "AthenaQueryFailed")]
    [InlineData("AccessDeniedException", "AwsAccessDenied")]
    [InlineData("UnrecognizedClientException", "AwsAccessDenied")]
    [InlineData("SomethingElseException", "AwsRequestFailed")]
    public void Refused_calls_become_documented_errors(string type, string errorId)
    {
        fake.Fail("StartQueryExecution", type, 400);

        var error = Assert.Throws<IamInsightsException>(() => Run(Query));

        Assert.Equal(errorId, error.Error.Id);
        Assert.DoesNotContain("athena-secret", error.Message);
    }

    [Fact]
    public void Ctrl_c_while_the_query_runs_sends_StopQueryExecution_at_once()
    {
        using var stop = new CancellationTokenSource();
        fake.States.Clear();
        fake.States.AddRange(new[] { "RUNNING" });
        fake.OnGetQueryExecution = call =>
        {
            if (call == 2) stop.Cancel();
        };

        Assert.ThrowsAny<OperationCanceledException>(() => Run(Query, stop.Token));

        var stopped = Assert.Single(fake.CallsOf("StopQueryExecution"));
        Assert.Equal(FakeAthena.QueryId, stopped.GetProperty("QueryExecutionId").GetString());
        Assert.Equal(2, fake.CallsOf("GetQueryExecution").Count());
    }

    [Fact]
    public void A_query_that_does_not_translate_is_refused_before_any_call()
    {
        var error = Assert.Throws<QueryNotTranslatableException>(() => Run("parse userAgent \"aws-cli/*\" as v | fields v"));

        Assert.Equal("parse", error.What);
        Assert.Empty(fake.Calls);
    }

    [Theory]
    [InlineData("trails")]
    [InlineData("trails.")]
    [InlineData("a.b.c")]
    [InlineData(" trails.logs")]
    public void An_athena_table_that_is_not_database_dot_table_is_AthenaTableInvalid(string text)
    {
        var error = Assert.Throws<IamInsightsException>(() => AthenaSourceOptions.ParseTable(text));
        Assert.Same(ErrorCatalog.AthenaTableInvalid, error.Error);
        Assert.Equal(text, error.Target);
        Assert.Equal(new SqlTable("trails", "logs"), AthenaSourceOptions.ParseTable("trails.logs"));
        Assert.Throws<IamInsightsException>(() => AthenaSourceOptions.ParseOutputLocation("https://bucket/"));
    }

    [SkippableFact]
    public void Moto_records_the_query_and_returns_its_results_as_typed_records()
    {
        Skip.If(!MotoServer.Available, "moto_server or the AWS CLI is not on PATH.");
        using var moto = MotoServer.Start();
        var entry = IamCatalog.Get("Get-IamCreateUserEvent");
        var window = new TimeWindow(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc));
        var columns = new CompiledQuery(entry.Ast).Columns;
        var header = columns.ToArray();
        var first = columns.Select(c => c switch
        {
            "eventTime" => "2026-11-01T10:00:00Z",
            "eventName" => "CreateUser",
            "userIdentity.userName" => "alice",
            "userIdentity.type" => "IAMUser",
            "CreatedUser" => "bob",
            "CreateDate" => "Nov 1, 2026 10:00:00 AM",
            _ => null,
        }).ToArray();
        var second = columns.Select(c => c switch { "eventName" => "CreateUser", "CreatedUser" => "carol", "errorCode" => "AccessDenied", _ => null }).ToArray();
        PreloadResults(moto.Endpoint, header, first, second);
        moto.Aws("AKIAATHENA", "athena-secret", "athena", "create-work-group", "--name", "iam-audit", "--region", "us-east-1");

        var rows = Source(moto.Endpoint).Run(new QueryRequest(entry.Ast, window), observer, CancellationToken.None).ToList();

        var records = rows.Select(entry.CreateRecord).Cast<Records.CreateUserEvent>().ToList();
        Assert.Equal(new[] { "bob", "carol" }, records.Select(r => r.CreatedUser));
        Assert.Equal(new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc), records[0].EventTime);
        Assert.Equal("alice", records[0].RequestUser);
        Assert.Equal("AccessDenied", records[1].ErrorCode);

        string list = AwsCli.Run(moto.Endpoint, "AKIAATHENA", "athena-secret", "athena", "list-query-executions", "--region", "us-east-1");
        string id = JsonDocument.Parse(list).RootElement.GetProperty("QueryExecutionIds")[0].GetString()!;
        string described = AwsCli.Run(moto.Endpoint, "AKIAATHENA", "athena-secret", "athena", "get-query-execution", "--query-execution-id", id, "--region", "us-east-1");
        var execution = JsonDocument.Parse(described).RootElement.GetProperty("QueryExecution");
        string expected = TrinoPrinter.Instance.Print(SqlTranslator.Translate(entry.Ast, new SqlTable("trails", "cloudtrail_logs"), window, new[] { "111122223333" }).Select);
        Assert.Equal(expected, execution.GetProperty("Query").GetString());
        Assert.Equal("trails", execution.GetProperty("QueryExecutionContext").GetProperty("Database").GetString());
        Assert.StartsWith("s3://athena-results/iam/", execution.GetProperty("ResultConfiguration").GetProperty("OutputLocation").GetString());
        Assert.Equal("iam-audit", execution.GetProperty("WorkGroup").GetString());
    }

    /// <summary>moto_server's own API for the rows its next Athena query returns.</summary>
    private static void PreloadResults(Uri endpoint, params string?[][] rows)
    {
        string body = JsonSerializer.Serialize(new
        {
            region = "us-east-1",
            results = new[]
            {
                new { rows = rows.Select(r => new { Data = r.Select(c => c == null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["VarCharValue"] = c }) }) },
            },
        });
        using var http = new HttpClient();
        var answer = http.PostAsync(new Uri(endpoint, "moto-api/static/athena/query-results"), new StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Assert.True(answer.IsSuccessStatusCode, $"moto refused the results: {(int)answer.StatusCode}");
    }

    /// <summary>An observer that keeps the progress reports too.</summary>
    private sealed class RecordingProgressObserver : IQueryObserver
    {
        public List<QueryProgress> Reports { get; } = new();

        public List<string> Messages { get; } = new();

        public void Problem(SourceProblem problem) => throw new InvalidOperationException(problem.ToString());

        public void Progress(QueryProgress progress) => Reports.Add(progress);

        public void Verbose(string message) => Messages.Add(message);

        public void Warning(string message) => Messages.Add(message);
    }
}
