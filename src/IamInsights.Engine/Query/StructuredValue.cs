using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IamInsights.Query;

/// <summary>
/// A map or a list, as jsonParse() makes from JSON text. Its attributes are read with the dot path of a field
/// (`js.user.name`, `js.tags.0`; `js.tags[0]` is the same path), and its text is compact JSON.
/// </summary>
public sealed class StructuredValue
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonElement element;

    private StructuredValue(JsonElement element) => this.element = element;

    /// <summary>True for a list (a JSON array), false for a map (a JSON object).</summary>
    public bool IsList => element.ValueKind == JsonValueKind.Array;

    /// <summary>The map or list that the text holds, or null when the text is not a JSON object or array.</summary>
    public static StructuredValue? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? new StructuredValue(root.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The items of a list, or the map itself as the only item.</summary>
    public object?[] Items()
    {
        if (!IsList) return new object?[] { this };
        var items = new object?[element.GetArrayLength()];
        int i = 0;
        foreach (var item in element.EnumerateArray()) items[i++] = ToValue(item);
        return items;
    }

    /// <summary>
    /// The value at a dotted path (a number selects a list item), or null when there is none. A key that itself holds
    /// dots is found too, as the rest of the path taken whole.
    /// </summary>
    public object? Lookup(string path)
    {
        var current = element;
        int start = 0;
        while (true)
        {
            int dot = path.IndexOf('.', start);
            string segment = dot < 0 ? path.Substring(start) : path.Substring(start, dot - start);
            JsonElement child;
            if (current.ValueKind == JsonValueKind.Object)
            {
                if (dot >= 0 && current.TryGetProperty(path.Substring(start), out var whole)) return ToValue(whole);
                if (!current.TryGetProperty(segment, out child)) return null;
            }
            else if (current.ValueKind == JsonValueKind.Array
                     && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                     && index < current.GetArrayLength())
            {
                child = current[index];
            }
            else
            {
                return null;
            }
            if (dot < 0) return ToValue(child);
            current = child;
            start = dot + 1;
        }
    }

    /// <summary>Compact JSON text.</summary>
    public override string ToString()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) element.WriteTo(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public override bool Equals(object? obj) => obj is StructuredValue other && other.ToString() == ToString();

    public override int GetHashCode() => ToString().GetHashCode();

    /// <summary>A JSON value as the language holds it: text, a number, "true"/"false" (as records give them), a map or a list.</summary>
    private static object? ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object or JsonValueKind.Array => new StructuredValue(value),
        _ => null,
    };
}
