using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using IamInsights.Query;

namespace IamInsights.Sources.Athena.Sql;

/// <summary>
/// Translates a query tree into one SQL SELECT over the CloudTrail table, with the local engine's semantics: a
/// comparison with a missing value is unknown and drops the row, `and`/`or` treat unknown as false, a number compares
/// numerically with a numeric text, `like "text"` is a case-sensitive substring, `dedup` keeps the newest row unless
/// the query sorted, sort puts nulls first. Row-wise commands fold into one SELECT; a filter, sort or dedup after a
/// limit, stats and dedup nest it. The time window and the accounts and Regions become partition predicates.
/// Anything else is refused with <see cref="QueryNotTranslatableException"/> before any call.
/// </summary>
public sealed class SqlTranslator
{
    private enum Kind
    {
        Text,
        Number,
        Time,
        Bool,
    }

    private readonly record struct Typed(SqlExpr Sql, Kind Kind);

    /// <summary>One SELECT being built: what it reads, the fields computed so far, its WHERE, ORDER BY and LIMIT.</summary>
    private sealed class Stage
    {
        public Stage(SqlSource from, bool hasRecord)
        {
            From = from;
            HasRecord = hasRecord;
        }

        public SqlSource From { get; }

        /// <summary>False after stats: the record's own fields are gone, as in a local run.</summary>
        public bool HasRecord { get; }

        public Dictionary<string, Typed> Fields { get; } = new(StringComparer.Ordinal);

        public List<SqlExpr> Where { get; } = new();

        public List<SqlOrder> Order { get; set; } = new();

        public bool Sorted { get; set; }

        public int? Limit { get; set; }
    }

    private static readonly string[] TranslatedFunctions =
    {
        "ispresent", "isempty", "coalesce", "concat", "strlen", "toupper", "tolower", "trim", "ltrim", "rtrim", "strcontains", "substr",
        "replace", "abs", "ceil", "floor",
    };

    private static readonly string[] TranslatedAggregates = { "count", "count_distinct", "sum", "avg", "min", "max" };

    private readonly SqlTable table;
    private int names;
    private Stage stage = null!;

    private SqlTranslator(SqlTable table) => this.table = table;

    /// <summary>
    /// The SELECT for a query over <paramref name="table"/> in <paramref name="window"/>; the day, account and Region
    /// partition columns limit what Athena reads. An account or Region value with a wildcard adds no partition predicate.
    /// </summary>
    public static SqlTranslation Translate(QueryAst query, SqlTable table, TimeWindow window,
        IReadOnlyList<string>? accounts = null, IReadOnlyList<string>? regions = null)
    {
        if (query == null) throw new ArgumentNullException(nameof(query));
        return new SqlTranslator(table).Run(query, window ?? TimeWindow.All, accounts, regions);
    }

    private SqlTranslation Run(QueryAst query, TimeWindow window, IReadOnlyList<string>? accounts, IReadOnlyList<string>? regions)
    {
        var compiled = new CompiledQuery(query);
        stage = new Stage(table, hasRecord: true);
        stage.Where.AddRange(WindowPredicates(window));
        AddPartitionList(CloudTrailTable.AccountPartition, accounts);
        AddPartitionList(CloudTrailTable.RegionPartition, regions);
        foreach (var command in query.Commands) Apply(command);

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var items = new List<SqlItem>();
        foreach (var column in compiled.Columns)
        {
            var value = Field(column);
            var sql = value.Kind == Kind.Time ? new SqlToInteger(value.Sql) : value.Sql;
            string alias = column;
            for (int n = 2; !used.Add(alias); n++) alias = column + "_" + n.ToString(CultureInfo.InvariantCulture);
            items.Add(new SqlItem(sql, alias));
        }
        var select = new SqlSelect(false, new Sequence<SqlItem>(items), stage.From, Conjunction(stage.Where),
            new Sequence<SqlExpr>(Array.Empty<SqlExpr>()), new Sequence<SqlOrder>(stage.Order), stage.Limit);
        return new SqlTranslation(select, compiled.Columns, compiled.ColumnKinds());
    }

