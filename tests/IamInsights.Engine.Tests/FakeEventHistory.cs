using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Tests;

/// <summary>
/// CloudTrail Event History for the fake server, behaving as LookupEvents does: events per Region, newest first,
/// at most one lookup attribute, MaxResults 1 to 50, a NextToken honoured only with the parameters that gave it,
/// nothing older than 90 days, and at most <see cref="RequestsPerSecond"/> requests in any second per Region
/// (ThrottlingException above it). Its time is <see cref="Now"/>, which a test may drive.
/// </summary>
public sealed class FakeEventHistory
{
    private static readonly string[] AttributeKeys = { "EventName", "EventSource", "ReadOnly", "Username", "ResourceType", "ResourceName", "AccessKeyId", "EventId" };

    private readonly Dictionary<string, List<StoredEvent>> regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTime>> accepted = new(StringComparer.Ordinal);
    private readonly object gate = new();

    public Func<DateTime> Now { get; set; } = () => DateTime.UtcNow;

    public int RequestsPerSecond { get; set; } = 2;

    /// <summary>Faults for the next accepted requests, in order: an error code to answer with, or "Drop" to cut the answer off halfway.</summary>
    public Queue<string> Faults { get; } = new();

    /// <summary>Every request that was answered with a page, in order.</summary>
    public List<(string Region, string? Key, string? Value, bool WithToken)> Calls { get; } = new();

    public int Throttled { get; private set; }

    /// <summary>Stores CloudTrail records (JSON objects) in the Region of their awsRegion, or in the one given.</summary>
    public void Add(IEnumerable<string> records, string? region = null)
    {
        lock (gate)
        {
            foreach (var json in records)
            {
                var stored = new StoredEvent(json);
                string where = region ?? stored.Region;
                if (!regions.TryGetValue(where, out var list)) regions[where] = list = new List<StoredEvent>();
                list.Add(stored);
            }
        }
    }

    /// <summary>How many events a series would return over the whole window: for the planner's minimum of calls.</summary>
    public int Count(string region, string? key, string? value, DateTime start, DateTime end)
    {
        lock (gate)
        {
            return Matching(region, key, value, Seconds(start), Seconds(end)).Count();
        }
    }

