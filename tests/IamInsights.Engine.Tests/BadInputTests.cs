using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using IamInsights.Sources;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// The bad-input battery: every file is written by the test, and each case asserts the exact records that come out
/// (by the eventIDs the test wrote), the exact problems, and that the read finished. Each case is read with every
/// speed-up on and with none, and both must agree.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TestFiles files = new();

    public void Dispose() => files.Dispose();

    private static string Event(string id, string time = "2026-11-20T08:00:00Z", string extra = "") =>
        "{\"eventVersion\":\"1.10\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"alice\"},\"eventTime\":\"" + time
        + "\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\",\"awsRegion\":\"us-east-1\",\"eventID\":\"" + id + "\"" + extra + "}";

    private static string Records(params string[] events) => "{\"Records\":[" + string.Join(",\n", events) + "]}";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>One gzip member of the sections, flushed after each; the offsets where each flush ended.</summary>
    private static (byte[] Bytes, List<int> Flushes) Gzip(CompressionLevel level, params string[] sections)
    {
        var flushes = new List<int>();
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            foreach (var section in sections)
            {
                var bytes = Utf8(section);
                gzip.Write(bytes, 0, bytes.Length);
                gzip.Flush();
                flushes.Add((int)output.Length);
            }
        }
        return (output.ToArray(), flushes);
    }

    private static byte[] Gzip(params string[] sections) => Gzip(CompressionLevel.Optimal, sections).Bytes;

    private sealed record Outcome(List<string?> Ids, List<SourceProblem> Problems, List<string> Warnings, List<string> Verbose);

    /// <summary>Reads the paths through the file source, with every speed-up and with none, and checks that both agree.</summary>
    private static Outcome Read(TimeWindow? window, params string[] paths)
    {
        Outcome Run(FileSourceOptions options)
        {
            var observer = new RecordingObserver();
            var ids = new FileSource(paths, options).ReadRecords(window ?? TimeWindow.All, observer, CancellationToken.None)
                .Select(r => r.EventId).ToList();
            return new Outcome(ids, observer.Problems, observer.Warnings, observer.Messages);
        }

        var fast = Run(FileSourceOptions.Fast);
        var plain = Run(FileSourceOptions.Plain);
        Assert.Equal(plain.Ids, fast.Ids);
        Assert.Equal(plain.Problems.Select(p => p.Message), fast.Problems.Select(p => p.Message));
        Assert.Equal(plain.Warnings, fast.Warnings);
        return fast;
    }

    private static Outcome Read(params string[] paths) => Read(null, paths);

    private static void AssertOneProblem(Outcome outcome, string errorId, string path, params string[] fragments)
    {
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(errorId, problem.ErrorId);
        Assert.Equal(path, problem.Target);
        Assert.Contains(path, problem.Message);
        foreach (var fragment in fragments) Assert.Contains(fragment, problem.Message);
    }

    // 1. gzip damage

    [Fact]
    public void A_gzip_cut_after_a_complete_line_gives_the_lines_before_the_cut_and_one_error()
    {
        var (whole, flushes) = Gzip(CompressionLevel.Optimal, Event("t1") + "\n" + Event("t2") + "\n", Event("t3") + "\n");
        string path = files.Write("cut.jsonl.gz", whole.Take(flushes[0]).ToArray());

        var outcome = Read(path);

        Assert.Equal(new[] { "t1", "t2" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path, "cut short");
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void A_records_gzip_cut_inside_its_array_gives_the_whole_records_and_one_error()
    {
        var (whole, flushes) = Gzip(CompressionLevel.Optimal, "{\"Records\":[" + Event("r1") + ",\n" + Event("r2") + ",\n" + Event("r3").Substring(0, 40),
            Event("r3").Substring(40) + "]}");
        string path = files.Write("cut.json.gz", whole.Take(flushes[0]).ToArray());

        var outcome = Read(path);

        Assert.Equal(new[] { "r1", "r2" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path);
        Assert.DoesNotContain("more bad record", outcome.Problems[0].Message);
    }

    [Fact]
    public void A_gzip_cut_inside_its_trailer_is_an_error()
    {
        byte[] whole = Gzip(Records(Event("c1")));
        string path = files.Write("trailer.json.gz", whole.Take(whole.Length - 3).ToArray());

        var outcome = Read(path);

        Assert.Equal(new[] { "c1" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path);
    }

    [Fact]
    public void A_gzip_cut_inside_its_header_is_an_error()
    {
        string path = files.Write("header.json.gz", Gzip(Records(Event("h1"))).Take(6).ToArray());

        var outcome = Read(path);

        Assert.Empty(outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path, "header");
    }

    [Fact]
    public void A_gzip_whose_crc_does_not_match_is_an_error()
    {
        byte[] gzip = Gzip(Records(Event("crc1"), Event("crc2")));
        gzip[gzip.Length - 8] ^= 0xFF;
        string path = files.Write("crc.json.gz", gzip);

        var outcome = Read(path);

        Assert.Equal(new[] { "crc1", "crc2" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path, "CRC-32");
    }

    [Fact]
    public void Concatenated_gzip_members_are_all_read()
    {
        string path = files.Write("three.jsonl.gz", Concat(
            Gzip(Event("m1") + "\n"), Gzip(Event("m2") + "\n" + Event("m3") + "\n"), Gzip(Event("m4") + "\n")));

        var outcome = Read(path);

        Assert.Equal(new[] { "m1", "m2", "m3", "m4" }, outcome.Ids);
        Assert.Empty(outcome.Problems);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void A_cut_second_member_keeps_the_first_member_and_is_an_error()
    {
        var (second, flushes) = Gzip(CompressionLevel.Optimal, Event("s2") + "\n", Event("s3") + "\n");
        string path = files.Write("two.jsonl.gz", Concat(Gzip(Event("s1") + "\n"), second.Take(flushes[0]).ToArray()));

        var outcome = Read(path);

        Assert.Equal(new[] { "s1", "s2" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path, "member 2");
    }

    [Fact]
    public void Bytes_after_the_last_gzip_member_are_a_warning_naming_the_file()
    {
        string path = files.Write("tail.json.gz", Concat(Gzip(Records(Event("tail1"))), Utf8("not gzip")));

        var outcome = Read(path);

        Assert.Equal(new[] { "tail1" }, outcome.Ids);
        Assert.Empty(outcome.Problems);
        var warning = Assert.Single(outcome.Warnings);
        Assert.Contains(path, warning);
        Assert.Contains("8 bytes", warning);
    }

    [Fact]
    public void A_flipped_byte_inside_gzip_data_loses_the_record_it_hit_and_is_an_error()
    {
        byte[] stored = Gzip(CompressionLevel.NoCompression, Records(Event("flip1"), Event("flip2"), Event("flip3"))).Bytes;
        int at = Encoding.ASCII.GetString(stored).IndexOf(":\"flip2\"", StringComparison.Ordinal);
        Assert.True(at > 0, "the stored gzip data holds the event verbatim");
        stored[at] ^= 0x20; // the ':' before the eventID becomes a control character: that record is no longer JSON

        string path = files.Write("flip.json.gz", stored);

        var outcome = Read(path);

        Assert.Equal(new[] { "flip1", "flip3" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path, "CRC-32", "1 more bad record");
    }

    [Fact]
    public void Random_bytes_behind_a_gzip_header_are_one_error()
    {
        var noise = new byte[4096];
        new Random(11).NextBytes(noise);
        string path = files.Write("random.json.gz", Concat(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255 }, noise));

        var outcome = Read(path);

        Assert.Empty(outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.TruncatedId, path);
    }

    [Fact]
    public void Random_bytes_named_json_gz_are_one_error()
    {
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        noise[0] = (byte)'x';
        string path = files.Write("random.json.gz", noise);

        var outcome = Read(path);

        Assert.Empty(outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.InvalidJsonId, path, "not JSON");
    }

    // 2. invalid text

    [Fact]
    public void Invalid_utf8_in_a_json_line_loses_that_line_only()
    {
        string path = files.Write("bad.jsonl", Concat(Utf8(Event("u1") + "\n" + Event("u2", extra: ",\"userAgent\":\"x")),
            new byte[] { 0xC3, 0x28 }, Utf8("\"}\n" + Event("u3") + "\n")));
        string other = files.Write("other.json", Records(Event("u4")));

        var outcome = Read(path, other);

        Assert.Equal(new[] { "u1", "u3", "u4" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.InvalidJsonId, path, "UTF-8", "line 2");
    }

    [Fact]
    public void Invalid_utf8_in_a_records_element_loses_that_element_only()
    {
        string path = files.Write("bad.json", Concat(Utf8("{\"Records\":[" + Event("v1") + ",\n" + Event("v2", extra: ",\"userAgent\":\"x")),
            new byte[] { 0xFF }, Utf8("\"},\n" + Event("v3") + "]}")));

        var outcome = Read(path);

        Assert.Equal(new[] { "v1", "v3" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.InvalidJsonId, path, "UTF-8", "element 2");
    }

    [Theory]
    [InlineData(",\"userAgent\":\"\\ud800\"")]
    [InlineData(",\"\\udc00\":1")]
    public void An_escape_of_half_a_surrogate_pair_loses_that_line_only(string extra)
    {
        string path = files.Write("escape.jsonl", Event("w1") + "\n" + Event("w2", extra: extra) + "\n" + Event("w3") + "\n");

        var outcome = Read(path);

        Assert.Equal(new[] { "w1", "w3" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.InvalidJsonId, path, "surrogate", "line 2");
    }

    [Fact]
    public void A_valid_escaped_surrogate_pair_is_read()
    {
        string path = files.Write("emoji.jsonl", Event("e1", extra: ",\"userAgent\":\"\\ud83d\\ude00\"") + "\n");

        var outcome = Read(path);

        Assert.Equal(new[] { "e1" }, outcome.Ids);
        Assert.Empty(outcome.Problems);
    }

    // 3. event times

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1e400")]
    [InlineData("NaN")]
    [InlineData("2026-13-45T99:00:00Z")]
    public void An_event_time_that_is_not_a_date_is_an_error_naming_the_record_and_never_passes_a_window(string time)
    {
        string path = files.Write("time.json", Records(Event("time1"), Event("time2", time), Event("time3")));

        foreach (var window in new[] { TimeWindow.All, new TimeWindow(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), null),
                     new TimeWindow(null, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)) })
        {
            var outcome = Read(window, path);

            Assert.Equal(new[] { "time1", "time3" }, outcome.Ids);
            AssertOneProblem(outcome, CloudTrailFileReader.EventTimeInvalidId, path, time, "time2", "element 2");
        }
    }

    [Fact]
    public void A_record_without_any_time_is_left_out_of_a_window_with_a_verbose_line()
    {
        string timeless = "{\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"eventID\":\"none1\"}";
        string path = files.Write("timeless.jsonl", Event("n1") + "\n" + timeless + "\n");

        var open = Read(path);
        var bounded = Read(new TimeWindow(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), null), path);

        Assert.Equal(new[] { "n1", "none1" }, open.Ids);
        Assert.Equal(new[] { "n1" }, bounded.Ids);
        Assert.Empty(bounded.Problems);
        Assert.Contains(bounded.Verbose, m => m.StartsWith("Left out 1 record without eventTime", StringComparison.Ordinal));
    }

    // 4. nesting

    private static string Nested(int levels) =>
        ",\"requestParameters\":" + string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);

    [Fact]
    public void A_record_nested_deeper_than_the_limit_loses_only_itself()
    {
        string path = files.Write("deep.json", Records(Event("d1"), Event("d2", extra: Nested(200)),
            Event("d3", extra: Nested(CloudTrailFileReader.MaxDepth + 10)), Event("d4")));
        string lines = files.Write("deep.jsonl", Event("d5", extra: Nested(CloudTrailFileReader.MaxDepth + 10)) + "\n" + Event("d6") + "\n");

        var outcome = Read(path, lines);

        Assert.Equal(new[] { "d1", "d2", "d4", "d6" }, outcome.Ids);
        Assert.Equal(2, outcome.Problems.Count);
        Assert.All(outcome.Problems, p => Assert.Equal(CloudTrailFileReader.InvalidJsonId, p.ErrorId));
        Assert.Contains("element 3", outcome.Problems[0].Message);
        Assert.Contains(path, outcome.Problems[0].Message);
        Assert.Contains("line 1", outcome.Problems[1].Message);
        Assert.Contains(lines, outcome.Problems[1].Message);
    }

    // plain oddities

    [Theory]
    [InlineData("empty.json")]
    [InlineData("empty.json.gz")]
    public void An_empty_file_is_one_error(string name)
    {
        string path = files.Write(name, Array.Empty<byte>());

        var outcome = Read(path);

        Assert.Empty(outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.EmptyId, path);
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_read()
    {
        string bom = files.Write("bom.json", Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Utf8(Records(Event("b1"), Event("b2")))));
        string bomLines = files.Write("bom.jsonl", Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Utf8(Event("b3") + "\n" + Event("b4") + "\n")));
        string crlf = files.Write("crlf.jsonl", Event("b5") + "\r\n" + Event("b6") + "\r\n");
        string crlfRecords = files.Write("crlf.json", "{\r\n\"Records\": [\r\n" + Event("b7") + ",\r\n" + Event("b8") + "\r\n]\r\n}\r\n");

        var outcome = Read(bom, bomLines, crlf, crlfRecords);

        Assert.Equal(new[] { "b1", "b2", "b3", "b4", "b7", "b8", "b5", "b6" }, outcome.Ids); // files in ordinal order of their paths
        Assert.Empty(outcome.Problems);
    }

    [Fact]
    public void Records_that_is_not_an_array_is_one_error()
    {
        string path = files.Write("object.json", "{\"Records\":" + Event("o1") + "}");

        var outcome = Read(path);

        Assert.Empty(outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.WrongShapeId, path, "not CloudTrail");
    }

    [Fact]
    public void A_50_MB_string_inside_one_record_is_read()
    {
        const int size = 50 * 1024 * 1024;
        string path = files.Write("big.json", Records(Event("big1", extra: ",\"requestParameters\":{\"blob\":\"" + new string('x', size) + "\"}"), Event("big2")));

        var records = CloudTrailFileReader.Read(path, p => Assert.Fail(p.Message)).ToList();
        var outcome = Read(path);

        Assert.Equal(new[] { "big1", "big2" }, outcome.Ids);
        Assert.Empty(outcome.Problems);
        Assert.Equal(size, Assert.IsType<string>(records[0].GetField("requestParameters.blob")).Length);
    }

    [Fact]
    public void Duplicate_keys_and_numbers_out_of_range_are_read()
    {
        string path = files.Write("odd.json", Records(
            Event("k1", extra: ",\"awsRegion\":\"eu-west-1\",\"awsRegion\":\"us-west-2\""),
            Event("k2", extra: ",\"requestParameters\":{\"big\":1e400,\"long\":123456789012345678901234567890,\"tiny\":-1e-400}")));

        var records = CloudTrailFileReader.Read(path, p => Assert.Fail(p.Message)).ToList();
        var outcome = Read(path);

        Assert.Equal(new[] { "k1", "k2" }, outcome.Ids);
        Assert.Empty(outcome.Problems);
        Assert.Contains(records[0].GetField("awsRegion"), new object[] { "eu-west-1", "us-west-2" });
        Assert.Equal(1.2345678901234568E+29, records[1].GetField("requestParameters.long"));
    }

    // 5. files that are not regular files

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void A_fifo_socket_and_device_are_skipped_unopened_with_one_error_each()
    {
        string good = files.Write("logs/good.json", Records(Event("g1")));
        string folder = Path.GetDirectoryName(good)!;
        string fifo = Path.Combine(folder, "fifo.json");
        Run("mkfifo", fifo);
        string socketPath = Path.Combine(folder, "socket.json");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        string device = Path.Combine(folder, "device.json");
        File.CreateSymbolicLink(device, "/dev/zero");

        var outcome = Read(folder);

        Assert.Equal(new[] { "g1" }, outcome.Ids);
        Assert.Equal(new[] { device, fifo, socketPath }, outcome.Problems.Select(p => p.Target));
        Assert.All(outcome.Problems, p => Assert.Equal(CloudTrailFileReader.EmptyId, p.ErrorId));
        Assert.All(outcome.Problems, p => Assert.Contains(p.Target, p.Message));

        var direct = Read(fifo);
        Assert.Empty(direct.Ids);
        AssertOneProblem(direct, CloudTrailFileReader.EmptyId, fifo, "not a regular file");
    }

    [Fact]
    public void A_symlink_loop_is_one_error()
    {
        string good = files.Write("logs/good.json", Records(Event("l1")));
        string folder = Path.GetDirectoryName(good)!;
        string loop = Path.Combine(folder, "loop.json");
        File.CreateSymbolicLink(loop, loop);

        var outcome = Read(folder);

        Assert.Equal(new[] { "l1" }, outcome.Ids);
        AssertOneProblem(outcome, CloudTrailFileReader.UnreadableId, loop);
    }

    [Fact]
    public void A_link_back_to_a_parent_folder_is_not_followed()
    {
        string good = files.Write("logs/good.json", Records(Event("p1")));
        string folder = Path.GetDirectoryName(good)!;
        string link = Path.Combine(folder, "up");
        Directory.CreateSymbolicLink(link, folder);

        var outcome = Read(folder);

        Assert.Equal(new[] { "p1" }, outcome.Ids);
        Assert.Empty(outcome.Problems);
        Assert.Single(outcome.Verbose, m => m.Contains(link) && m.Contains("link to a folder"));
    }

    [Fact]
    public void A_folder_named_like_a_log_file_is_searched_as_a_folder()
    {
        string inner = files.Write("logs/folder.json/inner.json", Records(Event("f1")));
        string folder = Path.Combine(files.Folder, "logs");

        var outcome = Read(folder);
        var direct = Read(Path.GetDirectoryName(inner)!);

        Assert.Equal(new[] { "f1" }, outcome.Ids);
        Assert.Empty(outcome.Problems);
        Assert.Equal(new[] { "f1" }, direct.Ids);
    }

    [Fact]
    public void A_file_that_vanishes_between_listing_and_reading_is_one_error()
    {
        string gone = files.Write("logs/a.json", Records(Event("x1")));
        string kept = files.Write("logs/b.json", Records(Event("x2")));
        var observer = new DeletingObserver(gone);

        var ids = new FileSource(new[] { Path.GetDirectoryName(gone)! }, FileSourceOptions.Plain)
            .ReadRecords(TimeWindow.All, observer, CancellationToken.None).Select(r => r.EventId).ToList();

        Assert.Equal(new[] { "x2" }, ids);
        var problem = Assert.Single(observer.Problems);
        Assert.Equal(CloudTrailFileReader.UnreadableId, problem.ErrorId);
        Assert.Equal(gone, problem.Target);
        Assert.Contains(gone, problem.Message);
        Assert.True(File.Exists(kept));
    }

    /// <summary>Deletes a file when the source says how many files it listed, which it does before reading any.</summary>
    private sealed class DeletingObserver : IQueryObserver
    {
        private readonly string path;

        public DeletingObserver(string path) => this.path = path;

        public List<SourceProblem> Problems { get; } = new();

        public void Problem(SourceProblem problem) => Problems.Add(problem);

        public void Progress(QueryProgress progress) { }

        public void Verbose(string message)
        {
            if (message.StartsWith("Reading ", StringComparison.Ordinal)) File.Delete(path);
        }

        public void Warning(string message) { }
    }
}

public class Crc32Tests
{
    [Fact]
    public void Gives_the_standard_check_value_at_every_alignment()
    {
        // The CRC-32 check value of "123456789" (ISO 3309 / ITU-T V.42) is 0xCBF43926.
        byte[] text = Encoding.ASCII.GetBytes("..123456789");
        Assert.Equal(0xCBF43926u, Crc32.Append(0, text, 2, 9));
        Assert.Equal(0xCBF43926u, Crc32.Append(Crc32.Append(0, text, 2, 4), text, 6, 5));
        Assert.Equal(0u, Crc32.Append(0, text, 0, 0));
    }
}