    private static IEnumerable<SqlExpr> WindowPredicates(TimeWindow window)
    {
        var time = new SqlEpochMillis(new SqlColumn(CloudTrailTable.EventTimeColumn));
        var day = new SqlColumn(CloudTrailTable.DayPartition);
        if (window.SinceUtc is { } since)
        {
            yield return new SqlBinary(">=", day, new SqlText(DayFolder(since)));
            yield return new SqlBinary(">=", time, new SqlNumber(Values.ToEpochMilliseconds(since)));
        }
        if (window.UntilUtc is { } until)
        {
            // A file lands in the folder of the day it is delivered, which can be the day after its events.
            yield return new SqlBinary("<=", day, new SqlText(DayFolder(until.AddDays(1))));
            yield return new SqlBinary("<=", time, new SqlNumber(Values.ToEpochMilliseconds(until)));
        }
    }

    private static string DayFolder(DateTime utc) => utc.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);

    private void AddPartitionList(string column, IReadOnlyList<string>? values)
    {
        if (values is not { Count: > 0 } || values.Any(v => v.IndexOfAny(new[] { '*', '?', '`' }) >= 0)) return;
        stage.Where.Add(new SqlIn(new SqlColumn(column), new Sequence<SqlExpr>(values.Select(v => (SqlExpr)new SqlText(v))), false));
    }

    private void Apply(Command command)
    {
        switch (command)
        {
            case FilterCommand filter:
                if (stage.Limit != null) Nest();
                stage.Where.Add(Condition(filter.Condition));
                break;
            case FilterIndexCommand filterIndex:
                if (stage.Limit != null) Nest();
                stage.Where.Add(Condition(filterIndex.Condition));
                break;
            case FieldsCommand fields:
                foreach (var projection in fields.Projections)
                {
                    var value = Translate(projection.Expression);
                    if (projection.Alias == null && projection.Expression is FieldExpr) continue;
                    stage.Fields[projection.ColumnName] = value;
                }
                break;
            case DisplayCommand display:
                foreach (var field in display.Fields) Field(field.Name);
                break;
            case SortCommand sort:
                if (stage.Limit != null) Nest();
                stage.Order = sort.Keys.Select(k => new SqlOrder(Translate(k.Expression).Sql, k.Descending)).Concat(stage.Order).ToList();
                stage.Sorted = true;
                break;
            case LimitCommand limit:
                stage.Limit = Math.Min(stage.Limit ?? int.MaxValue, limit.Count);
                break;
            case StatsCommand stats:
                Stats(stats);
                break;
            case DedupCommand dedup:
                Dedup(dedup);
                break;
            default:
                string keyword = command.InsightsOnlyKeyword ?? command.ToString().Split(' ')[0];
                throw new QueryNotTranslatableException(keyword, "Athena's SQL has no equivalent of this command");
        }
    }

    /// <summary>Ends the current SELECT: it becomes the subquery the next one reads, passing its computed fields and sort keys on as columns.</summary>
    private void Nest(params SqlItem[] extra)
    {
        var items = new List<SqlItem>();
        var fields = new Dictionary<string, Typed>(StringComparer.Ordinal);
        foreach (var field in stage.Fields)
        {
            string name = NextName("c");
            items.Add(new SqlItem(field.Value.Sql, name));
            fields[field.Key] = new Typed(new SqlColumn(name), field.Value.Kind);
        }
        var order = new List<SqlOrder>();
        foreach (var key in stage.Order)
        {
            string name = NextName("c");
            items.Add(new SqlItem(key.Expression, name));
            order.Add(new SqlOrder(new SqlColumn(name), key.Descending));
        }
        items.AddRange(extra);
        var select = new SqlSelect(stage.HasRecord, new Sequence<SqlItem>(items), stage.From, Conjunction(stage.Where),
            new Sequence<SqlExpr>(Array.Empty<SqlExpr>()), new Sequence<SqlOrder>(stage.Limit == null ? Array.Empty<SqlOrder>() : stage.Order),
            stage.Limit);
        var next = new Stage(new SqlSubquery(select, NextName("t")), stage.HasRecord) { Order = order, Sorted = stage.Sorted };
        foreach (var field in fields) next.Fields.Add(field.Key, field.Value);
        stage = next;
    }

    private void Stats(StatsCommand stats)
    {
        if (stats.InsightsOnlyKeyword != null) throw new QueryNotTranslatableException(stats.InsightsOnlyKeyword, "it runs only in CloudWatch Logs Insights");
        if (stats.Aggregates.Count == 0) throw new QueryNotTranslatableException("stats", "it computes no aggregate");
        if (stage.Limit != null) Nest();
        var items = new List<SqlItem>();
        var groupBy = new List<SqlExpr>();
        var fields = new Dictionary<string, Typed>(StringComparer.Ordinal);
        foreach (var group in stats.GroupBy)
        {
            var key = Translate(group.Expression);
            string name = NextName("c");
            items.Add(new SqlItem(key.Sql, name));
            groupBy.Add(key.Sql);
            fields[group.ColumnName] = new Typed(new SqlColumn(name), key.Kind);
        }
        foreach (var aggregate in stats.Aggregates)
        {
            var value = Translate(aggregate.Expression, aggregates: true);
            string name = NextName("c");
            items.Add(new SqlItem(value.Sql, name));
            fields[aggregate.ColumnName] = new Typed(new SqlColumn(name), value.Kind);
        }
        var select = new SqlSelect(false, new Sequence<SqlItem>(items), stage.From, Conjunction(stage.Where),
            new Sequence<SqlExpr>(groupBy), new Sequence<SqlOrder>(Array.Empty<SqlOrder>()), null);
        stage = new Stage(new SqlSubquery(select, NextName("t")), hasRecord: false);
        foreach (var field in fields) stage.Fields.Add(field.Key, field.Value);
    }

    /// <summary>Keeps the first row of each combination in the current order (newest first when the query has not sorted); rows with a null among the fields are all kept.</summary>
    private void Dedup(DedupCommand dedup)
    {
        if (stage.Limit != null) Nest();
        if (!stage.Sorted) stage.Order = new List<SqlOrder> { new(Field("@timestamp").Sql, true) };
        var keys = dedup.Fields.Select(f => Field(f.Name).Sql).ToList();
        string rank = NextName("rank");
        Nest(new SqlItem(new SqlRowNumber(new Sequence<SqlExpr>(keys), new Sequence<SqlOrder>(stage.Order)), rank));
        var keep = dedup.Fields.Select(f => (SqlExpr)new SqlIsNull(Field(f.Name).Sql, false))
            .Aggregate((SqlExpr)new SqlBinary("=", new SqlColumn(rank), new SqlNumber(1)), (a, b) => new SqlBinary("OR", a, b));
        stage.Where.Add(keep);
    }

    private string NextName(string prefix) => prefix + (++names).ToString(CultureInfo.InvariantCulture);

    private static SqlExpr? Conjunction(IReadOnlyList<SqlExpr> parts) =>
        parts.Count == 0 ? null : parts.Aggregate((a, b) => new SqlBinary("AND", a, b));

    /// <summary>A field: one computed by the query, else the record's column, else null after stats.</summary>
    private Typed Field(string name)
    {
        if (stage.Fields.TryGetValue(name, out var computed)) return computed;
        if (!stage.HasRecord) return new Typed(new SqlNull(), Kind.Text);
        var column = CloudTrailTable.Resolve(name)
            ?? throw new QueryNotTranslatableException(name, "the CloudTrail table has no column for this field");
        return new Typed(column.Expression, column.Kind == ValueKind.Time ? Kind.Time : Kind.Text);
    }

    /// <summary>An expression where a condition is needed: true, false or unknown.</summary>
    private SqlExpr Condition(Expr expression)
    {
        var value = Translate(expression);
        return value.Kind switch
        {
            Kind.Bool => value.Sql,
            Kind.Text => new SqlBinary("<>", value.Sql, new SqlText("")),
            _ => new SqlBinary("<>", value.Sql, new SqlNumber(0)),
        };
    }

    private Typed Translate(Expr expression, bool aggregates = false)
    {
        switch (expression)
        {
            case FieldExpr field:
                return Field(field.Name);
            case StringExpr s:
                return new Typed(new SqlText(s.Value), Kind.Text);
            case NumberExpr n:
                return new Typed(new SqlNumber(n.Value), Kind.Number);
            case UnaryExpr { Operator: "not" } not:
            {
                var operand = Condition(not.Operand);
                bool combined = not.Operand is BinaryExpr { Operator: "and" or "or" };
                return new Typed(new SqlNot(combined ? Call(SqlFunctions.Coalesce, operand, new SqlBool(false)) : operand), Kind.Bool);
            }
            case UnaryExpr negate:
                return new Typed(new SqlNegate(Number(Translate(negate.Operand, aggregates))), Kind.Number);
            case BinaryExpr { Operator: "and" or "or" } logic:
                return new Typed(new SqlBinary(logic.Operator.ToUpperInvariant(), Condition(logic.Left), Condition(logic.Right)), Kind.Bool);
            case BinaryExpr { Operator: "like" or "=~" } match:
            {
                var text = Text(Translate(match.Left, aggregates));
                if (match.Right is RegexExpr regex) return new Typed(Call(SqlFunctions.RegexpLike, text, new SqlText(regex.Pattern)), Kind.Bool);
                var part = Text(Translate(match.Right, aggregates));
                return new Typed(new SqlBinary(">", Call(SqlFunctions.StrPos, text, part), new SqlNumber(0)), Kind.Bool);
            }
            case BinaryExpr { Operator: "=" or "!=" or "<" or "<=" or ">" or ">=" } comparison:
                return new Typed(Compare(comparison.Operator == "!=" ? "<>" : comparison.Operator,
                    Translate(comparison.Left, aggregates), Translate(comparison.Right, aggregates)), Kind.Bool);
            case BinaryExpr arithmetic:
                return Arithmetic(arithmetic, aggregates);
            case InExpr inExpr:
                return In(inExpr, aggregates);
            case CallExpr call when Aggregates.IsKnown(call.Function):
                return Aggregate(call, aggregates);
            case CallExpr call:
                return Function(call, aggregates);
            default:
                throw new QueryNotTranslatableException(expression.ToString(), "it has no SQL equivalent here");
        }
    }

    private static SqlCall Call(string function, params SqlExpr[] arguments) => new(function, new Sequence<SqlExpr>(arguments));

    private static SqlExpr Number(Typed value) => value.Kind is Kind.Number or Kind.Time ? value.Sql : new SqlToNumber(value.Sql);

    private static SqlExpr Text(Typed value) => value.Kind == Kind.Text ? value.Sql : new SqlToText(value.Sql);

    /// <summary>Two texts compare as text; a number or a time with anything compares numerically, as the local engine does.</summary>
    private static SqlExpr Compare(string op, Typed left, Typed right)
    {
        if (left.Kind == Kind.Text && right.Kind == Kind.Text) return new SqlBinary(op, left.Sql, right.Sql);
        if (left.Kind == Kind.Bool || right.Kind == Kind.Bool) return new SqlBinary(op, Text(left), Text(right));
        return new SqlBinary(op, Number(left), Number(right));
    }

    private Typed Arithmetic(BinaryExpr binary, bool aggregates)
    {
        var left = Number(Translate(binary.Left, aggregates));
        var right = Number(Translate(binary.Right, aggregates));
        SqlExpr sql = binary.Operator switch
        {
            "+" or "-" or "*" => new SqlBinary(binary.Operator, left, right),
            "/" or "%" => new SqlBinary(binary.Operator, left, Call("nullif", right, new SqlNumber(0))),
            "^" => Call("power", left, right),
            _ => throw new QueryNotTranslatableException(binary.Operator, "Athena's SQL has no equivalent of this operator"),
        };
        return new Typed(sql, Kind.Number);
    }

    private Typed In(InExpr inExpr, bool aggregates)
    {
        var value = Translate(inExpr.Value, aggregates);
        var items = inExpr.Items.Select(i => Translate(i, aggregates)).ToList();
        if (items.Count == 0)
        {
            // Unknown for a missing value, as a comparison is; else false (true for not in).
            return new Typed(inExpr.Negated
                ? new SqlBinary("OR", new SqlIsNull(value.Sql, true), new SqlNull())
                : Call("nullif", new SqlIsNull(value.Sql, false), new SqlBool(true)), Kind.Bool);
        }
        if (items.All(i => i.Kind == value.Kind) && value.Kind != Kind.Bool)
        {
            return new Typed(new SqlIn(value.Sql, new Sequence<SqlExpr>(items.Select(i => i.Sql)), inExpr.Negated), Kind.Bool);
        }
        SqlExpr any = items.Select(i => Compare("=", value, i)).Aggregate((a, b) => new SqlBinary("OR", a, b));
        return new Typed(inExpr.Negated ? new SqlNot(any) : any, Kind.Bool);
    }

    private Typed Aggregate(CallExpr call, bool aggregates)
    {
        string name = call.Function.ToLowerInvariant();
        if (!TranslatedAggregates.Contains(name)) throw new QueryNotTranslatableException(call.Function, "this aggregate function has no SQL translation");
        if (!aggregates) throw new QueryNotTranslatableException(call.ToString(), "an aggregate is taken only in stats");
        if (name == "count" && (call.Arguments.Count == 0 || call.Arguments[0] is StarExpr)) return new Typed(new SqlCountAll(), Kind.Number);
        var operand = Translate(call.Arguments[0]);
        return name switch
        {
            "count" => new Typed(Call(SqlFunctions.Count, operand.Sql), Kind.Number),
            "count_distinct" => new Typed(new SqlCountDistinct(operand.Sql), Kind.Number),
            "sum" => new Typed(Call(SqlFunctions.Sum, Number(operand)), Kind.Number),
            "avg" => new Typed(Call(SqlFunctions.Avg, Number(operand)), Kind.Number),
            "min" => new Typed(Call(SqlFunctions.Min, operand.Sql), operand.Kind),
            _ => new Typed(Call(SqlFunctions.Max, operand.Sql), operand.Kind),
        };
    }

    private Typed Function(CallExpr call, bool aggregates)
    {
        string name = call.Function.ToLowerInvariant();
        if (name == "bin") return Bin(call);
        if (!TranslatedFunctions.Contains(name)) throw new QueryNotTranslatableException(call.Function, "this function has no SQL translation");
        var arguments = call.Arguments.Select(a => Translate(a, aggregates)).ToList();
        switch (name)
        {
            case "ispresent":
                return new Typed(new SqlIsNull(arguments[0].Sql, true), Kind.Bool);
            case "isempty":
                return new Typed(new SqlBinary("=", Call(SqlFunctions.Coalesce, Text(arguments[0]), new SqlText("")), new SqlText("")), Kind.Bool);
            case "coalesce":
                return arguments.All(a => a.Kind == arguments[0].Kind)
                    ? new Typed(new SqlCall(SqlFunctions.Coalesce, new Sequence<SqlExpr>(arguments.Select(a => a.Sql))), arguments[0].Kind)
                    : new Typed(new SqlCall(SqlFunctions.Coalesce, new Sequence<SqlExpr>(arguments.Select(Text))), Kind.Text);
            case "concat":
                return new Typed(new SqlCall(SqlFunctions.Concat,
                    new Sequence<SqlExpr>(arguments.Select(a => (SqlExpr)Call(SqlFunctions.Coalesce, Text(a), new SqlText(""))))), Kind.Text);
            case "strlen":
                return new Typed(Call(SqlFunctions.Length, Text(arguments[0])), Kind.Number);
            case "toupper":
                return new Typed(Call(SqlFunctions.Upper, Text(arguments[0])), Kind.Text);
            case "tolower":
                return new Typed(Call(SqlFunctions.Lower, Text(arguments[0])), Kind.Text);
            case "trim" or "ltrim" or "rtrim" when arguments.Count == 1:
                return new Typed(Call(name, Text(arguments[0])), Kind.Text);
            case "strcontains":
                return new Typed(new SqlBinary(">", Call(SqlFunctions.StrPos, Text(arguments[0]), Text(arguments[1])), new SqlNumber(0)), Kind.Bool);
            case "substr" when call.Arguments.Skip(1).All(a => a is NumberExpr { Value: >= 0 }):
            {
                var parts = new List<SqlExpr> { Text(arguments[0]), new SqlNumber(Math.Floor(((NumberExpr)call.Arguments[1]).Value) + 1) };
                if (call.Arguments.Count > 2) parts.Add(new SqlNumber(Math.Floor(((NumberExpr)call.Arguments[2]).Value)));
                return new Typed(new SqlCall(SqlFunctions.Substr, new Sequence<SqlExpr>(parts)), Kind.Text);
            }
            case "replace" when call.Arguments[1] is StringExpr { Value.Length: > 0 }:
                return new Typed(Call(SqlFunctions.Replace, Text(arguments[0]), Text(arguments[1]), Text(arguments[2])), Kind.Text);
            case "abs" or "ceil" or "floor":
                return new Typed(Call(name, Number(arguments[0])), Kind.Number);
            default:
                throw new QueryNotTranslatableException(call.Function, "this function, or this use of it, has no SQL translation");
        }
    }

    /// <summary>bin(period) of a fixed length: the event time rounded down to a multiple of the period since 1970.</summary>
    private Typed Bin(CallExpr call)
    {
        if (call.Arguments[0] is not PeriodExpr { Period: var period } || period.Unit is "mo" or "q" or "y")
        {
            throw new QueryNotTranslatableException(call.ToString(), "bin() translates only periods of a fixed length (ms, s, m, h, d, w)");
        }
        double unit = period.Unit switch
        {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => 604_800_000,
        };
        var size = new SqlNumber(Math.Max(1, Math.Floor(period.Amount * unit)));
        var time = Field("@timestamp").Sql;
        return new Typed(new SqlBinary("*", Call(SqlFunctions.Floor, new SqlBinary("/", time, size)), size), Kind.Time);
    }
}
