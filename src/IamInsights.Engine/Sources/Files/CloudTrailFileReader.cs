using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace IamInsights.Sources.Files;

/// <summary>
/// Reads the CloudTrail events of one file, plain or gzipped (detected by its magic bytes), in any of the containers
/// CloudTrail data comes in: {"Records":[...]}, a JSON array, a single event, JSON lines, LookupEvents output
/// ({"Events":[{"CloudTrailEvent":"..."}]}) and EventBridge envelopes ({"detail-type":..., "detail":{...}}).
/// A bad file is reported once through <c>report</c>; the records read before the fault still come out.
/// </summary>
public static class CloudTrailFileReader
{
    public const string UnreadableId = "CloudTrailFileUnreadable";
    public const string InvalidJsonId = "CloudTrailFileInvalidJson";
    public const string WrongShapeId = "CloudTrailFileNotCloudTrail";

    public static IEnumerable<CloudTrailRecord> Read(string path, Action<SourceProblem> report) => Read(path, report, null);

    /// <summary>
    /// Reads a file; with a <paramref name="prefilter"/>, the records it rules out are skipped before JSON parsing
    /// (the first record of every file is parsed all the same, so a file that is not CloudTrail is still reported).
    /// </summary>
    public static IEnumerable<CloudTrailRecord> Read(string path, Action<SourceProblem> report, RecordPrefilter? prefilter)
    {
        byte[] data;
        try
        {
            data = ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            report(new SourceProblem(UnreadableId, ProblemKind.Unreadable, path,
                $"Cannot read the CloudTrail file '{path}': {e.Message}", e));
            yield break;
        }

        var file = new FileState(path, data, prefilter);
        foreach (var record in ReadRecords(file)) yield return record;
        if (file.Problem != null) report(file.Problem);
    }

    /// <summary>The whole content of a file, decompressed when it starts with the gzip magic bytes.</summary>
    internal static byte[] ReadAllBytes(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
        int b0 = stream.ReadByte(), b1 = stream.ReadByte();
        stream.Position = 0;
        using var output = new MemoryStream();
        if (b0 == 0x1f && b1 == 0x8b)
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        else
        {
            stream.CopyTo(output);
        }
        return output.ToArray();
    }

    private sealed class FileState
    {
        public FileState(string path, byte[] data, RecordPrefilter? prefilter)
        {
            Path = path;
            Data = data;
            Prefilter = prefilter;
            LogStream = System.IO.Path.GetFileName(path);
        }

        public RecordPrefilter? Prefilter { get; }

        /// <summary>Whether the record at this position is ruled out by the prefilter (never the file's first).</summary>
        public bool Skip(int index, int start, int end) =>
            Prefilter != null && index > 0 && !Prefilter.MayMatch(new ReadOnlySpan<byte>(Data, start, end - start));

        public string Path { get; }

        public string LogStream { get; }

        public byte[] Data { get; }

        private SourceProblem? first;
        private int more;

        /// <summary>The file's one problem: the first fault found, with a count of any others.</summary>
        public SourceProblem? Problem => first == null || more == 0
            ? first
            : new SourceProblem(first.ErrorId, first.Kind, Path,
                first.Message + $" ({more} more bad record{(more == 1 ? "" : "s")} in this file)", first.Exception);

        public void Fail(string errorId, ProblemKind kind, string message, Exception? exception = null)
        {
            if (first == null) first = new SourceProblem(errorId, kind, Path, message, exception);
            else more++;
        }

        public int LineOf(long offset)
        {
            int line = 1;
            for (long i = 0; i < offset && i < Data.Length; i++) if (Data[i] == (byte)'\n') line++;
            return line;
        }
    }

