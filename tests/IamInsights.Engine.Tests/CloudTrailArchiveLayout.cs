using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// An organization trail's S3 layout written to a folder from the sample's events (read with jq, not the engine): two
/// accounts and two Regions over four days, each event moved to a day, account and Region of its own (IAM and sign-in
/// events, which are global, to us-east-1). Beside the logs are CloudTrail-Digest and CloudTrail-Insight files and a
/// non-log object, and an account trail in the same bucket and prefix delivers the global events of the first account
/// again, with the same eventIDs: on odd days the same day, on even days the next day just after midnight. Each
/// organization trail object is delivered within the hour of its events.
/// </summary>
public sealed class CloudTrailArchiveLayout
{
    public const string Prefix = "org-trail";
    public const string Org = "o-abcd123456";
    public static readonly string[] Accounts = { "111111111111", "222222222222" };
    public static readonly string[] Regions = { "us-east-1", "eu-west-1" };
    public static readonly DateTime FirstDay = new(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc);
    public const int Days = 4;

    /// <summary>A log object written: its key, its delivery time, and the eventIDs it holds.</summary>
    public sealed record LogObject(string Key, DateTime Delivered, IReadOnlyList<string> EventIds);

    /// <summary>An event as placed: the sample's eventID, its new time, account and Region, and its raw JSON.</summary>
    public sealed record PlacedEvent(string EventId, DateTime Time, string Account, string Region, string EventSource, string EventName);

    public CloudTrailArchiveLayout(string folder)
    {
        Folder = folder;
        var records = SampleRecords();
        var placed = new List<(PlacedEvent Event, string Json)>();
        int globals = 0, regionals = 0;
        for (int i = 0; i < records.Count; i++)
        {
            var record = records[i];
            string source = record["eventSource"]!.GetValue<string>();
            bool global = source is "iam.amazonaws.com" or "signin.amazonaws.com";
            var time = FirstDay.AddDays(i % Days).AddHours(1 + i % 20).AddMinutes(i % 50);
            // Global events to us-east-1 of each account in turn; the others in turn to each account and Region.
            int turn = global ? globals++ : regionals++;
            string account = Accounts[turn % 2];
            string region = global ? "us-east-1" : Regions[turn / 2 % 2];
            record["eventTime"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            record["recipientAccountId"] = account;
            record["awsRegion"] = region;
            var e = new PlacedEvent(record["eventID"]!.GetValue<string>(), time, account, region, source, record["eventName"]!.GetValue<string>());
            placed.Add((e, record.ToJsonString()));
        }
        Placed = placed.Select(p => p.Event).ToList();

        // The organization trail: one object per account, Region and hour that has events, delivered at minute 55 of the hour.
        foreach (var group in placed.GroupBy(p => (p.Event.Account, p.Event.Region, Hour: p.Event.Time.Date.AddHours(p.Event.Time.Hour))))
        {
            var delivered = group.Key.Hour.AddMinutes(55);
            string folderKey = $"{Prefix}/AWSLogs/{Org}/{group.Key.Account}/CloudTrail/{group.Key.Region}/{delivered:yyyy/MM/dd}/";
            Write(folderKey, group.Key.Account, group.Key.Region, delivered, group.ToList());
        }

        // The account trail of the first account, in the same bucket and prefix: its global events again, one object a
        // day, delivered at 23:58 on odd days and at 00:10 the next day on even days.
        foreach (var group in placed.Where(p => p.Event.Account == Accounts[0] && IsGlobal(p.Event)).GroupBy(p => p.Event.Time.Date))
        {
            bool nextDay = (group.Key - FirstDay).Days % 2 == 0;
            var delivered = nextDay ? group.Key.AddDays(1).AddMinutes(10) : group.Key.AddHours(23).AddMinutes(58);
            string folderKey = $"{Prefix}/AWSLogs/{Accounts[0]}/CloudTrail/us-east-1/{delivered:yyyy/MM/dd}/";
            Write(folderKey, Accounts[0], "us-east-1", delivered, group.ToList());
        }

        // Not logs: digests, an Insights file that looks like an event, and a stray object in a day folder.
        foreach (var account in Accounts)
        {
            string day = FirstDay.ToString("yyyy/MM/dd");
            WriteFile($"{Prefix}/AWSLogs/{Org}/{account}/CloudTrail-Digest/us-east-1/{day}/{account}_CloudTrail-Digest_us-east-1_trail_us-east-1_{FirstDay:yyyyMMdd}T2300Z.json.gz",
                Gzip("{\"awsAccountId\":\"" + account + "\",\"digestStartTime\":\"2026-11-10T22:00:00Z\",\"logFiles\":[]}"));
            WriteFile($"{Prefix}/AWSLogs/{Org}/{account}/CloudTrail-Insight/us-east-1/{day}/{account}_CloudTrail-Insight_us-east-1_{FirstDay:yyyyMMdd}T2300Z_insight.json.gz",
                Gzip(IamInsights.Tests.Events.Records(IamInsights.Tests.Events.Make("CreateUser", "2026-11-10T08:00:00Z", request: "{\"userName\":\"insight-trap\"}"))));
        }
        WriteFile($"{Prefix}/AWSLogs/{Org}/{Accounts[0]}/CloudTrail/us-east-1/{FirstDay:yyyy/MM/dd}/README.txt", Encoding.UTF8.GetBytes("not a log"));
    }

    public string Folder { get; }

    /// <summary>Each event once, as placed.</summary>
    public IReadOnlyList<PlacedEvent> Placed { get; }

    /// <summary>The log objects, organization trail and account trail.</summary>
    public List<LogObject> LogObjects { get; } = new();

    /// <summary>The local paths of the log objects only.</summary>
    public IEnumerable<string> LogFiles => LogObjects.Select(o => Path.Combine(Folder, o.Key));

    public static bool IsGlobal(PlacedEvent e) => e.EventSource is "iam.amazonaws.com" or "signin.amazonaws.com";

    private void Write(string folderKey, string account, string region, DateTime delivered, IReadOnlyList<(PlacedEvent Event, string Json)> events)
    {
        string key = $"{folderKey}{account}_CloudTrail_{region}_{delivered:yyyyMMdd'T'HHmm'Z'}_{Guid.NewGuid().ToString("N").Substring(0, 16)}.json.gz";
        WriteFile(key, Gzip("{\"Records\":[" + string.Join(",", events.Select(e => e.Json)) + "]}"));
        LogObjects.Add(new LogObject(key, delivered, events.Select(e => e.Event.EventId).ToList()));
    }

    private void WriteFile(string key, byte[] content)
    {
        string path = Path.Combine(Folder, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    /// <summary>The sample's records, each as a JSON object, read with jq.</summary>
    private static List<JsonObject> SampleRecords()
    {
        var files = Directory.GetFiles(JqExpectations.SampleFolder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("zcat -f \"$@\" | jq -c '.Records[]'");
        start.ArgumentList.Add("sample-records");
        foreach (var file in files) start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (JsonObject)JsonNode.Parse(line)!).ToList();
    }
}