    /// <summary>Answers one LookupEvents body: the JSON answer and whether to cut the connection halfway through it.</summary>
    public (string Answer, bool Drop) LookupEvents(string region, string body)
    {
        using var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        var root = document.RootElement;
        lock (gate)
        {
            var now = Now();
            if (!accepted.TryGetValue(region, out var times)) accepted[region] = times = new List<DateTime>();
            times.RemoveAll(t => t <= now.AddSeconds(-1));
            if (times.Count >= RequestsPerSecond)
            {
                Throttled++;
                throw new AwsServiceException("ThrottlingException", "Rate exceeded", 400);
            }
            times.Add(now);
            if (Faults.Count > 0 && Faults.Peek() != "Drop")
            {
                string code = Faults.Dequeue();
                throw new AwsServiceException(code, code + " injected by the fake.", code == "ThrottlingException" ? 400 : 503);
            }
            bool drop = Faults.Count > 0 && Faults.Dequeue() == "Drop";

            string? key = null, value = null;
            if (root.TryGetProperty("LookupAttributes", out var attributes))
            {
                if (attributes.GetArrayLength() > 1) throw new AwsServiceException("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.", 400);
                if (attributes.GetArrayLength() == 1)
                {
                    key = attributes[0].GetProperty("AttributeKey").GetString();
                    value = attributes[0].GetProperty("AttributeValue").GetString();
                    if (!AttributeKeys.Contains(key)) throw new AwsServiceException("InvalidLookupAttributesException", $"Unknown attribute key '{key}'.", 400);
                }
            }
            int max = root.TryGetProperty("MaxResults", out var m) ? m.GetInt32() : 50;
            if (max < 1 || max > 50) throw new AwsServiceException("InvalidMaxResultsException", "MaxResults must be from 1 to 50.", 400);
            double start = root.TryGetProperty("StartTime", out var s) ? s.GetDouble() : Seconds(now.AddDays(-90));
            double end = root.TryGetProperty("EndTime", out var e) ? e.GetDouble() : Seconds(now);
            if (start > end) throw new AwsServiceException("InvalidTimeRangeException", "StartTime is after EndTime.", 400);
            string parameters = string.Join("|", key, value, start.ToString("R", CultureInfo.InvariantCulture), end.ToString("R", CultureInfo.InvariantCulture), max);
            int offset = 0;
            bool withToken = root.TryGetProperty("NextToken", out var t) && t.GetString() is { Length: > 0 };
            if (withToken)
            {
                string[] token = Encoding.UTF8.GetString(Convert.FromBase64String(t.GetString()!)).Split(' ');
                if (token.Length != 2 || token[1] != Hash(parameters)) throw new AwsServiceException("InvalidNextTokenException", "Invalid NextToken.", 400);
                offset = int.Parse(token[0], CultureInfo.InvariantCulture);
            }
            double oldest = Seconds(now.AddDays(-90));
            var all = Matching(region, key, value, Math.Max(start, oldest), end).ToList();
            var page = all.Skip(offset).Take(max).ToList();
            Calls.Add((region, key, value, withToken));
            string? next = offset + max < all.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + max).ToString(CultureInfo.InvariantCulture) + " " + Hash(parameters))) : null;
            var answer = new Dictionary<string, object?>
            {
                ["Events"] = page.Select(p => new Dictionary<string, object?>
                {
                    ["EventId"] = p.EventId, ["EventName"] = p.EventName, ["ReadOnly"] = p.ReadOnly, ["EventTime"] = p.Seconds,
                    ["EventSource"] = p.EventSource, ["Username"] = p.Username, ["Resources"] = Array.Empty<object>(), ["CloudTrailEvent"] = p.Json,
                }).ToList(),
            };
            if (next != null) answer["NextToken"] = next;
            return (JsonSerializer.Serialize(answer), drop);
        }
    }

    private IEnumerable<StoredEvent> Matching(string region, string? key, string? value, double start, double end) =>
        (regions.TryGetValue(region, out var list) ? list : new List<StoredEvent>())
        .Where(e => e.Seconds >= start && e.Seconds <= end && (key == null || e.Attribute(key) == value))
        .OrderByDescending(e => e.Seconds).ThenByDescending(e => e.EventId, StringComparer.Ordinal);

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).Substring(0, 16);

    private static double Seconds(DateTime utc) => Math.Floor((utc - DateTime.UnixEpoch).TotalSeconds);

    private sealed class StoredEvent
    {
        public StoredEvent(string json)
        {
            Json = json;
            using var document = JsonDocument.Parse(json);
            var e = document.RootElement;
            string? Text(JsonElement element, string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            EventId = Text(e, "eventID") ?? "";
            EventName = Text(e, "eventName") ?? "";
            EventSource = Text(e, "eventSource") ?? "";
            Region = Text(e, "awsRegion") ?? "us-east-1";
            ReadOnly = e.TryGetProperty("readOnly", out var r) && r.ValueKind == JsonValueKind.True ? "true" : "false";
            Seconds = FakeEventHistory.Seconds(DateTime.Parse(Text(e, "eventTime")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
            var identity = e.TryGetProperty("userIdentity", out var u) ? u : default;
            string? arn = Text(identity, "arn");
            Username = Text(identity, "type") == "Root" ? "root" : Text(identity, "userName") ?? arn?.Substring(arn.LastIndexOfAny(new[] { '/', ':' }) + 1);
            AccessKeyId = Text(identity, "accessKeyId");
        }

        public string Json { get; }

        public string EventId { get; }

        public string EventName { get; }

        public string EventSource { get; }

        public string Region { get; }

        public string ReadOnly { get; }

        public double Seconds { get; }

        public string? Username { get; }

        public string? AccessKeyId { get; }

        public string? Attribute(string key) => key switch
        {
            "EventName" => EventName,
            "EventSource" => EventSource,
            "ReadOnly" => ReadOnly,
            "Username" => Username,
            "AccessKeyId" => AccessKeyId,
            "EventId" => EventId,
            _ => null,
        };
    }
}
