using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using IamInsights.Query;

namespace IamInsights.Sources.Files;

/// <summary>
/// The top-level properties of an event that a query reads, taken from each record in one pass of a JSON reader
/// instead of parsing the record into a document. The pass still reads every byte, so a record that is not valid JSON
/// is caught; any record that is not a plain event with a readable time (an envelope, a bad string, a missing time) is
/// handed back to the reader's document path, which treats it as before.
/// </summary>
public sealed class RecordProjection
{
    /// <summary>What <see cref="CloudTrailRecord"/> and the check that a record is an event read from every record.</summary>
    private static readonly string[] EventKeys = { "eventName", "eventTime", "@timestamp", "p_event_time", "eventID", "eventSource", "userIdentity" };

    /// <summary>Keys of the envelopes the document path unwraps (LookupEvents output, EventBridge).</summary>
    private static readonly string[] EnvelopeKeys = { "CloudTrailEvent", "detail-type" };

    /// <summary>The fields that <see cref="CloudTrailRecord"/> answers itself.</summary>
    private static readonly HashSet<string> SystemFields = new(StringComparer.Ordinal) { "@timestamp", "@message", "@log", "@logStream", "@ptr" };

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = CloudTrailFileReader.MaxDepth };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = CloudTrailFileReader.MaxDepth };

    private readonly byte[][] keys;
    private readonly KeyUse[] uses;
    private readonly int[][] keysByLength;
    private readonly Dictionary<string, FieldPath> paths = new(StringComparer.Ordinal);
    private readonly int eventName, eventTime, timestamp, pantherTime, eventId;
    private readonly int[] markers;
    private readonly int[] envelopes;

    [Flags]
    private enum KeyUse
    {
        Presence = 0,
        Value = 1,
        Document = 2,
    }

    /// <summary>How a field name is looked up: its first segment, and for a dotted name the whole name as one key.</summary>
    private readonly struct FieldPath
    {
        public FieldPath(int first, int whole, int rest)
        {
            First = first;
            Whole = whole;
            Rest = rest;
        }

        public int First { get; }

        /// <summary>The key index of the whole dotted name, or -1 for a name without a dot.</summary>
        public int Whole { get; }

        /// <summary>Where the rest of the path starts in the name.</summary>
        public int Rest { get; }
    }

    private RecordProjection(IEnumerable<string> fields)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var useList = new List<KeyUse>();
        int Key(string name, KeyUse use)
        {
            if (!index.TryGetValue(name, out int k))
            {
                k = index.Count;
                index.Add(name, k);
                useList.Add(use);
            }
            else
            {
                useList[k] |= use;
            }
            return k;
        }

        eventName = Key("eventName", KeyUse.Value);
        eventTime = Key("eventTime", KeyUse.Value);
        timestamp = Key("@timestamp", KeyUse.Value);
        pantherTime = Key("p_event_time", KeyUse.Value);
        eventId = Key("eventID", KeyUse.Value);
        markers = new[] { "eventSource", "eventTime", "userIdentity", "@timestamp", "p_event_time" }.Select(m => Key(m, KeyUse.Presence)).ToArray();
        envelopes = EnvelopeKeys.Select(e => Key(e, KeyUse.Presence)).ToArray();
        foreach (string field in fields)
        {
            // A name ending in a dot reads its first segment whatever it holds: the document answers it, as it answers @message.
            if (field == "@message" || field.Length == 0 || field.EndsWith(".", StringComparison.Ordinal))
            {
                KeepsData = true;
                continue;
            }
            if (SystemFields.Contains(field)) continue;
            int dot = field.IndexOf('.');
            paths[field] = dot < 0
                ? new FieldPath(Key(field, KeyUse.Value), -1, field.Length)
                : new FieldPath(Key(field.Substring(0, dot), KeyUse.Document), Key(field, KeyUse.Value), dot + 1);
        }
        keys = index.OrderBy(p => p.Value).Select(p => Encoding.UTF8.GetBytes(p.Key)).ToArray();
        uses = useList.ToArray();
        int longest = keys.Max(k => k.Length);
        keysByLength = new int[longest + 1][];
        for (int length = 0; length <= longest; length++)
        {
            keysByLength[length] = Enumerable.Range(0, keys.Length).Where(k => keys[k].Length == length).ToArray();
        }
    }

    /// <summary>The projection of a query, or null when the query has a command that does not run locally.</summary>
    public static RecordProjection? For(CompiledQuery query)
    {
        var fields = FieldsRead.Of(query.Ast, query.Columns);
        return fields == null ? null : new RecordProjection(fields);
    }

    /// <summary>
    /// Whether the query asks for something only the whole event answers (@message, or a name the captured properties
    /// cannot), so that each event keeps a reference to its file's bytes. When false, an event holds only its captured
    /// values, and the file's buffer can be reused as soon as the file is read.
    /// </summary>
    public bool KeepsData { get; }

    /// <summary>What -Verbose says of the projection.</summary>
    public string Description =>
        "Each record is read for " + string.Join(", ", paths.Keys.OrderBy(k => k, StringComparer.Ordinal))
        + (paths.Count == 0 ? "its time" : " and its time")
        + (KeepsData ? ", and kept whole for @message" : "; the rest of it is checked but not parsed") + ".";

    /// <summary>The field names answered from the captured properties, for tests.</summary>
    internal IReadOnlyCollection<string> Fields => paths.Keys;

    /// <summary>
    /// Reads the JSON object that starts at <paramref name="start"/>, looking no further than <paramref name="limit"/>,
    /// and returns its event with <paramref name="end"/> just past it; or null when the record must take the document
    /// path: it is not valid JSON or UTF-8, it is an envelope or not an event, a string does not read as text, or its
    /// time does not parse.
    /// </summary>
    internal ProjectedEvent? Read(byte[] data, int start, int limit, out int end)
    {
        end = -1;
        var captures = new ProjectedEvent.Capture[keys.Length];
        int valueStart, valueEnd;
        try
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(data, start, limit - start), isFinalBlock: true, new JsonReaderState(ReaderOptions));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            valueStart = start + (int)reader.TokenStartIndex;
            while (true)
            {
                if (!reader.Read()) return null;
                if (reader.TokenType == JsonTokenType.EndObject) break;
                int key = Find(ref reader);
                if (!reader.Read()) return null;
                var type = reader.TokenType;
                if (key < 0)
                {
                    if (type is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                    continue;
                }
                int tokenStart = start + (int)reader.TokenStartIndex;
                var use = uses[key];
                object? value = null;
                int length;
                switch (type)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        reader.Skip();
                        length = start + (int)reader.BytesConsumed - tokenStart;
                        if ((use & KeyUse.Value) != 0) value = Encoding.UTF8.GetString(data, tokenStart, length);
                        if ((use & KeyUse.Document) != 0)
                        {
                            // A copy of the bytes, so that the element does not hold on to the file's buffer.
                            var copy = new byte[length];
                            Buffer.BlockCopy(data, tokenStart, copy, 0, length);
                            value = new ProjectedEvent.Nested(value as string, JsonDocument.Parse(copy, DocumentOptions).RootElement);
                        }
                        break;
                    case JsonTokenType.String:
                        length = reader.ValueSpan.Length + 2;
                        if ((use & KeyUse.Value) != 0) value = reader.GetString();
                        break;
                    case JsonTokenType.Number:
                        length = reader.ValueSpan.Length;
                        if ((use & KeyUse.Value) != 0) value = reader.GetDouble();
                        break;
                    case JsonTokenType.True:
                        length = 4;
                        value = "true";
                        break;
                    case JsonTokenType.False:
                        length = 5;
                        value = "false";
                        break;
                    default:
                        length = 4;
                        break;
                }
                captures[key] = new ProjectedEvent.Capture(type, value, tokenStart, length);
            }
            valueEnd = start + (int)reader.BytesConsumed;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }

        if (!RecordText.IsUtf8(data, valueStart, valueEnd) || RecordText.HasSurrogateEscape(new ReadOnlySpan<byte>(data, valueStart, valueEnd - valueStart))) return null;
        if (captures[eventName].Type != JsonTokenType.String) return null;
        if (!AnyPresent(captures, markers) || AnyPresent(captures, envelopes)) return null;
        string? timeText = Text(captures[eventTime]) ?? Text(captures[timestamp]) ?? Text(captures[pantherTime])
                           ?? (captures[eventTime].Type is not (JsonTokenType.None or JsonTokenType.Null)
                               ? Encoding.UTF8.GetString(data, captures[eventTime].Start, captures[eventTime].Length)
                               : null);
        var time = Dates.Parse(timeText);
        if (time == null && timeText != null) return null;
        end = valueEnd;
        return new ProjectedEvent(this, KeepsData ? data : null, valueStart, valueEnd, captures, timeText, time);
    }

    private static bool AnyPresent(ProjectedEvent.Capture[] captures, int[] keyIndexes)
    {
        foreach (int k in keyIndexes)
        {
            if (captures[k].Type != JsonTokenType.None) return true;
        }
        return false;
    }

    private static string? Text(in ProjectedEvent.Capture capture) => capture.Type == JsonTokenType.String ? (string?)capture.Value : null;

    /// <summary>The index of the key the reader is on, or -1 when the query does not read it.</summary>
    private int Find(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var name = reader.ValueSpan;
            if (name.Length >= keysByLength.Length) return -1;
            foreach (int k in keysByLength[name.Length])
            {
                if (name.SequenceEqual(keys[k])) return k;
            }
            return -1;
        }
        for (int k = 0; k < keys.Length; k++)
        {
            if (reader.ValueTextEquals(keys[k])) return k;
        }
        return -1;
    }

    /// <summary>The eventID, or null.</summary>
    internal string? EventIdOf(ProjectedEvent.Capture[] captures) => Text(captures[eventId]);

    /// <summary>Whether the event has an eventTime property.</summary>
    internal bool HasEventTime(ProjectedEvent.Capture[] captures) => captures[eventTime].Type != JsonTokenType.None;

    /// <summary>
    /// The value of a field the projection captured, looked up as <see cref="CloudTrailRecord"/> looks it up in a
    /// document; false when the projection does not know the field.
    /// </summary>
    internal bool TryGetField(ProjectedEvent.Capture[] captures, string name, out object? value)
    {
        if (!paths.TryGetValue(name, out var path))
        {
            value = null;
            return false;
        }
        var first = captures[path.First];
        if (path.Whole < 0)
        {
            value = ValueOf(first);
            return true;
        }
        value = first.Value is ProjectedEvent.Nested nested ? CloudTrailRecord.Lookup(nested.Element, name, path.Rest) : null;
        if (value == null && captures[path.Whole].Type != JsonTokenType.None) value = ValueOf(captures[path.Whole]);
        return true;
    }

    private static object? ValueOf(in ProjectedEvent.Capture capture) =>
        capture.Value is ProjectedEvent.Nested nested ? nested.Text : capture.Value;
}
