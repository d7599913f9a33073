using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace IamInsights.Checkpoints;

/// <summary>
/// What a checkpoint file holds: the query it belongs to, the checkpoint itself (the end of the time window the last
/// complete run read), and the ids of the results already reported whose time is at or after seenSince (the
/// checkpoint less the overlap of the run that wrote it). Small, human-readable JSON with a version field; no credentials.
/// </summary>
public sealed class CheckpointState
{
    public const int CurrentVersion = 1;

    public CheckpointState(string query, DateTime? readUntilUtc, DateTime? seenSinceUtc, IReadOnlyDictionary<string, DateTime> seen)
    {
        Query = query;
        ReadUntilUtc = readUntilUtc;
        SeenSinceUtc = seenSinceUtc;
        Seen = seen;
    }

    /// <summary>Which query the checkpoint belongs to: the cmdlet, or a hash of an ad-hoc query's text.</summary>
    public string Query { get; }

    /// <summary>The checkpoint: the end of the window the last complete run read; null until a run completes without errors.</summary>
    public DateTime? ReadUntilUtc { get; }

    /// <summary>From when on <see cref="Seen"/> is complete; null when it holds every result ever reported.</summary>
    public DateTime? SeenSinceUtc { get; }

    /// <summary>The ids of the results already reported whose time is at or after <see cref="SeenSinceUtc"/>, with that time.</summary>
    public IReadOnlyDictionary<string, DateTime> Seen { get; }

    public static CheckpointState Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(CheckpointException.InvalidId, path, $"Cannot read the checkpoint '{path}': {e.Message}", e);
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw Invalid(path, "it has no version field");
            }
            if (version.GetInt32() > CurrentVersion)
            {
                throw new CheckpointException(CheckpointException.InvalidId, path,
                    $"The checkpoint '{path}' was written by a newer IamInsights (checkpoint version {version.GetInt32()}; this module reads version {CurrentVersion}). Update the module, or point -Checkpoint at a new file.");
            }
            if (version.GetInt32() < 1) throw Invalid(path, $"its version {version.GetInt32()} is not valid");
            string query = root.GetProperty("query").GetString() ?? throw Invalid(path, "it has no query");
            var readUntil = OptionalTime(root, "readUntil", path);
            var seenSince = OptionalTime(root, "seenSince", path);
            var seen = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            foreach (var item in root.GetProperty("seen").EnumerateArray())
            {
                string id = item.GetProperty("id").GetString() ?? throw Invalid(path, "a seen entry has no id");
                seen[id] = ParseTime(item.GetProperty("time").GetString(), path, "a seen entry's time");
            }
            return new CheckpointState(query, readUntil, seenSince, seen);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Invalid(path, e.Message, e);
        }
    }

    /// <summary>Writes the state to a temporary file beside <paramref name="path"/>, then moves it over the old one.</summary>
    public void Write(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("version", CurrentVersion);
                    writer.WriteString("query", Query);
                    WriteOptionalTime(writer, "readUntil", ReadUntilUtc);
                    WriteOptionalTime(writer, "seenSince", SeenSinceUtc);
                    writer.WriteString("written", Format(DateTime.UtcNow));
                    writer.WriteStartArray("seen");
                    foreach (var pair in Seen.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", pair.Key);
                        writer.WriteString("time", Format(pair.Value));
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                stream.Flush(flushToDisk: true);
            }
            if (File.Exists(full)) File.Replace(temporary, full, null);
            else File.Move(temporary, full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new CheckpointException(CheckpointException.UnwritableId, path, $"Cannot write the checkpoint '{path}': {e.Message}", e);
        }
    }

    private static DateTime? OptionalTime(JsonElement root, string name, string path)
    {
        var element = root.GetProperty(name);
        return element.ValueKind == JsonValueKind.Null ? null : ParseTime(element.GetString(), path, name);
    }

    private static void WriteOptionalTime(Utf8JsonWriter writer, string name, DateTime? time)
    {
        if (time is { } t) writer.WriteString(name, Format(t));
        else writer.WriteNull(name);
    }

    private static string Format(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTime ParseTime(string? text, string path, string what) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw Invalid(path, $"{what} '{text}' is not a time");

    private static CheckpointException Invalid(string path, string reason, Exception? inner = null) =>
        new(CheckpointException.InvalidId, path,
            $"The checkpoint '{path}' is not a valid IamInsights checkpoint ({reason}). It was left as it is; fix it, or delete it to start again from -Since.", inner);
}
