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
    }

    public static CompiledQuery Parse(string text) => new(Parser.Parse(text));

    public QueryAst Ast { get; }

    /// <summary>The result columns: the last `display` if any, else every `fields` column in order, else @timestamp and @message.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Runs the query over records in order, yielding rows as they are decided.</summary>
    public IEnumerable<ResultRow> Run(IEnumerable<ILogRecord> records, CancellationToken cancellationToken = default)
    {
        IEnumerable<WorkingRow> rows = records.Select(r =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new WorkingRow(r);
        });
        foreach (var command in Ast.Commands) rows = Apply(command, rows);
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
            default:
                throw new NotSupportedException($"The command '{command}' cannot run locally.");
        }
    }

    private static IEnumerable<WorkingRow> Sort(IEnumerable<WorkingRow> rows, SortCommand sort)
    {
        var keyed = rows.Select(row => (row, keys: sort.Keys.Select(k => Evaluator.Evaluate(k.Expression, row)).ToArray())).ToList();
        var comparer = Comparer<object?[]>.Create((a, b) =>
        {
            for (int i = 0; i < sort.Keys.Count; i++)
            {
                int c = Values.SortCompare(a[i], b[i]);
                if (c != 0) return sort.Keys[i].Descending ? -c : c;
            }
            return 0;
        });
        return keyed.OrderBy(k => k.keys, comparer).Select(k => k.row);
    }

    private static IReadOnlyList<string> OutputColumns(QueryAst ast)
    {
        var display = ast.Commands.OfType<DisplayCommand>().LastOrDefault();
        if (display != null) return display.Fields.Select(f => f.Name).ToArray();
        var columns = new List<string>();
        foreach (var projection in ast.Commands.OfType<FieldsCommand>().SelectMany(f => f.Projections))
        {
            if (!columns.Contains(projection.ColumnName)) columns.Add(projection.ColumnName);
        }
        return columns.Count > 0 ? columns : DefaultColumns;
    }
}
