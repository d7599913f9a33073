using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using IamInsights.Query;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// Reading only the properties a query uses gives the same rows, problems and system fields as parsing every record
/// into a document, over records that try every corner of the lookup: dotted keys, duplicate keys, arrays, escapes,
/// envelopes, times that are numbers or missing, bad bytes and bad JSON.
/// </summary>
public class RecordProjectionTests
{
    private static readonly FileSourceOptions Projected = new() { Prefilter = false };
    private static readonly FileSourceOptions Documents = new() { Prefilter = false, Projection = false };
    private static readonly FileSourceOptions ProjectedAndPrefiltered = new();
    private static readonly FileSourceOptions PrefilteredDocuments = new() { Projection = false };

    private static readonly string[] Fields =
    {
        "eventName", "eventSource", "eventTime", "eventID", "requestParameters", "requestParameters.userName",
        "requestParameters.policy.Statement.0.Effect", "resources.0.ARN", "resources.1", "resources", "userIdentity.arn",
        "userIdentity", "userIdentity.sessionContext.attributes.mfaAuthenticated", "a.b", "a", "a.b.c", "n", "flag", "nothing",
        "missing", "@message", "@timestamp", "@log", "@logStream", "@ptr", "tags.1", "x.y", "responseElements",
    };

    /// <summary>Events written here, each trying a corner of the lookup; the rest of the fields vary at random.</summary>
    private static string Event(Random random, int i)
    {
        string time = random.Next(6) switch
        {
            0 => "\"eventTime\":\"2026-11-2" + random.Next(10) + "T0" + random.Next(10) + ":1" + random.Next(10) + ":00Z\"",
            1 => "\"eventTime\":\"2026-11-20T08:00:00.123456789Z\"",
            2 => "\"@timestamp\":\"2026-11-21T01:02:03Z\"",
            3 => "\"eventTime\":1764547200000",
            4 => "\"eventTime\":\"2026-02-30T00:00:00Z\"",
            _ => "\"eventTime\":\"2026-11-22T10:00:00Z\"",
        };
        var parts = new List<string>
        {
            "\"eventVersion\":\"1.10\"",
            time,
            "\"eventSource\":\"" + (random.Next(2) == 0 ? "iam.amazonaws.com" : "sts.amazonaws.com") + "\"",
            random.Next(8) == 0 ? "\"\\u0065ventName\":\"CreateUser\"" : "\"eventName\":\"" + (random.Next(3) == 0 ? "Cr\\u0065ateUser" : "DeleteUser") + "\"",
            "\"eventID\":\"e" + i + "\"",
        };
        string[] optional =
        {
            "\"requestParameters\":{\"userName\":\"u" + random.Next(3) + "\",\"policy\":{\"Statement\":[{\"Effect\":\"Allow\"}]}}",
            "\"requestParameters\":null",
            "\"requestParameters\":{\"userName\":7}",
            "\"resources\":[{\"ARN\":\"arn:aws:iam::1:user/a\"},\"second\",3]",
            "\"resources\":\"not a list\"",
            "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::1:user/u\",\"sessionContext\":{\"attributes\":{\"mfaAuthenticated\":\"true\"}}}",
            "\"userIdentity\":\"text\"",
            "\"a.b\":\"dotted key\"",
            "\"a\":{\"b\":\"nested\"}",
            "\"a\":{\"b\":{\"c\":1.5}}",
            "\"a\":{\"x\":1}",
            "\"n\":" + random.Next(-5, 5) + "." + random.Next(10),
            "\"n\":1e400",
            "\"flag\":true",
            "\"flag\":false",
            "\"nothing\":null",
            "\"tags\":[\"zero\",\"one\"]",
            "\"x.y\":{\"z\":1}",
            "\"x\":{\"y\":null}",
            "\"responseElements\":{\"text\":\"caf\\u00e9 \\ud83d\\ude00 \\\" \\\\ \\/\"}",
            "\"eventName\":\"ListUsers\"",
            "\"eventID\":\"duplicate" + i + "\"",
        };
        int extra = random.Next(0, 6);
        for (int k = 0; k < extra; k++) parts.Add(optional[random.Next(optional.Length)]);
        var shuffled = parts.OrderBy(_ => random.Next()).ToList();
        return "{" + string.Join(random.Next(2) == 0 ? "," : " ,\n ", shuffled) + "}";
    }

