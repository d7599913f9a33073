using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using IamInsights.Query;

namespace IamInsights.Sources.EventHistory;

/// <summary>One LookupEvents series: the pages of one Region with at most one lookup attribute.</summary>
public sealed record LookupSeries(string Region, string? AttributeKey, string? AttributeValue)
{
    public override string ToString() => AttributeKey == null ? $"{Region}: every event" : $"{Region}: {AttributeKey} {AttributeValue}";
}

/// <summary>
/// Plans the fewest LookupEvents series whose events are a superset of what a query's leading filters let through,
/// so that the engine, which runs the whole query over them, gives what it gives over files. It reads the filters at
/// the head of the query: eventName and eventSource (= or in), userIdentity.type = "Root", and the caller filter of
/// -RequestUser when it names callers exactly. IAM and sign-in events are recorded in us-east-1; STS events and
/// anything else in every Region asked for.
/// </summary>
public static class EventHistoryPlanner
{
    public const string GlobalRegion = "us-east-1";

    private static readonly HashSet<string> GlobalSources = new(StringComparer.Ordinal) { IamCatalog.Iam, IamCatalog.SignIn };

    public static IReadOnlyList<LookupSeries> Plan(QueryAst query, IReadOnlyList<string> regions, int maxNameSeries)
    {
        if (regions.Count == 0) throw new ArgumentException("At least one Region is needed.", nameof(regions));
        HashSet<string>? sources = null, names = null, callers = null;
        bool root = false;
        foreach (var conjunct in query.Commands.TakeWhile(c => c is FilterCommand).SelectMany(c => Conjuncts(((FilterCommand)c).Condition)))
        {
            if (Values(conjunct, "eventSource") is { } s) sources = Intersect(sources, s);
            else if (Values(conjunct, "eventName") is { } n) names = Intersect(names, n);
            else if (Values(conjunct, "userIdentity.type") is { } t && t.SetEquals(new[] { "Root" })) root = true;
            else if (ExactCallers(conjunct) is { } c) callers = Intersect(callers, c);
        }
        var everywhere = regions.Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<string> RegionsOf(IEnumerable<string>? eventSources) =>
            eventSources != null && eventSources.All(GlobalSources.Contains) ? new[] { GlobalRegion } : everywhere;

        if (names != null && names.Count <= maxNameSeries)
        {
            return Series(RegionsOf(sources), "EventName", names);
        }
        if (callers != null && callers.Count <= maxNameSeries) return Series(RegionsOf(sources), "Username", callers);
        if (sources != null) return sources.OrderBy(s => s, StringComparer.Ordinal).SelectMany(s => Series(RegionsOf(new[] { s }), "EventSource", new[] { s })).ToList();
        if (root) return Series(everywhere, "Username", new[] { "root" });
        return everywhere.Select(r => new LookupSeries(r, null, null)).ToList();
    }

    private static List<LookupSeries> Series(IReadOnlyList<string> regions, string key, IEnumerable<string> values) =>
        values.OrderBy(v => v, StringComparer.Ordinal).SelectMany(v => regions.Select(r => new LookupSeries(r, key, v))).ToList();

    private static HashSet<string> Intersect(HashSet<string>? known, HashSet<string> more)
    {
        if (known == null) return more;
        known.IntersectWith(more);
        return known;
    }

    private static IEnumerable<Expr> Conjuncts(Expr e) =>
        e is BinaryExpr { Operator: "and" } and ? Conjuncts(and.Left).Concat(Conjuncts(and.Right)) : new[] { e };

    /// <summary>The values a field must equal for the condition to hold (field = "x", field in ["x", "y"]), or null.</summary>
    private static HashSet<string>? Values(Expr e, string field) => e switch
    {
        BinaryExpr { Operator: "=", Left: FieldExpr f, Right: StringExpr s } when f.Name == field => new HashSet<string>(StringComparer.Ordinal) { s.Value },
        BinaryExpr { Operator: "=", Left: StringExpr s, Right: FieldExpr f } when f.Name == field => new HashSet<string>(StringComparer.Ordinal) { s.Value },
        InExpr { Negated: false, Value: FieldExpr f } @in when f.Name == field && @in.Items.All(i => i is StringExpr) =>
            new HashSet<string>(@in.Items.Select(i => ((StringExpr)i).Value), StringComparer.Ordinal),
        BinaryExpr { Operator: "or" } or => Values(or.Left, field) is { } l && Values(or.Right, field) is { } r ? new HashSet<string>(l.Union(r), StringComparer.Ordinal) : null,
        _ => null,
    };

    /// <summary>
    /// The callers of a -RequestUser filter (userIdentity.userName matches a value, or userIdentity.arn ends with /value
    /// or :value) when every value is exact, without wildcards; Event History's Username is that same name.
    /// </summary>
    private static HashSet<string>? ExactCallers(Expr e)
    {
        switch (e)
        {
            case BinaryExpr { Operator: "or" } or:
                return ExactCallers(or.Left) is { } l && ExactCallers(or.Right) is { } r ? new HashSet<string>(l.Union(r), StringComparer.Ordinal) : null;
            case BinaryExpr { Operator: "=~", Left: FieldExpr { Name: "userIdentity.userName" }, Right: RegexExpr regex }:
                return Literal(regex.Pattern, "(?i)^") is { } name ? new HashSet<string>(StringComparer.Ordinal) { name } : null;
            case BinaryExpr { Operator: "=~", Left: FieldExpr { Name: "userIdentity.arn" }, Right: RegexExpr regex }:
                return Literal(regex.Pattern, "(?i)[/:]") is { } segment ? new HashSet<string>(StringComparer.Ordinal) { segment } : null;
            default:
                return null;
        }
    }

    /// <summary>The literal text of prefix + escaped text + \z, or null when the pattern holds any regex syntax of its own.</summary>
    private static string? Literal(string pattern, string prefix)
    {
        const string end = "\\z";
        if (!pattern.StartsWith(prefix, StringComparison.Ordinal) || !pattern.EndsWith(end, StringComparison.Ordinal)) return null;
        string body = pattern.Substring(prefix.Length, pattern.Length - prefix.Length - end.Length);
        if (body.Length == 0) return null;
        string text;
        try
        {
            text = Regex.Unescape(body);
        }
        catch (ArgumentException)
        {
            return null;
        }
        return Regex.Escape(text) == body ? text : null;
    }
}
