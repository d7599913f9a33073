using System;
using System.Text;
using System.Text.Json;

namespace IamInsights.Sources.Files;

/// <summary>
/// Checks that every string of a record can be read as text: the bytes are UTF-8, and no \u escape leaves half a
/// surrogate pair. JsonDocument accepts both faults, and reading such a string later throws.
/// </summary>
internal static class RecordText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether data[start..end) is valid UTF-8.</summary>
    public static bool IsUtf8(byte[] data, int start, int end)
    {
        try
        {
            StrictUtf8.GetCharCount(data, start, end - start);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Whether the strings and property names of <paramref name="element"/> all read as text.</summary>
    /// <remarks>Only walks the element when its bytes hold a \u escape of a surrogate (\uD800 to \uDFFF), which is rare.</remarks>
    public static bool HasReadableEscapes(byte[] data, int start, int end, JsonElement element) =>
        !HasSurrogateEscape(new ReadOnlySpan<byte>(data, start, end - start)) || Readable(element);

    /// <summary>Whether the bytes hold a \u escape of a surrogate (\uD800 to \uDFFF).</summary>
    public static bool HasSurrogateEscape(ReadOnlySpan<byte> span)
    {
        int position = 0;
        while (true)
        {
            int next = span.Slice(position).IndexOf((byte)'\\');
            if (next < 0) return false;
            position += next;
            if (position + 3 < span.Length && span[position + 1] == (byte)'u'
                && (span[position + 2] | 0x20) == (byte)'d' && IsSurrogateDigit(span[position + 3]))
            {
                return true;
            }
            position += 2;
            if (position >= span.Length) return false;
        }
    }

    private static bool IsSurrogateDigit(byte b) => b is (byte)'8' or (byte)'9' || (b | 0x20) is >= (byte)'a' and <= (byte)'f';

    private static bool Readable(JsonElement element)
    {
        try
        {
            Walk(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Walk(property.Value);
                }
                break;
        }
    }
}
