using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.Athena.Sql;
using IamInsights.Sources.Files;
using Xunit;
using Xunit.Abstractions;

namespace IamInsights.Tests;

/// <summary>
/// The SQL translation checked against a real SQL engine: DuckDB runs the DuckDB printing of each query over the same
/// CloudTrail files the local engine reads, and the two must give the same rows and the same typed records.
/// </summary>
public class AthenaSqlDuckDbTests
{
    private static readonly string SampleFolder = Path.Combine(AppContext.BaseDirectory, "Sample");
    private static readonly string CaseFolder = Path.Combine(AppContext.BaseDirectory, "Cases");

    private readonly ITestOutputHelper output;

    public AthenaSqlDuckDbTests(ITestOutputHelper output) => this.output = output;

    public static IEnumerable<object[]> CatalogCommands() => IamCatalog.Entries.Select(e => new object[] { e.Command });

    [Theory]
    [MemberData(nameof(CatalogCommands))]
    public void Catalog_query_gives_the_local_records_over_the_fixtures(string command)
    {
        using var files = new TestFiles();
        var written = CatalogFixture.Write(files.Folder);
        using var duck = new CloudTrailDuckDb(files.Folder);
        Assert.Equal(written.Count, duck.Count());
        var entry = IamCatalog.Get(command);

        // Every event of the entry's names, as the fixture wrote them (Get-IamRootActivity: every event of the root user).
        int expected = written.Count(e => entry.EventNames.Count == 0 ? e.IdentityType == "Root" : entry.EventNames.Contains(e.Name) && e.Source == SourceOf(entry, e.Name));
        var all = Compare(entry, files.Folder, duck, TimeWindow.All, null);
        Assert.Equal(expected, all);
        Assert.True(all > 0, $"the fixture has no event for {command}");

        var window = new TimeWindow(CatalogFixture.Start.AddDays(1).AddHours(3), CatalogFixture.Start.AddDays(2).AddHours(5));
        int inWindow = written.Count(e => window.Contains(e.Time) && (entry.EventNames.Count == 0 ? e.IdentityType == "Root" : entry.EventNames.Contains(e.Name) && e.Source == SourceOf(entry, e.Name)));
        Assert.Equal(inWindow, Compare(entry, files.Folder, duck, window, null));

        var filters = new QueryFilters { AccountId = new[] { CatalogFixture.Accounts[1] }, ExcludeFailed = true, RequestUser = new[] { "al*" } };
        Compare(entry, files.Folder, duck, TimeWindow.All, filters);
        var users = new QueryFilters { UserName = new[] { "TARGET-?" }, SourceIPAddress = new[] { "198.51.100.*" } };
        int filtered = Compare(entry, files.Folder, duck, window, users);
        output.WriteLine($"{command}: {all} records of {written.Count} events, {inWindow} in the window, {filtered} with -UserName and -SourceIPAddress");
    }

    [Theory]
    [MemberData(nameof(CatalogCommands))]
    public void Catalog_query_gives_the_local_records_over_the_sample(string command)
    {
        using var duck = new CloudTrailDuckDb(SampleFolder);
        var entry = IamCatalog.Get(command);
        int local = Compare(entry, SampleFolder, duck, TimeWindow.All, null);
        output.WriteLine($"{command}: {local} records from both engines");
    }

