using System.Linq;
using System.Text;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

public class ReaderTests
{
    private static readonly string A = Events.Make("CreateUser", request: "{\"userName\":\"a\"}");
    private static readonly string B = Events.Make("DeleteUser", request: "{\"userName\":\"b\"}");

    [Fact]
    public void Reads_a_records_container()
    {
        using var files = new TestFiles();
        var (records, problems) = TestFiles.ReadFile(files.Write("x.json", Events.Records(A, B)));
        Assert.Empty(problems);
        Assert.Equal(new[] { "CreateUser", "DeleteUser" }, records.Select(r => r.GetField("eventName")));
    }

    [Fact]
    public void Reads_a_json_array_a_single_event_and_json_lines()
    {
        using var files = new TestFiles();
        Assert.Equal(2, TestFiles.ReadFile(files.Write("array.json", "[" + A + ",\n" + B + "]")).Records.Count);
        Assert.Single(TestFiles.ReadFile(files.Write("single.json", "\uFEFF" + A)).Records);
        var lines = TestFiles.ReadFile(files.Write("lines.jsonl", A + "\n\n" + B + "\r\n"));
        Assert.Empty(lines.Problems);
        Assert.Equal(2, lines.Records.Count);
    }

    [Fact]
    public void Detects_gzip_by_magic_bytes_whatever_the_extension()
    {
        using var files = new TestFiles();
        var (records, problems) = TestFiles.ReadFile(files.WriteGzip("no-extension", Events.Records(A, B)));
        Assert.Empty(problems);
        Assert.Equal(2, records.Count);
        Assert.Single(TestFiles.ReadFile(files.WriteGzip("lines.txt", A + "\n")).Records);
    }

    [Fact]
    public void Unwraps_lookup_events_output_and_eventbridge_envelopes()
    {
        using var files = new TestFiles();
        string escaped = System.Text.Json.JsonSerializer.Serialize(A);
        var lookup = TestFiles.ReadFile(files.Write("lookup.json", "{\"Events\":[{\"EventId\":\"1\",\"CloudTrailEvent\":" + escaped + "}]}"));
        Assert.Equal("CreateUser", Assert.Single(lookup.Records).GetField("eventName"));
        var bridge = TestFiles.ReadFile(files.Write("bridge.json", "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":" + B + "}"));
        Assert.Equal("DeleteUser", Assert.Single(bridge.Records).GetField("eventName"));
    }

    [Fact]
    public void A_bad_json_line_is_one_problem_naming_the_line_and_the_good_lines_still_come_out()
    {
        using var files = new TestFiles();
        string path = files.Write("lines.jsonl", A + "\n{not json\n" + B + "\n{\"also\": bad\n");
        var (records, problems) = TestFiles.ReadFile(path);
        Assert.Equal(2, records.Count);
        var problem = Assert.Single(problems);
        Assert.Equal(CloudTrailFileReader.InvalidJsonId, problem.ErrorId);
        Assert.Equal(path, problem.Target);
        Assert.Contains("line 2", problem.Message);
        Assert.Contains(path, problem.Message);
        Assert.Contains("1 more bad record", problem.Message);
    }

    [Fact]
    public void A_truncated_gzip_is_one_problem()
    {
        using var files = new TestFiles();
        byte[] whole = TestFiles.Gzip(Encoding.UTF8.GetBytes(Events.Records(A, B, A, B)));
        string path = files.Write("cut.json.gz", whole.Take(whole.Length / 2).ToArray());
        var (_, problems) = TestFiles.ReadFile(path);
        var problem = Assert.Single(problems);
        Assert.Equal(CloudTrailFileReader.TruncatedId, problem.ErrorId);
        Assert.Contains(path, problem.Message);
    }

    [Fact]
    public void A_truncated_records_file_keeps_the_records_before_the_cut()
    {
        using var files = new TestFiles();
        string text = Events.Records(A, B);
        var (records, problems) = TestFiles.ReadFile(files.Write("cut.json", text.Substring(0, text.Length - 40)));
        Assert.Single(records);
        Assert.Equal(CloudTrailFileReader.InvalidJsonId, Assert.Single(problems).ErrorId);
    }

    [Theory]
    [InlineData("hello world", CloudTrailFileReader.InvalidJsonId, "not JSON")]
    [InlineData("", CloudTrailFileReader.EmptyId, "empty")]
    [InlineData("{\"foo\": 1}", CloudTrailFileReader.WrongShapeId, "not CloudTrail")]
    [InlineData("[1, 2]", CloudTrailFileReader.WrongShapeId, "not CloudTrail")]
    [InlineData("{\"Records\": [{\"eventName\": \"X\"}]}", CloudTrailFileReader.WrongShapeId, "element 1")]
    public void A_file_that_is_not_cloudtrail_is_one_problem(string content, string errorId, string fragment)
    {
        using var files = new TestFiles();
        string path = files.Write("bad.json", content);
        var (records, problems) = TestFiles.ReadFile(path);
        Assert.Empty(records);
        var problem = Assert.Single(problems);
        Assert.Equal(errorId, problem.ErrorId);
        Assert.Contains(fragment, problem.Message);
        Assert.Contains(path, problem.Message);
    }

    [Fact]
    public void An_unreadable_path_is_one_problem()
    {
        using var files = new TestFiles();
        var (_, problems) = TestFiles.ReadFile(System.IO.Path.Combine(files.Folder, "missing.json"));
        Assert.Equal(CloudTrailFileReader.UnreadableId, Assert.Single(problems).ErrorId);
    }
}

public class MessyRecordTests
{
    [Fact]
    public void A_logstash_record_without_event_time_takes_its_timestamp()
    {
        using var files = new TestFiles();
        string line = "{\"@timestamp\":\"2020-09-14T00:44:23.000Z\",\"@version\":\"1\",\"eventName\":\"AssumeRole\",\"eventSource\":\"sts.amazonaws.com\"}";
        var record = Assert.Single(TestFiles.ReadFile(files.Write("ls.json", line + "\n" + line)).Records.Take(1));
        Assert.Equal(new System.DateTime(2020, 9, 14, 0, 44, 23, System.DateTimeKind.Utc), record.EventTime);
        Assert.Equal("2020-09-14T00:44:23Z", record.GetField("eventTime"));
    }

    [Theory]
    [InlineData("2022-09-15 13:45:24")]
    [InlineData("2022-09-15 13:45:24.123456789")]
    [InlineData("2022-09-15T13:45:24Z")]
    public void Event_times_in_every_seen_format_parse_as_utc(string text)
    {
        using var files = new TestFiles();
        var record = Assert.Single(TestFiles.ReadFile(files.Write("t.json", Events.Make("CreateUser", time: text))).Records);
        Assert.Equal(new System.DateTime(2022, 9, 15, 13, 45, 24, System.DateTimeKind.Utc), record.EventTime!.Value.AddTicks(-(record.EventTime.Value.Ticks % System.TimeSpan.TicksPerSecond)));
    }
}
