using System;
using System.Collections.Generic;
using System.Linq;

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
        ["trim"] = new(1, 1, a => Values.ToText(a[0])?.Trim()),
        ["strcontains"] = new(2, 2, a =>
            Values.ToText(a[0]) is { } s && Values.ToText(a[1]) is { } part ? (object)(s.IndexOf(part, StringComparison.Ordinal) >= 0) : null),
    };

    public static bool IsKnown(string name) => Definitions.ContainsKey(name);

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