    private static IEnumerable<CloudTrailRecord> ReadRecords(FileState file)
    {
        var data = file.Data;
        int start = SkipWhitespace(data, StartAfterBom(data));
        if (start >= data.Length)
        {
            file.Fail(InvalidJsonId, ProblemKind.InvalidData, $"The file '{file.Path}' is empty: it holds no CloudTrail records.");
            return Array.Empty<CloudTrailRecord>();
        }
        if (data[start] == (byte)'[') return ReadArray(file, start);
        if (data[start] != (byte)'{')
        {
            file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                $"The file '{file.Path}' is not JSON: it starts with '{(char)data[start]}' at line {file.LineOf(start)}.");
            return Array.Empty<CloudTrailRecord>();
        }
        return ReadObjectFile(file, start);
    }

    private static IEnumerable<CloudTrailRecord> ReadObjectFile(FileState file, int start)
    {
        // The common case first: {"Records":[ ... ]}, without scanning the whole file twice.
        int arrayStart = FirstPropertyArray(file.Data, start);
        if (arrayStart >= 0)
        {
            foreach (var r in ReadArray(file, arrayStart)) yield return r;
            yield break;
        }

        int end;
        try
        {
            end = ValueEnd(file.Data, start);
        }
        catch (JsonException e)
        {
            file.Fail(InvalidJsonId, ProblemKind.InvalidData, InvalidJsonMessage(file, start, e), e);
            yield break;
        }

        if (SkipWhitespace(file.Data, end) < file.Data.Length)
        {
            foreach (var r in ReadLines(file)) yield return r;
            yield break;
        }

        using var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(file.Data, start, end - start));
        var root = document.RootElement;
        foreach (var name in ContainerNames)
        {
            if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (var element in list.EnumerateArray())
                {
                    int number = ++index;
                    var record = ToRecord(file, element.Clone(), number, () => $"element {number} of {name}");
                    if (record != null) yield return record;
                }
                yield break;
            }
        }
        var single = ToRecord(file, root.Clone(), start, () => "the object");
        if (single != null) yield return single;
    }

    private static readonly string[] ContainerNames = { "Records", "Events" };

    /// <summary>Besides eventName, an event has at least one of these.</summary>
    private static readonly string[] EventMarkers = { "eventSource", "eventTime", "userIdentity", "@timestamp", "p_event_time" };

    /// <summary>If the object at <paramref name="start"/> opens with "Records" or "Events" holding an array, where the array starts.</summary>
    private static int FirstPropertyArray(byte[] data, int start)
    {
        try
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(data, start, data.Length - start), isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return -1;
            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return -1;
            if (!reader.ValueTextEquals("Records") && !reader.ValueTextEquals("Events")) return -1;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return -1;
            return start + (int)reader.TokenStartIndex;
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    /// <summary>Reads the elements of the array at <paramref name="arrayStart"/> one by one.</summary>
    private static IEnumerable<CloudTrailRecord> ReadArray(FileState file, int arrayStart)
    {
        var data = file.Data;
        int position = arrayStart + 1;
        int index = 0;
        while (true)
        {
            position = SkipWhitespace(data, position);
            if (position >= data.Length)
            {
                file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                    $"The file '{file.Path}' is not valid JSON: it ends before the array that starts at line {file.LineOf(arrayStart)} is closed (truncated?).");
                yield break;
            }
            if (data[position] == (byte)']') yield break;
            if (index > 0)
            {
                if (data[position] != (byte)',')
                {
                    file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                        $"The file '{file.Path}' is not valid JSON: expected ',' or ']' at line {file.LineOf(position)}, found '{(char)data[position]}'.");
                    yield break;
                }
                position = SkipWhitespace(data, position + 1);
            }

            int end;
            JsonDocument? document = null;
            try
            {
                end = file.Prefilter != null ? JsonScanner.ValueEnd(data, position) : ValueEnd(data, position);
                if (!file.Skip(index, position, end)) document = JsonDocument.Parse(new ReadOnlyMemory<byte>(data, position, end - position));
            }
            catch (JsonException e)
            {
                file.Fail(InvalidJsonId, ProblemKind.InvalidData, InvalidJsonMessage(file, position, e), e);
                yield break;
            }

            if (document != null)
            {
                int number = index + 1, at = position;
                var record = ToRecord(file, document.RootElement, position, () => $"element {number} (line {file.LineOf(at)})");
                if (record != null) yield return record;
            }
            index++;
            position = end;
        }
    }

    /// <summary>JSON lines: every non-blank line is one event. A bad line is counted; the good ones still come out.</summary>
    private static IEnumerable<CloudTrailRecord> ReadLines(FileState file)
    {
        var data = file.Data;
        int position = StartAfterBom(data);
        int line = 0;
        while (position < data.Length)
        {
            line++;
            int newline = Array.IndexOf(data, (byte)'\n', position);
            int end = newline < 0 ? data.Length : newline;
            int first = SkipWhitespace(data, position);
            if (first < end && file.Skip(line - 1, position, end))
            {
                // Not parsed, but still checked for balance, so that a cut or broken line is reported.
                if (!IsBalanced(data, first, end))
                {
                    file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                        $"The file '{file.Path}' has a line that is not valid JSON: line {line}: it is cut short or unbalanced.");
                }
            }
            else if (first < end)
            {
                JsonDocument? document = null;
                try
                {
                    document = JsonDocument.Parse(new ReadOnlyMemory<byte>(data, position, end - position));
                }
                catch (JsonException e)
                {
                    file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                        $"The file '{file.Path}' has a line that is not valid JSON: line {line}: {e.Message}", e);
                }
                if (document != null)
                {
                    int lineNumber = line;
                    var record = ToRecord(file, document.RootElement, position, () => $"line {lineNumber}");
                    if (record != null) yield return record;
                }
            }
            position = end + 1;
        }
    }

    /// <summary>Unwraps LookupEvents and EventBridge envelopes and checks that the element is a CloudTrail event.</summary>
    /// <summary><paramref name="where"/> names the element in a message; it is only worked out when one is needed.</summary>
    private static CloudTrailRecord? ToRecord(FileState file, JsonElement element, long position, Func<string> where)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("CloudTrailEvent", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                try
                {
                    element = JsonDocument.Parse(inner.GetString()!).RootElement;
                }
                catch (JsonException e)
                {
                    file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                        $"The file '{file.Path}' has a CloudTrailEvent string that is not valid JSON at {where()}: {e.Message}", e);
                    return null;
                }
            }
            else if (element.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object
                     && element.TryGetProperty("detail-type", out _))
            {
                element = detail;
            }
            else if (!element.TryGetProperty("eventName", out _) && element.TryGetProperty("log", out var log)
                     && log.ValueKind == JsonValueKind.Object && log.TryGetProperty("eventName", out _))
            {
                // Panther's rule tests wrap each event as {"log": {...}}.
                element = log;
            }
        }

        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("eventName", out var name) || name.ValueKind != JsonValueKind.String
            || !EventMarkers.Any(marker => element.TryGetProperty(marker, out _)))
        {
            file.Fail(WrongShapeId, ProblemKind.WrongShape,
                $"The file '{file.Path}' is not CloudTrail: {where()} is not an event (it needs eventName, and eventSource, eventTime or userIdentity).");
            return null;
        }
        return new CloudTrailRecord(element, file.Path, file.LogStream, position);
    }

    private static string InvalidJsonMessage(FileState file, int valueStart, JsonException e)
    {
        long line = file.LineOf(valueStart) + (e.LineNumber ?? 0);
        return $"The file '{file.Path}' is not valid JSON (truncated or corrupt) near line {line.ToString(CultureInfo.InvariantCulture)}: {e.Message}";
    }

    /// <summary>The offset just past the JSON value that starts at <paramref name="start"/>.</summary>
    private static int ValueEnd(byte[] data, int start)
    {
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(data, start, data.Length - start), isFinalBlock: true, state: default);
        if (!reader.Read()) throw new JsonException("Expected a JSON value.", null, 0, 0);
        reader.Skip();
        return start + (int)reader.BytesConsumed;
    }

    /// <summary>Whether one JSON value fills data[start..end) with balanced brackets and closed strings.</summary>
    private static bool IsBalanced(byte[] data, int start, int end)
    {
        try
        {
            return SkipWhitespace(data, JsonScanner.ValueEnd(data, start, end)) >= end;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int StartAfterBom(byte[] data) =>
        data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;

    private static int SkipWhitespace(byte[] data, int position)
    {
        while (position < data.Length && data[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') position++;
        return position;
    }
}
