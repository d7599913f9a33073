using System;
using System.Text.Json;

namespace IamInsights.Sources.Files;

/// <summary>
/// Finds where a JSON value ends by following only strings and brackets, much faster than a full tokenizer. It does
/// not validate the value; a value it keeps is parsed (and so validated) afterwards.
/// </summary>
internal static class JsonScanner
{
    private static readonly byte[] Structure = { (byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']' };

    /// <summary>The offset just past the value that starts at <paramref name="start"/>; JsonException when the data ends first.</summary>
    public static int ValueEnd(byte[] data, int start) => ValueEnd(data, start, data.Length);

    /// <summary>As <see cref="ValueEnd(byte[], int)"/>, looking no further than <paramref name="limit"/>.</summary>
    public static int ValueEnd(byte[] data, int start, int limit)
    {
        var span = new ReadOnlySpan<byte>(data, 0, limit);
        byte first = data[start];
        if (first == (byte)'"') return StringEnd(span, start);
        if (first != (byte)'{' && first != (byte)'[')
        {
            int i = start;
            while (i < limit && data[i] is not ((byte)',' or (byte)']' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) i++;
            return i;
        }
        int depth = 0;
        int position = start;
        while (true)
        {
            int next = span.Slice(position).IndexOfAny(Structure);
            if (next < 0) throw Truncated(position);
            position += next;
            switch (data[position])
            {
                case (byte)'"':
                    position = StringEnd(span, position);
                    break;
                case (byte)'{':
                case (byte)'[':
                    depth++;
                    position++;
                    break;
                default:
                    depth--;
                    position++;
                    if (depth == 0) return position;
                    break;
            }
        }
    }

    /// <summary>The offset just past the closing quote of the string that starts at <paramref name="start"/>.</summary>
    private static int StringEnd(ReadOnlySpan<byte> data, int start)
    {
        int position = start + 1;
        while (true)
        {
            int next = data.Slice(position).IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0) throw Truncated(position);
            position += next;
            if (data[position] == (byte)'"') return position + 1;
            position += 2;
            if (position > data.Length) throw Truncated(position);
        }
    }

    private static JsonException Truncated(long position) =>
        new($"The data ends inside a JSON value (at byte {position}).", null, null, position);
}
