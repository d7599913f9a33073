using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using IamInsights.Query;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>Every speed-up of the file source gives the same results as reading plainly.</summary>
public class FileSourceOptimizationTests
{
    private static readonly string SampleFolder = Path.Combine(AppContext.BaseDirectory, "Sample", "AWSLogs");

    private static readonly string[] Names = { "CreateUser", "DeleteUser", "CreateAccessKey", "AssumeRole", "ConsoleLogin", "ListUsers", "Create/User" };

    private static List<string> Run(string query, IEnumerable<string> paths, FileSourceOptions options, TimeWindow? window = null)
    {
        var observer = new RecordingObserver();
        var rows = new FileSource(paths, options).Run(query, window ?? TimeWindow.All, observer, CancellationToken.None)
            .Select(r => string.Join("|", r.Columns.Select(c => c + "=" + Values.ToText(r[c])))).ToList();
        rows.AddRange(observer.Problems.Select(p => "problem " + p.ErrorId + " " + p.Target));
        return rows;
    }

    /// <summary>Records whose names are written plainly, with \u escapes, and with an escaped slash, in every container.</summary>
    private static string MakeFixture(TestFiles files, Random random)
    {
        string Escape(string name) => random.Next(4) switch
        {
            0 => name.Replace("e", "\\u0065"),
            1 => name.Replace("/", "\\/"),
            _ => name,
        };
        // A file holds events of its day, all before the time in its name, as CloudTrail's do.
        string Event(int i, int day) => "{\"eventVersion\":\"1.10\",\"eventTime\":\"2026-11-2" + day + "T0" + random.Next(0, 9) + ":00:00Z\","
                               + "\"eventSource\":\"" + (random.Next(2) == 0 ? "iam.amazonaws.com" : "sts.amazonaws.com") + "\","
                               + "\"eventName\":\"" + Escape(Names[random.Next(Names.Length)]) + "\",\"eventID\":\"e" + i + "\","
                               + "\"requestParameters\":{\"userName\":\"" + Escape(Names[random.Next(Names.Length)]) + "\"}}";
        int n = 0;
        for (int f = 0; f < 12; f++)
        {
            var events = Enumerable.Range(0, random.Next(0, 30)).Select(_ => Event(n++, f % 4)).ToArray();
            string day = "2026/11/2" + (f % 4);
            string name = $"{day}/111122223333_CloudTrail_us-east-1_2026112{f % 4}T2359Z_f{f}";
            switch (f % 4)
            {
                case 0: files.WriteGzip("logs/" + name + ".json.gz", Events.Records(events)); break;
                case 1: files.Write("logs/" + name + ".json", "[\n" + string.Join(",\n", events) + "\n]"); break;
                case 2: files.Write("logs/" + name + ".jsonl", string.Join("\n", events)); break;
                default: files.Write("logs/" + name + ".json", Events.Records(events)); break;
            }
        }
        files.Write("logs/2026/11/23/broken.json", "{\"Records\": [" + Event(n++, 3) + ", {\"eventName\": ");
        files.Write("logs/2026/11/23/broken-line.jsonl", Event(n++, 3) + "\n{\"eventName\": \"Del\n" + Event(n++, 3) + "\n");
        return Path.Combine(files.Folder, "logs");
    }

    private static string RandomCondition(Random random, int depth = 0)
    {
        string name() => Names[random.Next(Names.Length)];
        int pick = random.Next(depth > 2 ? 4 : 7);
        return pick switch
        {
            0 => $"eventName = \"{name()}\"",
            1 => $"requestParameters.userName in [\"{name()}\", \"{name()}\"]",
            2 => $"eventName like \"{name().Substring(0, 4)}\"",
            3 => $"eventSource = \"{(random.Next(2) == 0 ? "iam.amazonaws.com" : "sts.amazonaws.com")}\"",
            4 => $"({RandomCondition(random, depth + 1)} or {RandomCondition(random, depth + 1)})",
            5 => $"{RandomCondition(random, depth + 1)} and {RandomCondition(random, depth + 1)}",
            _ => $"not {RandomCondition(random, depth + 1)}",
        };
    }