    [Theory]
    [InlineData("stats count(*) as n by eventSource, eventName")]
    [InlineData("stats count(*) as n, count_distinct(userIdentity.arn) as callers by bin(1h) as hour")]
    [InlineData("filter eventSource = \"iam.amazonaws.com\" | stats count(errorCode) as failed, min(eventTime) as first, max(eventTime) as last by recipientAccountId")]
    [InlineData("filter eventName like /^(Create|Delete)/ and not ispresent(errorCode) | fields eventTime, eventName, coalesce(requestParameters.userName, requestParameters.roleName, \"-\") as target")]
    [InlineData("filter userIdentity.type in [\"Root\", \"AssumedRole\"] or sourceIPAddress like \"198.51.100.\" | fields eventID, userIdentity.type as kind")]
    [InlineData("fields eventName, requestParameters.userName as who | filter ispresent(who) | display who, eventName | dedup who")]
    [InlineData("sort eventTime desc | limit 25 | fields eventID, eventTime")]
    [InlineData("filter eventName != \"GetObject\" | fields toupper(eventName) as upper, strlen(eventName) as length, concat(awsRegion, \"/\", recipientAccountId) as place | filter length > 12")]
    [InlineData("fields @timestamp, eventName | filter eventSource = \"sts.amazonaws.com\" | sort @timestamp asc | limit 3")]
    [InlineData("stats count(*) as n by userIdentity.sessionContext.attributes.mfaAuthenticated as mfa, errorCode | sort n desc")]
    public void User_queries_give_the_local_rows_over_the_fixtures(string text)
    {
        using var files = new TestFiles();
        CatalogFixture.Write(files.Folder);
        using var duck = new CloudTrailDuckDb(files.Folder);
        var query = Parser.Parse(text);
        var window = new TimeWindow(CatalogFixture.Start.AddHours(5), CatalogFixture.Start.AddDays(3));
        var local = new FileSource(new[] { files.Folder }).Run(new QueryRequest(query, window), new RecordingObserver(), CancellationToken.None).Select(Describe).ToList();
        var translation = SqlTranslator.Translate(query, CloudTrailDuckDb.Table, window);
        var sql = duck.Rows(DuckDbPrinter.Instance.Print(translation.Select)).Select(translation.ToRow).Select(Describe).ToList();
        Assert.NotEmpty(local);
        if (query.Commands.Any(c => c is SortCommand)) Assert.Equal(local, sql);
        else AssertSameRows(text, local, sql);
        output.WriteLine($"{local.Count} rows: {text}");
    }

    [Fact]
    public void The_evaluation_cases_that_translate_give_the_local_rows()
    {
        int translated = 0, refused = 0;
        var refusals = new List<string>();
        foreach (var file in Directory.GetFiles(CaseFolder, "*.json").Where(f => Path.GetFileName(f) != "records.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var testCase in document.RootElement.EnumerateArray())
            {
                string name = Path.GetFileNameWithoutExtension(file) + ": " + testCase.GetProperty("name").GetString();
                var ast = Parser.Parse(testCase.GetProperty("query").GetString()!);
                SqlTranslation translation;
                try
                {
                    translation = SqlTranslator.Translate(ast, CloudTrailDuckDb.Table, TimeWindow.All);
                }
                catch (QueryNotTranslatableException e)
                {
                    refused++;
                    refusals.Add(e.What);
                    continue;
                }
                translated++;
                var records = testCase.TryGetProperty("records", out var own) ? own.GetRawText() : File.ReadAllText(Path.Combine(CaseFolder, "records.json"));
                using var files = new TestFiles();
                string path = files.Write("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/case.json", "{\"Records\":" + records + "}");
                // The cases hold records that are not all whole CloudTrail events, which the file source would refuse: the engine runs them as the case tests do.
                using var parsed = JsonDocument.Parse(records);
                var input = parsed.RootElement.EnumerateArray().Select((r, i) => (ILogRecord)new CloudTrailRecord(r.Clone(), path, "case.json", i)).ToList();
                var local = new CompiledQuery(ast).Run(input).Select(Describe).ToList();
                using var duck = new CloudTrailDuckDb(files.Folder);
                var sql = duck.Rows(DuckDbPrinter.Instance.Print(translation.Select)).Select(translation.ToRow).Select(Describe).ToList();
                bool ordered = ast.Commands.Any(c => c is SortCommand) && !ast.Commands.Any(c => c is StatsCommand);
                bool chosenByPosition = ast.Commands.TakeWhile(c => c is not SortCommand).Any(c => c is LimitCommand or DedupCommand);
                if (chosenByPosition) Assert.True(local.Count == sql.Count, $"{name}: {local.Count} local rows, {sql.Count} from DuckDB");
                else if (ordered) Assert.True(local.SequenceEqual(sql), $"{name}:\nlocal  {string.Join(" | ", local)}\nduckdb {string.Join(" | ", sql)}");
                else AssertSameRows(name, local, sql);
            }
        }
        output.WriteLine($"{translated} cases translate and match DuckDB; {refused} are refused: {string.Join(", ", refusals.Distinct().OrderBy(r => r, StringComparer.Ordinal))}");
        Assert.True(translated >= 50, $"only {translated} cases translate");
    }

    private static string SourceOf(CatalogEntry entry, string eventName) =>
        entry.Command == "Get-IamEvent" ? CatalogFixture.SourceOf(eventName) : entry.EventSource;

    /// <summary>Runs the entry locally and in DuckDB, asserts the same rows and records, and returns how many.</summary>
    private int Compare(CatalogEntry entry, string folder, CloudTrailDuckDb duck, TimeWindow window, QueryFilters? filters)
    {
        var query = filters == null ? entry.Ast : filters.Apply(entry.Ast);
        var localRows = new FileSource(new[] { folder }).Run(new QueryRequest(query, window), new RecordingObserver(), CancellationToken.None).ToList();
        var translation = SqlTranslator.Translate(query, CloudTrailDuckDb.Table, window, filters?.AccountId);
        string sql = DuckDbPrinter.Instance.Print(translation.Select);
        var duckRows = duck.Rows(sql).Select(translation.ToRow).ToList();
        string what = $"{entry.Command} over {window}{(filters == null ? "" : " with filters")}";
        AssertSameRows(what, localRows.Select(Describe).ToList(), duckRows.Select(Describe).ToList());
        AssertSameRows(what + " (records)", localRows.Select(r => Record(entry, r)).ToList(), duckRows.Select(r => Record(entry, r)).ToList());
        return localRows.Count;
    }

    private static string Record(CatalogEntry entry, ResultRow row)
    {
        var record = entry.CreateRecord(row);
        return JsonSerializer.Serialize(record, record.GetType());
    }

    private static void AssertSameRows(string what, List<string> local, List<string> sql)
    {
        var a = local.OrderBy(r => r, StringComparer.Ordinal).ToList();
        var b = sql.OrderBy(r => r, StringComparer.Ordinal).ToList();
        Assert.True(a.SequenceEqual(b), $"{what}: {a.Count} local rows, {b.Count} from DuckDB\nonly local:  {string.Join("\n  ", a.Except(b))}\nonly duckdb: {string.Join("\n  ", b.Except(a))}");
    }

    private static string Describe(ResultRow row) =>
        string.Join("\u241f", row.Columns.Select((c, i) => c + "=" + (row[i] == null ? "<null>" : row[i]!.GetType().Name + ":" + Values.ToText(row[i]))));
}

/// <summary>
/// CloudTrail files in the S3 layout for two accounts, two Regions and four days: every event name of the catalog
/// with every field its record reads (the first of a coalesce left out of every other event), under several kinds of
/// caller, some failed, and events of other services that no entry finds.
/// </summary>
internal static class CatalogFixture
{
    public static readonly DateTime Start = new(2026, 10, 3, 0, 0, 0, DateTimeKind.Utc);
    public static readonly string[] Accounts = { "111122223333", "444455556666" };
    private static readonly string[] Regions = { "us-east-1", "eu-west-1" };