    /// <summary>Records that are not plain events or not valid: each must be treated as the document path treats it.</summary>
    private static readonly string[] Odd =
    {
        "{\"CloudTrailEvent\":\"{\\\"eventName\\\":\\\"CreateUser\\\",\\\"eventTime\\\":\\\"2026-11-20T01:00:00Z\\\",\\\"eventID\\\":\\\"wrapped\\\"}\",\"EventName\":\"CreateUser\"}",
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventName\":\"CreateUser\",\"eventTime\":\"2026-11-20T02:00:00Z\",\"eventID\":\"bridge\"}}",
        "{\"log\":{\"eventName\":\"CreateUser\",\"eventTime\":\"2026-11-20T03:00:00Z\",\"eventID\":\"panther\"}}",
        "{\"eventName\":\"NoMarker\"}",
        "{\"eventName\":5,\"eventTime\":\"2026-11-20T03:00:00Z\"}",
        "{\"eventName\":\"BadTime\",\"eventTime\":\"yesterday\"}",
        "{\"eventName\":\"Timeless\",\"eventSource\":\"iam.amazonaws.com\"}",
        "{\"eventName\":\"HalfSurrogate\",\"eventTime\":\"2026-11-20T04:00:00Z\",\"note\":\"\\ud800x\"}",
        "{\"eventName\":\"BadJson\",\"eventTime\":\"2026-11-20T04:00:00Z\",\"x\":tru}",
        "{\"eventName\":\"Trailing\",\"eventTime\":\"2026-11-20T04:00:00Z\",}",
        "[1,2]",
        "\"text\"",
        "{\"eventName\":\"Deep\",\"eventTime\":\"2026-11-20T05:00:00Z\",\"d\":" + new string('[', 1100) + new string(']', 1100) + "}",
    };

    private static string MakeFixture(TestFiles files, Random random)
    {
        int n = 0;
        for (int f = 0; f < 10; f++)
        {
            var events = Enumerable.Range(0, random.Next(1, 25)).Select(_ => Event(random, n++)).ToList();
            if (random.Next(2) == 0) events.Insert(random.Next(events.Count), Odd[random.Next(Odd.Length)]);
            string name = $"logs/2026/11/2{f % 4}/111122223333_CloudTrail_us-east-1_2026112{f % 4}T2359Z_f{f}";
            switch (f % 4)
            {
                case 0: files.WriteGzip(name + ".json.gz", Events.Records(events.ToArray())); break;
                case 1: files.Write(name + ".json", "[\n" + string.Join(",\n", events) + "\n]"); break;
                case 2: files.Write(name + ".jsonl", string.Join("\n", events.Select(e => e.Replace("\n", " "))) + (random.Next(2) == 0 ? " x" : "")); break;
                default: files.Write(name + ".json", Events.Records(events.ToArray())); break;
            }
        }
        // Bytes that are not UTF-8 inside a record, and a record cut short at the end of a file.
        var bad = Encoding.UTF8.GetBytes(Events.Records(Event(random, n++), "{\"eventName\":\"Latin1\",\"eventTime\":\"2026-11-20T06:00:00Z\",\"n\":\"caf\u00e9\"}", Event(random, n++)));
        int at = Array.IndexOf(bad, (byte)0xC3);
        bad[at] = 0xE9;
        bad = bad.Where((_, i) => i != at + 1).ToArray();
        File.WriteAllBytes(Path.Combine(files.Folder, "logs", "latin1.json"), bad);
        files.Write("logs/cut.json", "{\"Records\":[" + Event(random, n++) + "," + Event(random, n++).Substring(0, 30));
        foreach (var odd in Odd) files.Write($"logs/odd/{Array.IndexOf(Odd, odd)}.json", odd);
        return Path.Combine(files.Folder, "logs");
    }