    [Fact]
    public void Random_queries_give_the_same_rows_and_problems_with_every_speed_up_on_and_off()
    {
        var random = new Random(7);
        using var files = new TestFiles();
        string folder = MakeFixture(files, random);
        var variants = new[]
        {
            FileSourceOptions.Fast,
            new FileSourceOptions { Parallelism = 1 },
            new FileSourceOptions { Prefilter = false },
            new FileSourceOptions { Parallelism = 3, PrunePaths = false },
        };
        for (int round = 0; round < 60; round++)
        {
            string query = $"filter {RandomCondition(random)} | fields eventID, eventName, requestParameters.userName";
            var window = random.Next(3) == 0 ? new TimeWindow(new DateTime(2026, 11, 21, 5, 0, 0, DateTimeKind.Utc), null) : TimeWindow.All;
            var plain = Run(query, new[] { folder }, FileSourceOptions.Plain, window);
            foreach (var options in variants)
            {
                Assert.Equal(plain, Run(query, new[] { folder }, options, window));
            }
        }
    }

    [Fact]
    public void Every_catalog_query_gives_the_same_records_on_the_sample()
    {
        foreach (var entry in IamCatalog.Entries)
        {
            var plain = Run(entry.Query, new[] { SampleFolder }, FileSourceOptions.Plain);
            Assert.NotEmpty(plain);
            Assert.Equal(plain, Run(entry.Query, new[] { SampleFolder }, FileSourceOptions.Fast));
        }
    }

    [Fact]
    public void The_prefilter_takes_literals_from_equality_in_and_like_but_not_from_numbers_regexes_or_not()
    {
        RecordPrefilter? For(string q) => RecordPrefilter.For(Parser.Parse(q));
        Assert.Equal(new[] { new[] { "iam.amazonaws.com" }, new[] { "CreateUser" } },
            For("filter eventSource = \"iam.amazonaws.com\" and eventName = \"CreateUser\"")!.Groups);
        Assert.Equal(new[] { new[] { "A", "B", "C" } }, For("filter eventName in [\"A\", \"B\"] or x like \"C\"")!.Groups);
        Assert.Null(For("filter eventName = \"A\" or x =~ /B/"));
        Assert.Null(For("filter not eventName = \"A\""));
        Assert.Null(For("filter bytes = \"10\""));
        Assert.Null(For("filter name = \"say \\\"hi\\\"\""));
        Assert.Null(For("fields a | filter eventName = \"A\""));
        var prefilter = For("filter eventName = \"CreateUser\"")!;
        Assert.True(prefilter.MayMatch(Encoding.UTF8.GetBytes("{\"eventName\":\"CreateUser\"}")));
        Assert.False(prefilter.MayMatch(Encoding.UTF8.GetBytes("{\"eventName\":\"DeleteUser\"}")));
        Assert.True(prefilter.MayMatch(Encoding.UTF8.GetBytes("{\"eventName\":\"Cr\\u0065ateUser\"}")));
    }

    [Fact]
    public void S3_layout_days_and_files_before_since_are_skipped()
    {
        using var files = new TestFiles();
        string root = Path.Combine(files.Folder, "AWSLogs", "111122223333", "CloudTrail", "us-east-1");
        files.Write("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/19/111122223333_CloudTrail_us-east-1_20261119T2355Z_a.json",
            Events.Records(Events.Make("CreateUser", "2026-11-19T23:50:00Z")));
        files.Write("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T0005Z_b.json",
            Events.Records(Events.Make("CreateUser", "2026-11-20T00:01:00Z")));
        files.Write("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T1205Z_c.json",
            Events.Records(Events.Make("CreateUser", "2026-11-20T12:01:00Z")));
        var observer = new RecordingObserver();
        var listed = new FileSource(new[] { files.Folder }).ListFiles(observer, new TimeWindow(new DateTime(2026, 11, 20, 11, 0, 0, DateTimeKind.Utc), null));
        Assert.Equal(new[] { "111122223333_CloudTrail_us-east-1_20261120T1205Z_c.json" }, listed.Select(Path.GetFileName));
        Assert.Contains(observer.Messages, m => m.StartsWith("Skipped 2 folders and files", StringComparison.Ordinal));
        var wide = new FileSource(new[] { root }).ListFiles(new RecordingObserver(), new TimeWindow(new DateTime(2026, 11, 20, 0, 30, 0, DateTimeKind.Utc), null));
        Assert.Equal(3, wide.Count);
    }

    /// <summary>The records (by eventID), problems and warnings of gzip bytes, read with or without the one-pass inflate.</summary>
    private static List<string> ReadGzip(byte[] bytes, bool wholeFileInflate)
    {
        var seen = new List<string>();
        foreach (var record in CloudTrailFileReader.Read("f.json.gz", bytes, p => seen.Add("problem " + p.ErrorId + ": " + p.Message), null,
                     w => seen.Add("warning " + w), wholeFileInflate))
        {
            seen.Add(record.EventId!);
        }
        return seen;
    }