    public sealed record Written(string Name, string Source, string IdentityType, DateTime Time);

    public static string SourceOf(string eventName) =>
        IamCatalog.Entries.First(e => e.Command != "Get-IamEvent" && e.EventNames.Contains(eventName)).EventSource;

    public static List<Written> Write(string folder)
    {
        var names = IamCatalog.CatalogEventNames.Concat(new[] { "GetObject", "DescribeInstances" }).ToList();
        var identities = new[]
        {
            ("IAMUser", "{\"type\":\"IAMUser\",\"principalId\":\"AIDA1\",\"arn\":\"arn:aws:iam::{A}:user/alice\",\"accountId\":\"{A}\",\"userName\":\"alice\",\"sessionContext\":{\"attributes\":{\"mfaAuthenticated\":\"true\"}}}"),
            ("AssumedRole", "{\"type\":\"AssumedRole\",\"principalId\":\"AROA1:bob\",\"arn\":\"arn:aws:sts::{A}:assumed-role/Admin/bob\",\"accountId\":\"{A}\",\"invokedBy\":\"cloudformation.amazonaws.com\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"userName\":\"Admin\"},\"attributes\":{\"mfaAuthenticated\":\"false\"}}}"),
            ("Root", "{\"type\":\"Root\",\"principalId\":\"{A}\",\"arn\":\"arn:aws:iam::{A}:root\",\"accountId\":\"{A}\"}"),
            ("IdentityCenterUser", "{\"type\":\"IdentityCenterUser\",\"accountId\":\"{A}\",\"onBehalfOf\":{\"userId\":\"u-1\",\"identityStoreArn\":\"arn:aws:identitystore::{A}:identitystore/d-1\"}}"),
        };
        var events = new List<Written>();
        var files = new Dictionary<string, List<string>>();
        int n = 0;
        foreach (var name in names)
        {
            string source = name is "GetObject" ? "s3.amazonaws.com" : name is "DescribeInstances" ? "ec2.amazonaws.com" : SourceOf(name);
            var paths = IamCatalog.Entries.Where(e => e.EventNames.Contains(name))
                .SelectMany(e => Records.RecordSchema.Of(e.RecordType).Fields).SelectMany(f => f.Sources).Distinct().ToList();
            for (int copy = 0; copy < 4; copy++, n++)
            {
                var (type, identityTemplate) = identities[n % identities.Length];
                string account = Accounts[(n / 3) % 2];
                string region = Regions[(n / 2) % 2];
                var time = Start.AddHours(n * 7 % 96).AddMinutes(n % 60).AddSeconds(n % 7);
                var fields = paths.Where((p, i) => copy % 2 == 0 || !IsFirstOfCoalesce(p)).ToList();
                string json = Event(name, source, identityTemplate.Replace("{A}", account), account, region, time, fields, n, failed: n % 5 == 0);
                // Files land in the folder of their delivery, up to a few minutes after the events: near midnight, the next day.
                var delivered = time.AddMinutes(10);
                string key = $"AWSLogs/{account}/CloudTrail/{region}/{delivered:yyyy/MM/dd}/{account}_CloudTrail_{region}_{delivered:yyyyMMdd}T{delivered:HH}00Z_f.json" + (n % 3 == 0 ? "" : ".gz");
                if (!files.TryGetValue(key, out var list)) files[key] = list = new List<string>();
                list.Add(json);
                events.Add(new Written(name, source, type, time));
            }
        }
        foreach (var file in files)
        {
            string text = "{\"Records\":[" + string.Join(",", file.Value) + "]}";
            string path = Path.Combine(folder, file.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Key.EndsWith(".gz", StringComparison.Ordinal) ? TestFiles.Gzip(Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(text));
        }
        return events;
    }

    private static bool IsFirstOfCoalesce(string path) =>
        IamCatalog.Entries.SelectMany(e => Records.RecordSchema.Of(e.RecordType).Fields).Any(f => f.Sources.Count > 1 && f.Sources[0] == path);

    private static string Event(string name, string source, string identity, string account, string region, DateTime time, List<string> paths, int n, bool failed)
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var path in paths.Where(p => !p.StartsWith("userIdentity.", StringComparison.Ordinal)))
        {
            var parts = path.Split('.');
            var node = root;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                if (!node.TryGetValue(parts[i], out var child) || child is not Dictionary<string, object> map) node[parts[i]] = map = new Dictionary<string, object>(StringComparer.Ordinal);
                node = map;
            }
            node[parts[^1]] = Value(parts[^1], n);
        }
        var sb = new StringBuilder();
        sb.Append("{\"eventVersion\":\"1.09\",\"userIdentity\":").Append(identity)
          .Append(",\"eventTime\":\"").Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
          .Append("\",\"eventSource\":\"").Append(source).Append("\",\"eventName\":\"").Append(name)
          .Append("\",\"awsRegion\":\"").Append(region).Append("\",\"sourceIPAddress\":\"").Append(n % 2 == 0 ? "198.51.100." + n % 250 : "203.0.113.9")
          .Append("\",\"userAgent\":\"aws-cli/2.15 \\\"quoted\\\" agent\"");
        if (failed) sb.Append(",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: x is not authorized to perform: iam:").Append(name).Append("\"");
        foreach (var top in new[] { "requestParameters", "responseElements", "additionalEventData" })
        {
            sb.Append(",\"").Append(top).Append("\":").Append(root.TryGetValue(top, out var value) ? JsonSerializer.Serialize(value) : "null");
        }
        sb.Append(",\"requestID\":\"r-").Append(n).Append("\",\"eventID\":\"").Append(new Guid(n, 0, 0, new byte[8])).Append("\"")
          .Append(",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"").Append(account).Append("\"}");
        return sb.ToString();
    }

    /// <summary>A value for a field: booleans for the flags, dates for the dates, names that differ by event and an odd character.</summary>
    private static object Value(string key, int n) => key switch
    {
        "setAsDefault" or "passwordResetRequired" => n % 2 == 0,
        "createDate" => "2026-10-03T0" + n % 10 + ":00:00Z",
        "MFAUsed" => n % 2 == 0 ? "Yes" : "No",
        "ConsoleLogin" or "SwitchRole" => n % 3 == 0 ? "Failure" : "Success",
        "policyDocument" or "assumeRolePolicyDocument" => n % 2 == 0
            ? "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"
            : Uri.EscapeDataString("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::999988887777:root\"},\"Action\":\"sts:AssumeRole\"}}"),
        "userName" => n % 3 == 0 ? "target-" + n % 10 : "o'brien-" + n,
        _ => key + "-" + n + (n % 4 == 0 ? " é/\\" : ""),
    };
}
