using System;
using System.Globalization;
using System.Text.Json;
using IamInsights.Query;
using IamInsights.Sources.Files;

namespace IamInsights.Sources;

/// <summary>One CloudTrail event read by a local source, with the system fields Logs Insights gives it.</summary>
public sealed class CloudTrailRecord : ILogRecord
{
    private readonly string log;
    private readonly string logStream;
    private readonly long position;
    private readonly ProjectedEvent? projected;
    private JsonElement? element;

    /// <summary>EventTime as an object, made once: sorting and binning ask for @timestamp often.</summary>
    private object? boxedTime;

    public CloudTrailRecord(JsonElement eventJson, string log, string logStream, long position)
    {
        element = eventJson;
        this.log = log;
        this.logStream = logStream;
        this.position = position;
        EventTimeText = Text(eventJson, "eventTime") ?? Text(eventJson, "@timestamp") ?? Text(eventJson, "p_event_time")
                        ?? (eventJson.TryGetProperty("eventTime", out var time) && time.ValueKind != JsonValueKind.Null ? time.GetRawText() : null);
        EventTime = Dates.Parse(EventTimeText);
    }

    /// <summary>An event of which a projection read only the properties a query needs; the rest is parsed when asked for.</summary>
    internal CloudTrailRecord(ProjectedEvent projected, string log, string logStream, long position)
    {
        this.projected = projected;
        this.log = log;
        this.logStream = logStream;
        this.position = position;
        EventTimeText = projected.EventTimeText;
        EventTime = projected.EventTime;
    }

    /// <summary>
    /// The event object. A record read by a projection is parsed whole only when this is asked for, and only while its
    /// file's bytes are kept (a query that reads @message); otherwise this throws InvalidOperationException, as the
    /// query run never asks for it.
    /// </summary>
    public JsonElement Event => element ??= projected!.Parse();

    /// <summary>
    /// eventTime in UTC; for records shipped through Logstash, which drops eventTime, their @timestamp; for records
    /// exported from Panther without it, their p_event_time.
    /// Null when neither is a time.
    /// </summary>
    public DateTime? EventTime { get; }

    /// <summary>The text <see cref="EventTime"/> was read from; null when the event has no time. When it is set and EventTime is null, the time does not parse.</summary>
    public string? EventTimeText { get; }

    /// <summary>The eventID, or null.</summary>
    public string? EventId => projected != null ? projected.EventId :
        Event.TryGetProperty("eventID", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    public object? GetField(string name)
    {
        switch (name)
        {
            case "@timestamp": return boxedTime ??= EventTime;
            case "@message": return projected != null ? projected.RawText : Event.GetRawText();
            case "@log": return log;
            case "@logStream": return logStream;
            case "@ptr": return Pointer();
            case "eventTime" when EventTime != null && !(projected?.HasEventTime ?? Event.TryGetProperty("eventTime", out _)):
                return EventTime.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        }
        if (projected != null && projected.TryGetField(name, out var value)) return value;
        return Lookup(Event, name, 0);
    }

    /// <summary>A stable id of the record: a hash of its file's path and its position in the file.</summary>
    private string Pointer()
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in log)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture) + "-" + position.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Walks a dotted path; a key that itself holds dots is matched too.</summary>
    internal static object? Lookup(JsonElement element, string path, int start)
    {
        while (true)
        {
            if (start >= path.Length) return ToValue(element);
            int dot = path.IndexOf('.', start);
            string segment = dot < 0 ? path.Substring(start) : path.Substring(start, dot - start);
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty(segment, out var child))
                {
                    if (dot < 0) return ToValue(child);
                    var found = Lookup(child, path, dot + 1);
                    if (found != null) return found;
                }
                // Keys such as "aws:SourceIp.x" are rare; try the rest of the path as one key before giving up.
                if (dot >= 0 && element.TryGetProperty(path.Substring(start), out var whole)) return ToValue(whole);
                return null;
            }
            if (element.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && index < element.GetArrayLength())
            {
                element = element[index];
                if (dot < 0) return ToValue(element);
                start = dot + 1;
                continue;
            }
            return null;
        }
    }

    private static object? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