    [Fact]
    public void Whole_file_inflate_reads_intact_and_damaged_gzip_as_member_by_member_does()
    {
        var random = new Random(11);
        var first = Enumerable.Range(0, 40).Select(i => Events.Make("CreateUser", extra: "\"n\":" + i)).ToArray();
        var second = Enumerable.Range(0, 15).Select(i => Events.Make("DeleteUser", extra: "\"n\":" + i)).ToArray();
        byte[] one = TestFiles.Gzip(Encoding.UTF8.GetBytes(Events.Records(first)));
        // One document in two members, as a concatenation of gzip files gives.
        string both = Events.Records(first.Concat(second).ToArray());
        byte[] two = TestFiles.Gzip(Encoding.UTF8.GetBytes(both.Substring(0, both.Length / 2)))
            .Concat(TestFiles.Gzip(Encoding.UTF8.GetBytes(both.Substring(both.Length / 2)))).ToArray();
        byte[] Flip(byte[] data, int at)
        {
            var copy = (byte[])data.Clone();
            copy[at] ^= 0x24;
            return copy;
        }
        var ids = first.Select(e => Events.IdOf(e)).ToList();

        // Expectations written here: the records the test put in, and the damage it made.
        Assert.Equal(ids, ReadGzip(one, true));
        Assert.Equal(new[] { "warning The gzip file 'f.json.gz' has 3 bytes after its compressed data; they were ignored." }.Concat(ids),
            ReadGzip(one.Concat(new byte[] { 0, 0, 0 }).ToArray(), true));
        Assert.Equal(ids.Concat(second.Select(e => Events.IdOf(e))), ReadGzip(two, true));
        foreach (var damaged in new[] { Flip(one, one.Length - 6), Flip(one, one.Length - 2), one.Take(one.Length - 1).ToArray(), one.Take(one.Length - 9).ToArray() })
        {
            Assert.Contains(ReadGzip(damaged, true), line => line.StartsWith("problem CloudTrailFileTruncated: ", StringComparison.Ordinal));
        }

        var cases = new List<byte[]>
        {
            one, two, two.Take(two.Length - 5).ToArray(), one.Concat(new byte[] { 0, 0, 0, 0 }).ToArray(), one.Concat(Encoding.ASCII.GetBytes("tail")).ToArray(),
            TestFiles.Gzip(Array.Empty<byte>()).Concat(new byte[] { 0, 0, 0, 0 }).ToArray(), Flip(one, one.Length - 6), Flip(one, one.Length - 2),
        };
        for (int cut = 1; cut <= 12; cut++) cases.Add(one.Take(one.Length - cut).ToArray());
        for (int i = 0; i < 40; i++)
        {
            cases.Add(one.Take(random.Next(10, one.Length)).ToArray());
            cases.Add(Flip(one, random.Next(10, one.Length)));
        }
        foreach (var bytes in cases)
        {
            Assert.Equal(ReadGzip(bytes, false), ReadGzip(bytes, true));
        }
    }

    [Fact]
    public void The_prefilter_searching_a_whole_buffer_keeps_the_records_that_hold_a_literal_of_every_group()
    {
        var random = new Random(5);
        string[] pieces = { "CreateUser", "Create", "User", "iam.amazonaws.com", "sts.amazonaws.com", "\\u0065", "\\/", "\\", "x", "\"a\":1", "Cr" };
        for (int round = 0; round < 200; round++)
        {
            var ast = Parser.Parse($"filter {RandomCondition(random)}");
            var prefilter = RecordPrefilter.For(ast);
            if (prefilter == null) continue;
            var records = Enumerable.Range(0, random.Next(1, 30))
                .Select(_ => "{" + string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => pieces[random.Next(pieces.Length)])) + "}").ToList();
            byte[] buffer = Encoding.ASCII.GetBytes(string.Concat(records));
            var search = prefilter.Over(buffer, buffer.Length);
            int start = 0;
            foreach (var record in records)
            {
                bool expected = prefilter.Groups.All(g => g.Any(record.Contains)) || record.Contains("\\u") || record.Contains("\\/");
                Assert.True(expected == search.MayMatch(start, start + record.Length), $"{record} in round {round}");
                start += record.Length;
            }
        }
    }
}
