using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace IamInsights.Query;

/// <summary>A parsed query ready to run over local records.</summary>
public sealed class CompiledQuery
{
    private static readonly string[] DefaultColumns = { "@timestamp", "@message" };

    public CompiledQuery(QueryAst ast)
    {
        Ast = ast ?? throw new ArgumentNullException(nameof(ast));
        Columns = OutputColumns(ast);
        InsightsOnlyCommand = ast.Commands.FirstOrDefault(c => c.InsightsOnlyKeyword != null);
    }

    public static CompiledQuery Parse(string text) => new(Parser.Parse(text));

    /// <summary>
    /// Whether a `sort` directly followed by `limit` keeps only the rows that can still be among the first, and a
    /// `dedup` with no `sort` before it keeps only the newest row of each combination, so that memory is bounded by
    /// the output; off, every row is sorted. Tests check that both give the same rows.
    /// </summary>
    internal bool HoldOutputRowsOnly { get; init; } = true;

    public QueryAst Ast { get; }

    /// <summary>
    /// The result columns: the last `display` if any; else, after the last `stats`, its `by` columns then its aggregates,
    /// then the columns of later `fields`; after the last `pattern`, @pattern, @ratio, @sampleCount and @severityLabel,
    /// then those of later `fields`; else every `fields` column in order; else @timestamp and @message. Then the
    /// columns a later `lookup` outputs and the total column of a later `addtotals`.
    /// </summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The first command that only CloudWatch Logs Insights runs (SOURCE, lookup, join, a subquery, addtotals, pattern,
    /// diff, anomaly, or stats with a time-series function or offset), or null.
    /// </summary>
    public Command? InsightsOnlyCommand { get; }

    /// <summary>Throws <see cref="QueryNotSupportedLocallyException"/> when the query has a command that only Logs Insights runs.</summary>
    public void EnsureRunsLocally()
    {
        if (InsightsOnlyCommand != null) throw new QueryNotSupportedLocallyException(InsightsOnlyCommand);
    }

    /// <summary>
    /// Runs the query over records in order, yielding rows as they are decided. A query that only Logs Insights can
    /// run is refused here, before the first record is read.
    /// </summary>
    public IEnumerable<ResultRow> Run(IEnumerable<ILogRecord> records, CancellationToken cancellationToken = default)
    {
        EnsureRunsLocally();
        return RunLocally(records, cancellationToken);
    }

