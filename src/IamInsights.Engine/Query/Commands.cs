using System.Collections.Generic;
using System.Linq;

namespace IamInsights.Query;

/// <summary>One command of a query: the text between two pipes.</summary>
public abstract record Command
{
    /// <summary>
    /// The command's keyword when only CloudWatch Logs Insights can run it, because it needs the service's log groups,
    /// lookup tables or machine learning, or because its results are not documented precisely enough to compute them
    /// the same way (addtotals, the time-series functions); null when the local evaluator runs it too.
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

    /// <summary>The query on one line, as it goes between the parentheses of a join or a subquery.</summary>
    public string ToInlineString() => string.Join(" | ", Commands.Select(c => c.ToString()));
}

/// <summary>
/// `stats agg(...) [as name], ... [by expr [as name], ...] [offset period]`. The time-series functions (rate,
/// count_over_time, sum_over_time, histogram) and `offset` run only in Logs Insights.
/// </summary>
public sealed record StatsCommand(Sequence<Projection> Aggregates, Sequence<Projection> GroupBy, Period? Offset = null) : Command
{
    public override bool CombinesRecords => true;

    public override string? InsightsOnlyKeyword =>
        Aggregates.SelectMany(a => IamInsights.Query.Aggregates.Calls(a.Expression)).Select(c => c.Function)
            .FirstOrDefault(IamInsights.Query.Aggregates.IsTimeSeries)
        ?? (Offset == null ? null : "offset");

    public override string ToString() =>
        "stats " + string.Join(", ", Aggregates.Select(a => a.ToString()))
        + (GroupBy.Count == 0 ? "" : " by " + string.Join(", ", GroupBy.Select(g => g.ToString())))
        + (Offset == null ? "" : " offset " + Offset);
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

/// <summary>`SOURCE '/log/group'`: the one log group a join or a subquery reads.</summary>
public sealed record SourceLogGroupCommand(string LogGroup) : Command
{
    public override string? InsightsOnlyKeyword => "SOURCE";

    public override string ToString() => "SOURCE " + Syntax.Quote(LogGroup, '\'');
}

/// <summary>
/// `lookup table field as logField, ... OUTPUT column, ...`: adds the columns of the lookup table's row whose field equals
/// the record's. The table lives in CloudWatch Logs.
/// </summary>
public sealed record LookupCommand(string Table, Sequence<LookupKey> Keys, Sequence<string> Outputs) : Command
{
    public override string? InsightsOnlyKeyword => "lookup";

    public override string ToString() =>
        "lookup " + Table + " " + string.Join(", ", Keys.Select(k => k.ToString()))
        + " OUTPUT " + string.Join(", ", Outputs.Select(Syntax.FieldName));
}

/// <summary>One `lookupField as logField` pair of a lookup.</summary>
public sealed record LookupKey(string TableField, string LogField)
{
    public override string ToString() => Syntax.FieldName(TableField) + " as " + Syntax.FieldName(LogField);
}

/// <summary>
/// `join [type=inner|left] left=l right=r where l.key = r.key (SOURCE 'group' | ...)`: pairs each record with the
/// records of another log group that have the same key.
/// </summary>
public sealed record JoinCommand(string? Type, string LeftAlias, string RightAlias, FieldExpr LeftKey, FieldExpr RightKey, QueryAst Right) : Command
{
    public static readonly string[] Types = { "inner", "left" };

    public override string? InsightsOnlyKeyword => "join";

    public override bool CombinesRecords => true;

    public override string ToString() =>
        "join " + (Type == null ? "" : "type=" + Type + " ") + "left=" + LeftAlias + " right=" + RightAlias
        + " where " + LeftKey + " = " + RightKey + " (" + Right.ToInlineString() + ")";
}

/// <summary>`filter field in (query)`: keeps the records whose field is among the values the subquery returns.</summary>
public sealed record SubqueryFilterCommand(FieldExpr Field, QueryAst Subquery) : Command
{
    public override string? InsightsOnlyKeyword => "in (subquery)";

    public override bool CombinesRecords => true;

    public override string ToString() => "filter " + Field + " in (" + Subquery.ToInlineString() + ")";
}

/// <summary>
/// `addtotals [fieldname=Name] [row=bool] [col=bool] [field, ...]`: a column with each row's sum of numeric fields, and
/// with col=true a summary row of column sums.
/// </summary>
public sealed record AddTotalsCommand(string? FieldName, bool? Row, bool? Col, Sequence<FieldExpr> Fields) : Command
{
    public override string? InsightsOnlyKeyword => "addtotals";

    public override bool CombinesRecords => Col == true;

    public override string ToString()
    {
        var parts = new List<string> { "addtotals" };
        if (FieldName != null) parts.Add("fieldname=" + Syntax.FieldName(FieldName));
        if (Row != null) parts.Add("row=" + (Row.Value ? "true" : "false"));
        if (Col != null) parts.Add("col=" + (Col.Value ? "true" : "false"));
        if (Fields.Count > 0) parts.Add(string.Join(", ", Fields.Select(f => f.ToString())));
        return string.Join(" ", parts);
    }
}
