using System.Linq;

namespace IamInsights.Query;

/// <summary>One command of a query: the text between two pipes.</summary>
public abstract record Command;

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
    public override string ToString() => "sort " + string.Join(", ", Keys.Select(k => k.ToString()));
}

public sealed record LimitCommand(int Count) : Command
{
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
    public override string ToString() =>
        "stats " + string.Join(", ", Aggregates.Select(a => a.ToString()))
        + (GroupBy.Count == 0 ? "" : " by " + string.Join(", ", GroupBy.Select(g => g.ToString())));
}

/// <summary>`dedup field, ...`: keeps the first row of each combination of values.</summary>
public sealed record DedupCommand(Sequence<FieldExpr> Fields) : Command
{
    public override string ToString() => "dedup " + string.Join(", ", Fields.Select(f => f.ToString()));
}

/// <summary>`parse expr "glob * pattern" as a, b` or `parse expr /(?&lt;a&gt;regex)/`.</summary>
public sealed record ParseCommand(Expr Source, string Pattern, bool IsRegex, Sequence<string> Names) : Command
{
    public override string ToString() =>
        "parse " + Source + " "
        + (IsRegex ? new RegexExpr(Pattern).ToString() : Syntax.Quote(Pattern, '"') + " as " + string.Join(", ", Names.Select(Syntax.FieldName)));
}