    private static string RandomQuery(Random random)
    {
        string Field() => Fields[random.Next(Fields.Length)];
        string Quoted(string f) => f.Contains('.') || f.StartsWith("@", StringComparison.Ordinal) ? "`" + f + "`" : f;
        string fields = string.Join(", ", Enumerable.Range(0, random.Next(1, 5)).Select(_ => Quoted(Field())).Distinct());
        return random.Next(7) switch
        {
            0 => $"fields {fields}",
            1 => $"stats count(*) as n by {Quoted(Field())}",
            2 => $"fields {fields} | sort {Quoted(Field())} desc | limit 7",
            3 => $"fields {fields} | dedup {Quoted(Field())}",
            4 => $"filter {Quoted(Field())} = \"CreateUser\" or ispresent({Quoted(Field())}) | fields {fields}",
            5 => $"filter eventName = \"CreateUser\" | fields {fields}",
            _ => $"stats count(*) as c, count_distinct({Quoted(Field())}) as d, min({Quoted(Field())}) as lo by bin(1h)",
        };
    }

    private static List<string> Run(string query, string folder, FileSourceOptions options, TimeWindow window)
    {
        var observer = new RecordingObserver();
        var rows = new FileSource(new[] { folder }, options).Run(query, window, observer, CancellationToken.None)
            .Select(r => string.Join("|", r.Columns.Select(c => c + "=" + Describe(r[c])))).ToList();
        rows.AddRange(observer.Problems.Select(p => "problem " + p.ErrorId + " " + p.Target + " " + p.Message));
        rows.AddRange(observer.Warnings.Select(w => "warning " + w));
        return rows;
    }

