using System.Linq;

namespace IamInsights.Query;

/// <summary>One command of a query: the text between two pipes.</summary>
public abstract record Command
{
    /// <summary>
    /// The command's keyword when only CloudWatch Logs Insights can run it, because it needs the service's log groups
    /// or its machine learning; null when the local evaluator runs it too.
    /// </summary>
    public virtual string? InsightsOnlyKeyword => null;

    /// <summary>True when the command's result depends on other records than the one at hand (stats, sort, limit, ...).</summary>
    public virtual bool CombinesRecords => false;
}

/// <summary>An expression with an optional `as` name.</summary>
public sealed record Projection(Expr Expression, string? Alias)
{
    /// <summary>The column this projection produces: its alias, a field's own name, or the expression's text.</summary>
    public string ColumnName => Alias ?? (Expression is FieldExpr f ? f.Name : Expression.ToString());

    public override string ToString() => Alias == null ? Expression.ToString() : Expression + " as " + Syntax.FieldName(Alias);
}

public sealed record FieldsCommand(Sequence<Projection> Projections) : Command
{
    public override string ToString() => "fields " + string.Join(", ", Projections.Select(p => p.ToString()));
}

public sealed record DisplayCommand(Sequence<FieldExpr> Fields) : Command
{
    public override string ToString() => "display " + string.Join(", ", Fields.Select(f => f.ToString()));
}

public sealed record FilterCommand(Expr Condition) : Command
{
    public override string ToString() => "filter " + Condition;
}

public sealed record SortKey(Expr Expression, bool Descending)
{
    public override string ToString() => Expression + (Descending ? " desc" : " asc");
}

public sealed record SortCommand(Sequence<SortKey> Keys) : Command
{
    public override bool CombinesRecords => true;

    public override string ToString() => "sort " + string.Join(", ", Keys.Select(k => k.ToString()));
}

public sealed record LimitCommand(int Count) : Command
{
    public override bool CombinesRecords => true;

    public override string ToString() => "limit " + Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A parsed query: its commands in order.</summary>
public sealed record QueryAst(Sequence<Command> Commands)
{
    public override string ToString() => string.Join("\n| ", Commands.Select(c => c.ToString()));
}

/// <summary>`stats agg(...) [as name], ... [by expr [as name], ...]`.</summary>
public sealed record StatsCommand(Sequence<Projection> Aggregates, Sequence<Projection> GroupBy) : Command
{
    public override bool CombinesRecords => true;

    public override string ToString() =>
        "stats " + string.Join(", ", Aggregates.Select(a => a.ToString()))
        + (GroupBy.Count == 0 ? "" : " by " + string.Join(", ", GroupBy.Select(g => g.ToString())));
}

/// <summary>`dedup field, ...`: keeps the first row of each combination of values.</summary>
public sealed record DedupCommand(Sequence<FieldExpr> Fields) : Command
{
    public override bool CombinesRecords => true;

    public override string ToString() => "dedup " + string.Join(", ", Fields.Select(f => f.ToString()));
}

/// <summary>`parse expr "glob * pattern" as a, b` or `parse expr /(?&lt;a&gt;regex)/`.</summary>
public sealed record ParseCommand(Expr Source, string Pattern, bool IsRegex, Sequence<string> Names) : Command
{
    public override string ToString() =>
        "parse " + Source + " "
        + (IsRegex ? new RegexExpr(Pattern).ToString() : Syntax.Quote(Pattern, '"') + " as " + string.Join(", ", Names.Select(Syntax.FieldName)));
}

/// <summary>`filterIndex condition`: in Logs Insights it scans only the events a field index says match; locally a filter.</summary>
public sealed record FilterIndexCommand(Expr Condition) : Command
{
    public override string ToString() => "filterIndex " + Condition;
}

/// <summary>`unnest list into name`: one row per item of a list (from jsonParse); any other value is a list of one.</summary>
public sealed record UnnestCommand(FieldExpr Source, string Name) : Command
{
    public override string ToString() => "unnest " + Source + " into " + Syntax.FieldName(Name);
}

/// <summary>One selector of SOURCE logGroups(...): namePrefix, accountIdentifiers or class, with its list of strings.</summary>
public sealed record SourceSelector(string Name, Sequence<string> Values)
{
    public override string ToString() => Name + ": [" + string.Join(", ", Values.Select(v => Syntax.Quote(v, '\''))) + "]";
}

/// <summary>`SOURCE logGroups(namePrefix: ['/aws/x'], ...)`: the log groups to query, chosen by the service.</summary>
public sealed record SourceCommand(Sequence<SourceSelector> Selectors) : Command
{
    public override string? InsightsOnlyKeyword => "SOURCE";

    public override string ToString() => "SOURCE logGroups(" + string.Join(", ", Selectors.Select(s => s.ToString())) + ")";
}

/// <summary>`pattern expr`: clusters the values into patterns (@pattern, @ratio, @sampleCount, @severityLabel).</summary>
public sealed record PatternCommand(Expr Source) : Command
{
    public static readonly string[] Columns = { "@pattern", "@ratio", "@sampleCount", "@severityLabel" };

    public override string? InsightsOnlyKeyword => "pattern";

    public override bool CombinesRecords => true;

    public override string ToString() => "pattern " + Source;
}

/// <summary>`diff [previousDay | previousWeek | previousMonth]`: compares the patterns with an earlier period.</summary>
public sealed record DiffCommand(string? Period) : Command
{
    public static readonly string[] Periods = { "previousDay", "previousWeek", "previousMonth" };

    public override string? InsightsOnlyKeyword => "diff";

    public override bool CombinesRecords => true;

    public override string ToString() => Period == null ? "diff" : "diff " + Period;
}

/// <summary>`anomaly`: finds unusual patterns with machine learning.</summary>
public sealed record AnomalyCommand : Command
{
    public override string? InsightsOnlyKeyword => "anomaly";

    public override bool CombinesRecords => true;

    public override string ToString() => "anomaly";
}
