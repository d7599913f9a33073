using System;
using System.Text;
using System.Text.Json;

namespace IamInsights.Sources.Files;

/// <summary>
/// An event read by a <see cref="RecordProjection"/>: the properties the query reads, and where the event's bytes are,
/// from which the whole document is parsed only if something else is asked of it.
/// </summary>
internal sealed class ProjectedEvent
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = CloudTrailFileReader.MaxDepth };

    private readonly RecordProjection projection;
    private readonly byte[]? data;
    private readonly int start;
    private readonly int end;
    private readonly Capture[] captures;

    public ProjectedEvent(RecordProjection projection, byte[]? data, int start, int end, Capture[] captures, string? eventTimeText, DateTime? eventTime)
    {
        this.projection = projection;
        this.data = data;
        this.start = start;
        this.end = end;
        this.captures = captures;
        EventTimeText = eventTimeText;
        EventTime = eventTime;
    }

    /// <summary>One top-level property: its token type (None when absent), its value if the query reads it, and where its value's bytes are.</summary>
    public readonly struct Capture
    {
        public Capture(JsonTokenType type, object? value, int start, int length)
        {
            Type = type;
            Value = value;
            Start = start;
            Length = length;
        }

        public JsonTokenType Type { get; }

        /// <summary>A string, a double, "true" or "false", the raw text of an object or array, a <see cref="Nested"/>, or null.</summary>
        public object? Value { get; }

        public int Start { get; }

        public int Length { get; }
    }

    /// <summary>An object or array the query reads paths inside: its element, and its raw text if it is also read whole.</summary>
    public sealed class Nested
    {
        public Nested(string? text, JsonElement element)
        {
            Text = text;
            Element = element;
        }

        public string? Text { get; }

        public JsonElement Element { get; }
    }

    public string? EventTimeText { get; }

    public DateTime? EventTime { get; }

    public string? EventId => projection.EventIdOf(captures);

    public bool HasEventTime => projection.HasEventTime(captures);

    /// <summary>The event's JSON text, as JsonElement.GetRawText() gives it.</summary>
    public string RawText => Encoding.UTF8.GetString(Data, start, end - start);

    /// <summary>The whole event, parsed now.</summary>
    public JsonElement Parse() => JsonDocument.Parse(new ReadOnlyMemory<byte>(Data, start, end - start), DocumentOptions).RootElement;

    /// <summary>The file's bytes, kept only when the projection says that the query needs the whole event.</summary>
    private byte[] Data => data ?? throw new InvalidOperationException(
        "The event's JSON was not kept: the query reads only the properties its projection captured.");

    /// <summary>The value of a field the projection captured; false when it is not one of them.</summary>
    public bool TryGetField(string name, out object? value) => projection.TryGetField(captures, name, out value);
}
