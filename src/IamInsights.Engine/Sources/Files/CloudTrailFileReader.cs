using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
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
    public const string TruncatedId = "CloudTrailFileTruncated";
    public const string EmptyId = "CloudTrailFileEmpty";
    public const string EventTimeInvalidId = "CloudTrailEventTimeInvalid";

    /// <summary>
    /// How deep a record may nest. AWS API shapes stay far below it (a DynamoDB item, 32 levels of maps, is about 70 JSON
    /// levels inside its event); the reader and JsonDocument are not recursive, so depth costs no stack. A deeper record
    /// is reported and skipped, and the rest of its file is still read.
    /// </summary>
    public const int MaxDepth = 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    public static IEnumerable<CloudTrailRecord> Read(string path, Action<SourceProblem> report) => Read(path, report, null);

    /// <summary>
    /// Reads a file; with a <paramref name="prefilter"/>, the records it rules out are skipped before JSON parsing
    /// (the first record of every file is parsed all the same, so a file that is not CloudTrail is still reported).
    /// Bytes after the last gzip member, which are ignored, are told to <paramref name="warn"/>. With
    /// <paramref name="wholeFileInflate"/> off, gzip data is always inflated member by member (see <see cref="GzipContent"/>).
    /// </summary>
    public static IEnumerable<CloudTrailRecord> Read(string path, Action<SourceProblem> report, RecordPrefilter? prefilter,
        Action<string>? warn = null, bool wholeFileInflate = true, RecordProjection? projection = null)
    {
        byte[]? bytes;
        int length;
        try
        {
            bytes = ReadFileBytes(path, out length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report(new SourceProblem(UnreadableId, ProblemKind.Unreadable, path,
                $"Cannot read the CloudTrail file '{path}': {e.Message}", e));
            yield break;
        }
        if (bytes == null)
        {
            report(new SourceProblem(EmptyId, ProblemKind.InvalidData, path,
                $"The file '{path}' was not read: it is empty, or not a regular file (a pipe, socket or device)."));
            yield break;
        }
        foreach (var record in Read(path, bytes, length, rented: true, report, prefilter, warn, wholeFileInflate, projection)) yield return record;
    }

    /// <summary>
    /// Reads the bytes of a file held in memory, such as an S3 object, as <see cref="Read(string, Action{SourceProblem}, RecordPrefilter?, Action{string}?)"/>
    /// reads a file; <paramref name="path"/> names it in errors and warnings.
    /// </summary>
    public static IEnumerable<CloudTrailRecord> Read(string path, byte[] bytes, Action<SourceProblem> report, RecordPrefilter? prefilter,
        Action<string>? warn = null, bool wholeFileInflate = true, RecordProjection? projection = null) =>
        Read(path, bytes, bytes.Length, rented: false, report, prefilter, warn, wholeFileInflate, projection);

    /// <summary>
    /// As <see cref="Read(string, byte[], Action{SourceProblem}, RecordPrefilter?, Action{string}?, bool, RecordProjection?)"/>,
    /// over bytes[0..<paramref name="length"/>) of an array rented from <see cref="ArrayPool{T}.Shared"/>, which the
    /// reader returns there once nothing refers to it. The records are to be enumerated once: the array is no longer
    /// the caller's.
    /// </summary>
    internal static IEnumerable<CloudTrailRecord> ReadRented(string path, byte[] bytes, int length, Action<SourceProblem> report,
        RecordPrefilter? prefilter, Action<string>? warn, RecordProjection? projection) =>
        Read(path, bytes, length, rented: true, report, prefilter, warn, wholeFileInflate: true, projection);

    /// <summary>
    /// Reads bytes[0..<paramref name="byteCount"/>); <paramref name="rented"/> says that the array came from
    /// <see cref="ArrayPool{T}.Shared"/> and goes back there once nothing refers to it.
    /// </summary>
    private static IEnumerable<CloudTrailRecord> Read(string path, byte[] bytes, int byteCount, bool rented, Action<SourceProblem> report,
        RecordPrefilter? prefilter, Action<string>? warn, bool wholeFileInflate, RecordProjection? projection)
    {
        string? damage = null;
        byte[] data = bytes;
        int length = byteCount;
        byte[]? release = rented ? bytes : null;
        if (GzipContent.HasMagic(bytes, 0) && byteCount > 1)
        {
            var gzip = GzipContent.Decompress(bytes, byteCount, wholeFileInflate);
            if (release != null) ArrayPool<byte>.Shared.Return(release);
            data = gzip.Data;
            length = gzip.Length;
            release = gzip.Rented ? gzip.Data : null;
            damage = gzip.Damage;
            if (gzip.TrailingBytes > 0)
            {
                warn?.Invoke($"The gzip file '{path}' has {gzip.TrailingBytes} byte{(gzip.TrailingBytes == 1 ? "" : "s")} after its compressed data; they were ignored.");
            }
        }

        var file = new FileState(path, data, length, prefilter, projection);
        if (damage != null)
        {
            file.Fail(TruncatedId, ProblemKind.InvalidData,
                $"The gzip file '{path}' is truncated or corrupt: {damage}.");
            file.Truncated = true;
        }
        try
        {
            foreach (var record in ReadRecords(file)) yield return record;
            if (file.Problem != null) report(file.Problem);
        }
        finally
        {
            // Once the file is read, the inflated buffer goes back to the pool, unless a record still reads from it.
            if (release != null && !file.RecordsKeepData) ArrayPool<byte>.Shared.Return(release);
        }
    }

    /// <summary>
    /// The bytes of a file, in an array rented from <see cref="ArrayPool{T}.Shared"/> (its first <paramref name="length"/>
    /// bytes), or null when it has nothing to read: it is empty, or it is not a regular file. A pipe,
    /// socket or device has a length of 0, so it is never opened (opening a pipe waits for a writer; a device may never end).
    /// </summary>
    private static byte[]? ReadFileBytes(string path, out int length)
    {
        length = 0;
        var target = Target(new FileInfo(path));
        if (!target.Exists) throw new FileNotFoundException($"Could not find the file '{path}'.", path);
        if (target is FileInfo { Length: 0 } && !target.Attributes.HasFlag(FileAttributes.ReparsePoint)) return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        // Up to the length the file had when opened: what is appended while it is read waits for the next run.
        int size = checked((int)stream.Length);
        if (size == 0) return null;
        var bytes = ArrayPool<byte>.Shared.Rent(size);
        int total = 0, read;
        try
        {
            while (total < size && (read = stream.Read(bytes, total, size - total)) > 0) total += read;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            throw;
        }
        if (total == 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            return null;
        }
        length = total;
        return bytes;
    }

    private static readonly MethodInfo? ResolveLinkTarget = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });

    /// <summary>
    /// What a symbolic link finally points to (a link loop throws an IOException); the file itself when it is not a link,
    /// or when the runtime cannot resolve links (.NET Framework, where a link is opened as it is).
    /// </summary>
    private static FileSystemInfo Target(FileInfo file)
    {
        if (!file.Exists || !file.Attributes.HasFlag(FileAttributes.ReparsePoint) || ResolveLinkTarget == null) return file;
        try
        {
            return ResolveLinkTarget.Invoke(file, new object[] { true }) as FileSystemInfo ?? file;
        }
        catch (TargetInvocationException e) when (e.InnerException is IOException or UnauthorizedAccessException)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private sealed class FileState
    {
        public FileState(string path, byte[] data, int length, RecordPrefilter? prefilter, RecordProjection? projection)
        {
            Path = path;
            Data = data;
            Length = length;
            search = prefilter?.Over(data, length);
            Projection = projection;
            RecordsKeepData = projection is { KeepsData: true };
            LogStream = System.IO.Path.GetFileName(path);
        }

        private readonly RecordPrefilter.BufferSearch? search;

        /// <summary>Whether records are searched for the prefilter's literals, which needs their ends before they are parsed.</summary>
        public bool Prefiltered => search != null;

        /// <summary>Reads the properties the query needs without a document; null when the query needs the documents.</summary>
        public RecordProjection? Projection { get; }

        /// <summary>Whether the record at this position is ruled out by the prefilter (never the file's first).</summary>
        public bool Skip(int index, int start, int end) => search != null && index > 0 && !search.MayMatch(start, end);

        public string Path { get; }

        public string LogStream { get; }

        /// <summary>The file's content, in Data[0..<see cref="Length"/>).</summary>
        public byte[] Data { get; }

        public int Length { get; }

        /// <summary>Whether a record read from the file refers to <see cref="Data"/>, so that it must outlive the read.</summary>
        public bool RecordsKeepData { get; set; }

        /// <summary>The gzip data ended early or was damaged: the data ends wherever the damage stopped it.</summary>
        public bool Truncated { get; set; }

        /// <summary>Where the last array read whole ends (just after its ']'); -1 when it did not end.</summary>
        public int ArrayEnd { get; set; } = -1;

        private SourceProblem? first;
        private int more;

        /// <summary>The file's one problem: the first fault found, with a count of any others.</summary>
        public SourceProblem? Problem => first == null || more == 0
            ? first
            : new SourceProblem(first.ErrorId, first.Kind, Path,
                first.Message + $" ({more} more bad record{(more == 1 ? "" : "s")} in this file)", first.Exception);

        public void Fail(string errorId, ProblemKind kind, string message, Exception? exception = null) =>
            Fail(errorId, kind, () => message, exception);

        /// <summary>Records a fault; the message is only made for the first, so many bad records cost no more than one.</summary>
        public void Fail(string errorId, ProblemKind kind, Func<string> message, Exception? exception = null)
        {
            if (first == null) first = new SourceProblem(errorId, kind, Path, message(), exception);
            else more++;
        }

        /// <summary>A fault where the data ends: a consequence of the damage already reported when the gzip data was cut.</summary>
        public void FailAtEnd(string message, Exception? exception = null) => FailAtEnd(() => message, exception);

        public void FailAtEnd(Func<string> message, Exception? exception = null)
        {
            if (!Truncated) Fail(InvalidJsonId, ProblemKind.InvalidData, message, exception);
        }

        public int LineOf(long offset)
        {
            int line = 1;
            for (long i = 0; i < offset && i < Length; i++) if (Data[i] == (byte)'\n') line++;
            return line;
        }
    }

    private static IEnumerable<CloudTrailRecord> ReadRecords(FileState file)
    {
        var data = file.Data;
        int start = SkipWhitespace(data, file.Length, StartAfterBom(data, file.Length));
        if (start >= file.Length)
        {
            if (!file.Truncated) file.Fail(EmptyId, ProblemKind.InvalidData, $"The file '{file.Path}' is empty: it holds no CloudTrail records.");
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
        int arrayStart = ContainerArray(file.Data, file.Length, start);
        if (arrayStart >= 0)
        {
            // Several documents one after the other, as `cat a.json.gz b.json.gz` makes: each is read in turn.
            while (true)
            {
                file.ArrayEnd = -1;
                foreach (var r in ReadArray(file, arrayStart)) yield return r;
                if (file.ArrayEnd < 0) yield break;
                int documentEnd = ObjectEnd(file.Data, file.Length, file.ArrayEnd);
                int next = documentEnd < 0 ? file.ArrayEnd : SkipWhitespace(file.Data, file.Length, documentEnd);
                if (documentEnd >= 0 && next >= file.Length) yield break;
                arrayStart = documentEnd >= 0 && file.Data[next] == (byte)'{' ? ContainerArray(file.Data, file.Length, next) : -1;
                if (arrayStart < 0)
                {
                    if (!file.Truncated)
                    {
                        file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                            $"The file '{file.Path}' is not valid JSON: after the records that end at line {file.LineOf(file.ArrayEnd)}, line {file.LineOf(Math.Min(next, file.Length - 1))} holds something that is not another {{\"Records\":[...]}} document.");
                    }
                    yield break;
                }
            }
        }

        int end;
        try
        {
            end = JsonScanner.ValueEnd(file.Data, start, file.Length);
        }
        catch (JsonException e)
        {
            file.FailAtEnd(InvalidJsonMessage(file, start, e), e);
            yield break;
        }

        if (SkipWhitespace(file.Data, file.Length, end) < file.Length)
        {
            foreach (var r in ReadLines(file)) yield return r;
            yield break;
        }

        var single = ParseRecord(file, start, end, () => "the object");
        if (single != null) yield return single;
    }

    /// <summary>
    /// Where the object whose container array ends at <paramref name="afterArray"/> ends (just after its '}'), reading
    /// any properties that follow the array; -1 when what follows is not the rest of an object.
    /// </summary>
    private static int ObjectEnd(byte[] data, int length, int afterArray)
    {
        int position = SkipWhitespace(data, length, afterArray);
        try
        {
            while (position < length && data[position] == (byte)',')
            {
                position = SkipWhitespace(data, length, position + 1);
                if (position >= length || data[position] != (byte)'"') return -1;
                position = SkipWhitespace(data, length, JsonScanner.ValueEnd(data, position, length));
                if (position >= length || data[position] != (byte)':') return -1;
                int value = SkipWhitespace(data, length, position + 1);
                if (value >= length) return -1;
                position = SkipWhitespace(data, length, JsonScanner.ValueEnd(data, value, length));
            }
        }
        catch (JsonException)
        {
            return -1;
        }
        return position < length && data[position] == (byte)'}' ? position + 1 : -1;
    }

    /// <summary>Besides eventName, an event has at least one of these.</summary>
    private static readonly string[] EventMarkers = { "eventSource", "eventTime", "userIdentity", "@timestamp", "p_event_time" };

    /// <summary>If the object at <paramref name="start"/> has a "Records" or "Events" property holding an array, where the array starts.</summary>
    private static int ContainerArray(byte[] data, int length, int start)
    {
        try
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(data, start, length - start), isFinalBlock: true, new JsonReaderState(ReaderOptions));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool container = reader.ValueTextEquals("Records") || reader.ValueTextEquals("Events");
                if (!reader.Read()) return -1;
                if (container && reader.TokenType == JsonTokenType.StartArray) return start + (int)reader.TokenStartIndex;
                reader.Skip();
            }
            return -1;
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    /// <summary>Reads the elements of the array at <paramref name="arrayStart"/> one by one; a bad element is reported and skipped.</summary>
    private static IEnumerable<CloudTrailRecord> ReadArray(FileState file, int arrayStart)
    {
        var data = file.Data;
        int length = file.Length;
        int position = arrayStart + 1;
        int index = 0;
        while (true)
        {
            position = SkipWhitespace(data, length, position);
            if (position >= length)
            {
                file.FailAtEnd($"The file '{file.Path}' is not valid JSON: it ends before the array that starts at line {file.LineOf(arrayStart)} is closed (truncated?).");
                yield break;
            }
            if (data[position] == (byte)']')
            {
                file.ArrayEnd = position + 1;
                yield break;
            }
            if (index > 0)
            {
                if (data[position] != (byte)',')
                {
                    file.Fail(InvalidJsonId, ProblemKind.InvalidData,
                        $"The file '{file.Path}' is not valid JSON: expected ',' or ']' at line {file.LineOf(position)}, found '{(char)data[position]}'.");
                    yield break;
                }
                position = SkipWhitespace(data, length, position + 1);
            }

            // Without a prefilter, the projection's one pass finds where the record ends; a record it hands back is
            // delimited and parsed as a document below.
            if (file.Projection != null && !file.Prefiltered
                && file.Projection.Read(data, position, length, out int projectedEnd) is { } projected)
            {
                yield return new CloudTrailRecord(projected, file.Path, file.LogStream, position);
                index++;
                position = projectedEnd;
                continue;
            }

            int end;
            try
            {
                end = JsonScanner.ValueEnd(data, position, length);
            }
            catch (JsonException e)
            {
                file.FailAtEnd(InvalidJsonMessage(file, position, e), e);
                yield break;
            }

            if (!file.Skip(index, position, end))
            {
                int number = index + 1, at = position;
                var record = ParseRecord(file, position, end, () => $"element {number} (line {file.LineOf(at)})",
                    projected: file.Projection != null && !file.Prefiltered);
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
        int length = file.Length;
        int position = StartAfterBom(data, length);
        int line = 0;
        while (position < length)
        {
            line++;
            int newline = Array.IndexOf(data, (byte)'\n', position, length - position);
            int end = newline < 0 ? length : newline;
            int first = SkipWhitespace(data, length, position);
            if (first < end && file.Skip(line - 1, position, end))
            {
                // Not parsed, but still checked for balance, so that a cut or broken line is reported.
                if (!IsBalanced(data, first, end))
                {
                    string message = $"The file '{file.Path}' has a line that is not valid JSON: line {line}: it is cut short or unbalanced.";
                    if (newline < 0) file.FailAtEnd(message);
                    else file.Fail(InvalidJsonId, ProblemKind.InvalidData, message);
                }
            }
            else if (first < end)
            {
                int lineNumber = line;
                var record = ParseRecord(file, position, end, () => $"line {lineNumber}", lastLine: newline < 0);
                if (record != null) yield return record;
            }
            position = end + 1;
        }
    }

    /// <summary>
    /// Parses one record from data[start..end): a record that is not valid UTF-8, not valid JSON (or nested deeper
    /// than <see cref="MaxDepth"/>), not an event, or without a readable time is reported and skipped.
    /// <paramref name="where"/> names the record in a message; it is only worked out when one is needed. With
    /// <paramref name="projected"/>, the projection already handed the record back, so it is parsed as a document at once.
    /// </summary>
    private static CloudTrailRecord? ParseRecord(FileState file, int start, int end, Func<string> where, bool lastLine = false, bool projected = false)
    {
        if (!projected && file.Projection?.Read(file.Data, start, end, out int projectedEnd) is { } read && IsBlank(file.Data, projectedEnd, end))
        {
            return new CloudTrailRecord(read, file.Path, file.LogStream, start);
        }
        if (!RecordText.IsUtf8(file.Data, start, end))
        {
            file.Fail(InvalidJsonId, ProblemKind.InvalidData, () => $"The file '{file.Path}' has a record that is not valid UTF-8 at {where()}; it was skipped.");
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(new ReadOnlyMemory<byte>(file.Data, start, end - start), DocumentOptions);
            file.RecordsKeepData = true;
        }
        catch (JsonException e)
        {
            string Message() => $"The file '{file.Path}' has a record that is not valid JSON at {where()}: {e.Message}";
            if (lastLine) file.FailAtEnd(Message, e);
            else file.Fail(InvalidJsonId, ProblemKind.InvalidData, Message, e);
            return null;
        }
        if (!RecordText.HasReadableEscapes(file.Data, start, end, document.RootElement))
        {
            file.Fail(InvalidJsonId, ProblemKind.InvalidData, () =>
                $"The file '{file.Path}' has a record with a \\u escape that is half a surrogate pair at {where()}; it was skipped.");
            return null;
        }
        return ToRecord(file, document.RootElement, start, where);
    }

    /// <summary>Unwraps LookupEvents and EventBridge envelopes and checks that the element is a CloudTrail event.</summary>
    private static CloudTrailRecord? ToRecord(FileState file, JsonElement element, long position, Func<string> where)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("CloudTrailEvent", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                try
                {
                    element = JsonDocument.Parse(inner.GetString()!, DocumentOptions).RootElement;
                }
                catch (JsonException e)
                {
                    file.Fail(InvalidJsonId, ProblemKind.InvalidData, () =>
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
            file.Fail(WrongShapeId, ProblemKind.WrongShape, () =>
                $"The file '{file.Path}' is not CloudTrail: {where()} is not an event (it needs eventName, and eventSource, eventTime or userIdentity).");
            return null;
        }
        var record = new CloudTrailRecord(element, file.Path, file.LogStream, position);
        if (record.EventTime == null && record.EventTimeText != null)
        {
            file.Fail(EventTimeInvalidId, ProblemKind.InvalidData, () =>
                $"The file '{file.Path}' has an event whose time '{record.EventTimeText}' is not a date, at {where()}"
                + (record.EventId is { } id ? $" (eventID {id})" : "") + "; it was skipped, as it cannot be placed in a time window.");
            return null;
        }
        return record;
    }

    private static string InvalidJsonMessage(FileState file, int valueStart, JsonException e)
    {
        long line = file.LineOf(valueStart) + (e.LineNumber ?? 0);
        return $"The file '{file.Path}' is not valid JSON (truncated or corrupt) near line {line.ToString(CultureInfo.InvariantCulture)}: {e.Message}";
    }

    /// <summary>Whether one JSON value fills data[start..end) with balanced brackets and closed strings.</summary>
    private static bool IsBalanced(byte[] data, int start, int end)
    {
        try
        {
            return SkipWhitespace(data, end, JsonScanner.ValueEnd(data, start, end)) >= end;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsBlank(byte[] data, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (data[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }

    private static int StartAfterBom(byte[] data, int length) =>
        length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;

    private static int SkipWhitespace(byte[] data, int length, int position)
    {
        while (position < length && data[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') position++;
        return position;
    }
}