    private IEnumerable<ResultRow> RunLocally(IEnumerable<ILogRecord> records, CancellationToken cancellationToken)
    {
        IEnumerable<WorkingRow> rows = records.Select(r =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new WorkingRow(r);
        });
        bool sorted = false;
        for (int c = 0; c < Ast.Commands.Count; c++)
        {
            var command = Ast.Commands[c];
            if (HoldOutputRowsOnly && command is DedupCommand newest && !sorted)
            {
                rows = DedupNewest(rows, newest);
                continue;
            }
            if (command is DedupCommand && !sorted) rows = Sort(rows, NewestFirst);
            if (command is SortCommand) sorted = true;
            if (command is StatsCommand) sorted = false;
            rows = HoldOutputRowsOnly && command is SortCommand sort && c + 1 < Ast.Commands.Count && Ast.Commands[c + 1] is LimitCommand limit
                ? SortTop(rows, sort, limit.Count)
                : Apply(command, rows);
        }
        foreach (var row in rows)
        {
            var values = new object?[Columns.Count];
            for (int i = 0; i < values.Length; i++) values[i] = row.GetField(Columns[i]);
            yield return new ResultRow(Columns, values);
        }
    }

    private static IEnumerable<WorkingRow> Apply(Command command, IEnumerable<WorkingRow> rows)
    {
        switch (command)
        {
            case FilterCommand filter:
                return rows.Where(row => Values.IsTrue(Evaluator.Evaluate(filter.Condition, row)));
            case FilterIndexCommand filterIndex:
                return rows.Where(row => Values.IsTrue(Evaluator.Evaluate(filterIndex.Condition, row)));
            case UnnestCommand unnest:
                return Unnest(rows, unnest);
            case FieldsCommand fields:
                return rows.Select(row =>
                {
                    foreach (var projection in fields.Projections)
                    {
                        if (projection.Alias == null && projection.Expression is FieldExpr) continue;
                        row.SetField(projection.ColumnName, Evaluator.Evaluate(projection.Expression, row));
                    }
                    return row;
                });
            case SortCommand sort:
                return Sort(rows, sort);
            case LimitCommand limit:
                return rows.Take(limit.Count);
            case DisplayCommand:
                return rows;
            case StatsCommand stats:
                return Stats(rows, stats);
            case DedupCommand dedup:
                return Dedup(rows, dedup);
            case ParseCommand parse:
                return Parse(rows, parse);
            default:
                throw new NotSupportedException($"The command '{command}' cannot run locally.");
        }
    }

    private static readonly SortCommand NewestFirst =
        new(new Sequence<SortKey>(new[] { new SortKey(new FieldExpr("@timestamp"), Descending: true) }));

    /// <summary>Groups rows by the `by` values, in order of first appearance, and computes each aggregate per group.</summary>
    private static IEnumerable<WorkingRow> Stats(IEnumerable<WorkingRow> rows, StatsCommand stats)
    {
        var calls = stats.Aggregates.SelectMany(a => Aggregates.Calls(a.Expression)).Distinct().ToArray();
        var groups = new Dictionary<GroupKey, Aggregates.Accumulator[]>();
        var order = new List<GroupKey>();
        var by = stats.GroupBy.Select(g => g.Expression).ToArray();
        // One key is filled per row and looked up; only a new group gets a key of its own.
        var probe = new GroupKey(new object?[by.Length]);
        foreach (var row in rows)
        {
            for (int i = 0; i < by.Length; i++) probe.Values[i] = Evaluator.Evaluate(by[i], row);
            probe.Rehash();
            if (!groups.TryGetValue(probe, out var group))
            {
                var key = new GroupKey((object?[])probe.Values.Clone());
                group = calls.Select(Aggregates.Create).ToArray();
                groups.Add(key, group);
                order.Add(key);
            }
            foreach (var accumulator in group) accumulator.Add(row);
        }
        if (order.Count == 0 && stats.GroupBy.Count == 0)
        {
            // stats without by gives one row even over no input: count() is 0.
            var none = new GroupKey(Array.Empty<object?>());
            order.Add(none);
            groups.Add(none, calls.Select(Aggregates.Create).ToArray());
        }
        foreach (var key in order)
        {
            var keys = key.Values;
            var accumulators = groups[key];
            var result = WorkingRow.Computed();
            for (int i = 0; i < calls.Length; i++) result.SetField(Evaluator.AggregateKey(calls[i]), accumulators[i].Result);
            for (int i = 0; i < keys.Length; i++) result.SetField(stats.GroupBy[i].ColumnName, keys[i]);
            foreach (var aggregate in stats.Aggregates)
            {
                result.SetField(aggregate.ColumnName, Evaluator.Evaluate(aggregate.Expression, result));
            }
            yield return result;
        }
    }

    /// <summary>Keeps the first row of each combination of values; a row with a null among them is always kept.</summary>
    private static IEnumerable<WorkingRow> Dedup(IEnumerable<WorkingRow> rows, DedupCommand dedup)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string? id = DedupId(row, dedup);
            if (id == null || seen.Add(id)) yield return row;
        }
    }

    /// <summary>
    /// What sorting every row newest first and then <see cref="Dedup"/> give, holding only the newest row of each
    /// combination (the first in input order among equally new ones) and the rows with a null among the values.
    /// </summary>
    private static IEnumerable<WorkingRow> DedupNewest(IEnumerable<WorkingRow> rows, DedupCommand dedup)
    {
        var newestFirst = KeyComparer(NewestFirst);
        var kept = new List<(object?[] Time, int Position, WorkingRow Row)>();
        var keptAt = new Dictionary<string, int>(StringComparer.Ordinal);
        int position = 0;
        foreach (var row in rows)
        {
            var time = SortKeys(row, NewestFirst);
            int at = position++;
            string? id = DedupId(row, dedup);
            if (id == null)
            {
                kept.Add((time, at, row));
                continue;
            }
            if (!keptAt.TryGetValue(id, out int index))
            {
                keptAt.Add(id, kept.Count);
                kept.Add((time, at, row));
            }
            else if (newestFirst.Compare(time, kept[index].Time) < 0)
            {
                kept[index] = (time, at, row);
            }
        }
        kept.Sort((a, b) =>
        {
            int c = newestFirst.Compare(a.Time, b.Time);
            return c != 0 ? c : a.Position.CompareTo(b.Position);
        });
        foreach (var k in kept) yield return k.Row;
    }

    /// <summary>The texts of the dedup fields joined into one key, or null when one of them is null.</summary>
    private static string? DedupId(WorkingRow row, DedupCommand dedup)
    {
        if (dedup.Fields.Count == 1) return Values.ToText(row.GetField(dedup.Fields[0].Name));
        var texts = new string[dedup.Fields.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            var value = row.GetField(dedup.Fields[i].Name);
            if (value == null) return null;
            texts[i] = Values.ToText(value)!;
        }
        return string.Join("\u0001", texts);
    }

    /// <summary>Extracts fields with a glob pattern (each * captures) or a regex's named groups; no match leaves them null.</summary>
    private static IEnumerable<WorkingRow> Parse(IEnumerable<WorkingRow> rows, ParseCommand parse)
    {
        var regex = Evaluator.GetRegex(parse.IsRegex ? parse.Pattern : GlobToRegex(parse.Pattern));
        return rows.Select(row =>
        {
            var text = Values.ToText(Evaluator.Evaluate(parse.Source, row));
            var match = text == null ? null : regex.Match(text);
            for (int i = 0; i < parse.Names.Count; i++)
            {
                string name = parse.Names[i];
                var group = match == null || !match.Success ? null : parse.IsRegex ? match.Groups[name] : match.Groups[i + 1];
                row.SetField(name, group != null && group.Success ? group.Value : null);
            }
            return row;
        });
    }

    /// <summary>One row per item of the list; a map, text or number is a list of one; a missing value gives no row.</summary>
    private static IEnumerable<WorkingRow> Unnest(IEnumerable<WorkingRow> rows, UnnestCommand unnest)
    {
        foreach (var row in rows)
        {
            var value = row.GetField(unnest.Source.Name);
            if (value == null) continue;
            if (value is StructuredValue structure)
            {
                foreach (var item in structure.Items()) yield return row.With(unnest.Name, item);
            }
            else
            {
                yield return row.With(unnest.Name, value);
            }
        }
    }

    internal static string GlobToRegex(string glob)
    {
        var parts = glob.Split('*');
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            sb.Append(System.Text.RegularExpressions.Regex.Escape(parts[i]));
            if (i < parts.Length - 1) sb.Append(i == parts.Length - 2 && parts[i + 1].Length == 0 ? "(.*)" : "(.*?)");
        }
        return sb.ToString();
    }

    private static IEnumerable<WorkingRow> Sort(IEnumerable<WorkingRow> rows, SortCommand sort)
    {
        var keyed = rows.Select(row => (row, keys: SortKeys(row, sort))).ToList();
        return keyed.OrderBy(k => k.keys, KeyComparer(sort)).Select(k => k.row);
    }

    /// <summary>
    /// The first <paramref name="count"/> rows of <see cref="Sort"/>, in the same order (ties keep their input order),
    /// holding no more than that many rows at a time.
    /// </summary>
    private static IEnumerable<WorkingRow> SortTop(IEnumerable<WorkingRow> rows, SortCommand sort, int count)
    {
        var comparer = KeyComparer(sort);
        var best = new List<(object?[] Keys, WorkingRow Row)>();
        if (count <= 0) yield break;
        foreach (var row in rows)
        {
            var keys = SortKeys(row, sort);
            if (best.Count == count && comparer.Compare(keys, best[count - 1].Keys) >= 0) continue;
            // After every row already kept whose keys are equal or better, so that ties keep their input order.
            int low = 0, high = best.Count;
            while (low < high)
            {
                int middle = (low + high) / 2;
                if (comparer.Compare(best[middle].Keys, keys) <= 0) low = middle + 1;
                else high = middle;
            }
            best.Insert(low, (keys, row));
            if (best.Count > count) best.RemoveAt(count);
        }
        foreach (var kept in best) yield return kept.Row;
    }

    private static object?[] SortKeys(WorkingRow row, SortCommand sort)
    {
        var keys = new object?[sort.Keys.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = Evaluator.Evaluate(sort.Keys[i].Expression, row);
        return keys;
    }

    private static Comparer<object?[]> KeyComparer(SortCommand sort) => Comparer<object?[]>.Create((a, b) =>
    {
        for (int i = 0; i < sort.Keys.Count; i++)
        {
            int c = Values.SortCompare(a[i], b[i]);
            if (c != 0) return sort.Keys[i].Descending ? -c : c;
        }
        return 0;
    });

    /// <summary>
    /// What each result column holds, read from the expression that makes it: Time for @timestamp, bin(), datefloor(),
    /// dateceil() and fromMillis(); Number for counts, sums, averages, percentiles, deviations and arithmetic; else Text.
    /// A remote source, whose values are all strings, uses it to type them as a local run would.
    /// </summary>
    public IReadOnlyDictionary<string, ValueKind> ColumnKinds()
    {
        var expressions = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var command in Ast.Commands)
        {
            IEnumerable<Projection> projections = command switch
            {
                FieldsCommand f => f.Projections,
                StatsCommand s => s.GroupBy.Concat(s.Aggregates),
                _ => Enumerable.Empty<Projection>(),
            };
            foreach (var p in projections) expressions[p.ColumnName] = p.Expression;
        }
        return Columns.ToDictionary(c => c, c => expressions.TryGetValue(c, out var e) ? KindOf(e) : SystemFieldKind(c));
    }

    private static ValueKind SystemFieldKind(string column) => column switch
    {
        "@timestamp" => ValueKind.Time,
        "@ratio" or "@sampleCount" => ValueKind.Number,
        _ => ValueKind.Text,
    };

    private static ValueKind KindOf(Expr expression) => expression switch
    {
        FieldExpr { Name: "@timestamp" } => ValueKind.Time,
        CallExpr { Function: "bin" or "datefloor" or "dateceil" or "frommillis" } => ValueKind.Time,
        CallExpr { Function: "count" or "count_distinct" or "sum" or "avg" or "pct" or "stddev" or "strlen" or "abs" or "ceil" or "floor" or "log" or "sqrt" or "tomillis"
            or "rate" or "count_over_time" or "sum_over_time" } => ValueKind.Number,
        BinaryExpr { Operator: "+" or "-" or "*" or "/" or "%" or "^" } => ValueKind.Number,
        UnaryExpr { Operator: "-" } => ValueKind.Number,
        NumberExpr => ValueKind.Number,
        _ => ValueKind.Text,
    };

    private static IReadOnlyList<string> OutputColumns(QueryAst ast)
    {
        var display = ast.Commands.OfType<DisplayCommand>().LastOrDefault();
        if (display != null) return display.Fields.Select(f => f.Name).ToArray();
        var columns = new List<string>();
        int statsIndex = -1;
        for (int i = 0; i < ast.Commands.Count; i++) if (ast.Commands[i] is StatsCommand or PatternCommand) statsIndex = i;
        IEnumerable<string> names = ast.Commands.Skip(statsIndex + 1).OfType<FieldsCommand>().SelectMany(f => f.Projections).Select(p => p.ColumnName);
        if (statsIndex >= 0 && ast.Commands[statsIndex] is StatsCommand stats)
        {
            names = stats.GroupBy.Concat(stats.Aggregates).Select(p => p.ColumnName).Concat(names);
        }
        else if (statsIndex >= 0)
        {
            names = PatternCommand.Columns.Concat(names);
        }
        foreach (var name in names)
        {
            if (!columns.Contains(name)) columns.Add(name);
        }
        if (columns.Count == 0) columns.AddRange(DefaultColumns);
        foreach (var command in ast.Commands.Skip(statsIndex + 1))
        {
            IEnumerable<string> added = command switch
            {
                LookupCommand lookup => lookup.Outputs,
                AddTotalsCommand { Row: not false } totals => new[] { totals.FieldName ?? "Total" },
                _ => Enumerable.Empty<string>(),
            };
            foreach (var name in added) if (!columns.Contains(name)) columns.Add(name);
        }
        return columns;
    }
}

/// <summary>What a result column holds.</summary>
public enum ValueKind
{
    Text,
    Number,
    Time,
}