    /// <summary>A value with its type, so that a number and its text, or a time and its text, stay apart.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "null",
        DateTime time => "time:" + time.ToString("o", CultureInfo.InvariantCulture) + ":" + time.Kind,
        double number => "number:" + number.ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + Values.ToText(value),
    };

    [Fact]
    public void Random_queries_give_the_same_rows_problems_and_warnings_with_the_projection_on_and_off()
    {
        var random = new Random(23);
        using var files = new TestFiles();
        string folder = MakeFixture(files, random);
        int rowsCompared = 0;
        for (int round = 0; round < 150; round++)
        {
            string query = RandomQuery(random);
            var window = random.Next(3) == 0 ? new TimeWindow(new DateTime(2026, 11, 21, 5, 0, 0, DateTimeKind.Utc), null) : TimeWindow.All;
            var expected = Run(query, folder, Documents, window);
            Assert.Equal(expected, Run(query, folder, Projected, window));
            Assert.Equal(Run(query, folder, PrefilteredDocuments, window), Run(query, folder, ProjectedAndPrefiltered, window));
            rowsCompared += expected.Count;
        }
        Assert.True(rowsCompared > 1000, $"only {rowsCompared} rows were compared");
    }

    [Fact]
    public void Every_catalog_query_gives_the_same_records_on_the_fixture()
    {
        using var files = new TestFiles();
        string folder = MakeFixture(files, new Random(29));
        foreach (var entry in IamCatalog.Entries)
        {
            Assert.Equal(Run(entry.Query, folder, Documents, TimeWindow.All), Run(entry.Query, folder, Projected, TimeWindow.All));
        }
    }

    [Fact]
    public void The_projection_knows_the_fields_each_command_reads_and_none_of_a_query_that_only_logs_insights_runs()
    {
        IReadOnlyCollection<string>? FieldsOf(string q) => RecordProjection.For(CompiledQuery.Parse(q))?.Fields;
        Assert.Equal(new[] { "a", "b.c", "d", "e", "f", "g", "h" }.OrderBy(x => x),
            FieldsOf("filter a = 1 and strlen(`b.c`) > 2 | fields d, e as x | stats count(f) as n by g | sort h")!.OrderBy(x => x));
        Assert.Equal(new[] { "eventName", "userIdentity.arn" }.OrderBy(x => x), FieldsOf("fields eventName, @message, `userIdentity.arn`, @timestamp")!.OrderBy(x => x));
        Assert.Equal(new[] { "a", "k" }.OrderBy(x => x), FieldsOf("parse a \"x=*\" as k | dedup k")!.OrderBy(x => x));
        Assert.Null(FieldsOf("fields a | lookup t k as a OUTPUT v"));
    }

    [Fact]
    public void Plain_events_are_read_by_the_projection_and_every_odd_record_is_handed_back()
    {
        var projection = RecordProjection.For(CompiledQuery.Parse("fields eventName, `a.b`"))!;
        var random = new Random(31);
        for (int i = 0; i < 200; i++)
        {
            string text = Event(random, i);
            // A \u escape of a surrogate, even of a whole pair, sends the record to the document path, which checks it.
            bool plain = !text.Contains("2026-02-30", StringComparison.Ordinal) && !text.Contains("\\ud83d", StringComparison.Ordinal);
            byte[] bytes = Encoding.UTF8.GetBytes("  " + text + " ,");
            var read = projection.Read(bytes, 0, bytes.Length, out int end);
            Assert.True(plain == (read != null), text);
            if (read != null) Assert.Equal(bytes.Length - 2, end);
        }
        foreach (var odd in Odd)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(odd);
            var read = projection.Read(bytes, 0, bytes.Length, out _);
            // An event without a time is still an event; the source leaves it out of a bounded window.
            if (odd.Contains("Timeless", StringComparison.Ordinal)) Assert.True(read != null && read.EventTime == null);
            else Assert.Null(read);
        }
    }

    [Fact]
    public void Records_held_to_the_end_of_a_query_keep_their_values_after_the_file_buffers_are_reused()
    {
        // 40 gzip and plain files read four at a time: each file's buffer goes back to the pool as soon as it is read,
        // while sort and stats hold every record until the last file is done.
        using var files = new TestFiles();
        var expected = new List<string>();
        for (int f = 0; f < 40; f++)
        {
            var events = Enumerable.Range(0, 50).Select(i =>
            {
                string id = $"f{f:00}-e{i:00}";
                string user = "u" + (i % 7);
                expected.Add($"{id} {user} arn:aws:iam::1:user/{user}");
                string identity = $"{{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::1:user/{user}\"}}";
                string e = Events.Make("CreateUser", $"2026-11-20T{f % 24:00}:{i:00}:00Z", identity: identity, request: $"{{\"userName\":\"{user}\"}}");
                return e.Replace(Events.IdOf(e), id);
            }).ToArray();
            string name = $"logs/f{f:00}.json";
            // Spaces of a different length in each file put its values at other offsets than the file before it.
            string content = "{\"Records\":[" + new string(' ', f * 37) + string.Join(",", events) + "]}";
            if (f % 2 == 0) files.WriteGzip(name + ".gz", content);
            else files.Write(name, content);
        }
        var options = new FileSourceOptions { Parallelism = 4 };
        var rows = new FileSource(new[] { Path.Combine(files.Folder, "logs") }, options)
            .Run("fields eventID, requestParameters.userName, userIdentity.arn | sort eventID asc", TimeWindow.All, new RecordingObserver(), CancellationToken.None)
            .Select(r => r["eventID"] + " " + r["requestParameters.userName"] + " " + r["userIdentity.arn"]).ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void Verbose_names_the_properties_read_from_each_record()
    {
        using var files = new TestFiles();
        files.Write("a.json", Events.Records(Events.Make("CreateUser")));
        var observer = new RecordingObserver();
        _ = new FileSource(new[] { files.Folder }).Run("stats count(*) by eventSource, eventName", TimeWindow.All, observer, CancellationToken.None).ToList();
        Assert.Contains("Each record is read for eventName, eventSource and its time; the rest of it is checked but not parsed.", observer.Messages);
        observer = new RecordingObserver();
        _ = new FileSource(new[] { files.Folder }).Run("fields @message, eventName", TimeWindow.All, observer, CancellationToken.None).ToList();
        Assert.Contains("Each record is read for eventName and its time, and kept whole for @message.", observer.Messages);
    }
}
