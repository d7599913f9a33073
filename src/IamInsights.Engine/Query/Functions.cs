using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;

namespace IamInsights.Query;

/// <summary>The scalar functions of the language, with their arity.</summary>
public static class Functions
{
    private sealed class Definition
    {
        public Definition(int minArgs, int maxArgs, Func<object?[], object?> body)
        {
            MinArgs = minArgs;
            MaxArgs = maxArgs;
            Body = body;
        }

        public int MinArgs { get; }

        public int MaxArgs { get; }

        public Func<object?[], object?> Body { get; }
    }

    private const int Many = int.MaxValue;

    private static readonly Dictionary<string, Definition> Definitions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ispresent"] = new(1, 1, a => a[0] != null),
        ["isempty"] = new(1, 1, a => string.IsNullOrEmpty(Values.ToText(a[0]))),
        ["isblank"] = new(1, 1, a => string.IsNullOrWhiteSpace(Values.ToText(a[0]))),
        ["coalesce"] = new(1, Many, a => a.FirstOrDefault(v => v != null)),
        ["concat"] = new(1, Many, a => string.Concat(a.Select(Values.ToText))),
        ["strlen"] = new(1, 1, a => Values.ToText(a[0]) is { } s ? (object)(double)s.Length : null),
        ["toupper"] = new(1, 1, a => Values.ToText(a[0])?.ToUpperInvariant()),
        ["tolower"] = new(1, 1, a => Values.ToText(a[0])?.ToLowerInvariant()),
        ["trim"] = new(1, 2, a => Values.ToText(a[0]) is { } s ? (a.Length > 1 ? s.Trim(TrimChars(a)) : s.Trim()) : null),
        ["strcontains"] = new(2, 2, a =>
            Values.ToText(a[0]) is { } s && Values.ToText(a[1]) is { } part ? (object)(s.IndexOf(part, StringComparison.Ordinal) >= 0) : null),
        ["ltrim"] = new(1, 2, a => Values.ToText(a[0]) is { } s ? s.TrimStart(TrimChars(a)) : null),
        ["rtrim"] = new(1, 2, a => Values.ToText(a[0]) is { } s ? s.TrimEnd(TrimChars(a)) : null),
        ["substr"] = new(2, 3, Substring),
        ["replace"] = new(3, 3, a =>
            Values.ToText(a[0]) is { } s && Values.ToText(a[1]) is { Length: > 0 } find && Values.ToText(a[2]) is { } with
                ? s.Replace(find, with)
                : Values.ToText(a[0])),
        ["abs"] = new(1, 1, a => Number(a[0], Math.Abs)),
        ["ceil"] = new(1, 1, a => Number(a[0], Math.Ceiling)),
        ["floor"] = new(1, 1, a => Number(a[0], Math.Floor)),
        ["log"] = new(1, 1, a => Values.TryNumber(a[0], out double n) && n > 0 ? Math.Log(n) : (object?)null),
        ["sqrt"] = new(1, 1, a => Values.TryNumber(a[0], out double n) && n >= 0 ? Math.Sqrt(n) : (object?)null),
        ["greatest"] = new(1, Many, a => Extreme(a, largest: true)),
        ["least"] = new(1, Many, a => Extreme(a, largest: false)),
        ["bin"] = new(1, 1, a => a[0] is DateTime t && a[1] is Period p ? p.Floor(t) : (object?)null),
        ["datefloor"] = new(2, 2, a => AsTime(a[0]) is { } t && a[1] is Period p ? p.Floor(t) : (object?)null),
        ["dateceil"] = new(2, 2, a => AsTime(a[0]) is { } t && a[1] is Period p ? p.Ceiling(t) : (object?)null),
        ["frommillis"] = new(1, 1, a => Values.TryNumber(a[0], out double ms) && !double.IsNaN(ms) && Math.Abs(ms) < 2.5e14
            ? Dates.UnixEpoch.AddMilliseconds(ms)
            : (object?)null),
        ["tomillis"] = new(1, 1, a => AsTime(a[0]) is { } t ? Values.ToEpochMilliseconds(t) : (object?)null),
        ["isvalidip"] = new(1, 1, a => IpAddresses.IsValid(Values.ToText(a[0]), null)),
        ["isvalidipv4"] = new(1, 1, a => IpAddresses.IsValid(Values.ToText(a[0]), AddressFamily.InterNetwork)),
        ["isvalidipv6"] = new(1, 1, a => IpAddresses.IsValid(Values.ToText(a[0]), AddressFamily.InterNetworkV6)),
        ["isipinsubnet"] = new(2, 2, a => IpAddresses.InSubnet(Values.ToText(a[0]), Values.ToText(a[1]), null)),
        ["isipv4insubnet"] = new(2, 2, a => IpAddresses.InSubnet(Values.ToText(a[0]), Values.ToText(a[1]), AddressFamily.InterNetwork)),
        ["isipv6insubnet"] = new(2, 2, a => IpAddresses.InSubnet(Values.ToText(a[0]), Values.ToText(a[1]), AddressFamily.InterNetworkV6)),
        ["jsonparse"] = new(1, 1, a => a[0] as StructuredValue ?? (a[0] is string s ? StructuredValue.Parse(s) : null)),
        ["jsonstringify"] = new(1, 1, a => (a[0] as StructuredValue)?.ToString()),
        // Masking is done by CloudWatch Logs as it ingests; a local record has nothing masked.
        ["unmask"] = new(1, 1, a => a[0]),
    };

    private static char[] TrimChars(object?[] a) =>
        a.Length > 1 && Values.ToText(a[1]) is { Length: > 0 } chars ? chars.ToCharArray() : new[] { ' ', '\t', '\r', '\n' };

    /// <summary>substr(s, start[, length]) with a 0-based start; out-of-range parts are clipped.</summary>
    private static object? Substring(object?[] a)
    {
        if (Values.ToText(a[0]) is not { } s || !Values.TryNumber(a[1], out double startNumber)) return null;
        int start = (int)Math.Max(0, Math.Min(s.Length, Math.Floor(startNumber)));
        int length = s.Length - start;
        if (a.Length > 2)
        {
            if (!Values.TryNumber(a[2], out double lengthNumber)) return null;
            length = (int)Math.Max(0, Math.Min(length, Math.Floor(lengthNumber)));
        }
        return s.Substring(start, length);
    }

    private static object? Number(object? value, Func<double, double> f) => Values.TryNumber(value, out double n) ? f(n) : null;

    private static object? Extreme(object?[] values, bool largest)
    {
        object? best = null;
        foreach (var v in values)
        {
            if (v == null) continue;
            if (best == null || (Values.Compare(v, best) is { } c && (largest ? c > 0 : c < 0))) best = v;
        }
        return best;
    }

    private static DateTime? AsTime(object? value) => value switch
    {
        DateTime t => t,
        double ms when Math.Abs(ms) < 2.5e14 => Dates.UnixEpoch.AddMilliseconds(ms),
        string s => Dates.Parse(s),
        _ => null,
    };

    public static bool IsKnown(string name) => Definitions.ContainsKey(name);

    /// <summary>bin(period) takes one argument and reads @timestamp itself.</summary>
    internal const string Bin = "bin";

    public static IEnumerable<string> Names => Definitions.Keys;

    internal static void CheckArity(Token name, int count)
    {
        var definition = Definitions[name.Text];
        if (count < definition.MinArgs || count > definition.MaxArgs)
        {
            string expected = definition.MinArgs == definition.MaxArgs
                ? definition.MinArgs.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : definition.MaxArgs == Many ? $"at least {definition.MinArgs}" : $"{definition.MinArgs} to {definition.MaxArgs}";
            throw new QuerySyntaxException(
                $"function '{name.Text}' takes {expected} argument{(expected == "1" ? "" : "s")}, not {count}", name.Line, name.Column);
        }
    }

    internal static object? Invoke(string name, object?[] arguments) => Definitions[name].Body(arguments);
}
