using System.Collections.Generic;
using System.Globalization;
using IamInsights.Query;

namespace IamInsights.Sources.Athena.Sql;

/// <summary>A query translated to SQL: the SELECT, and the result columns in order with what each holds.</summary>
public sealed class SqlTranslation
{
    internal SqlTranslation(SqlSelect select, IReadOnlyList<string> columns, IReadOnlyDictionary<string, ValueKind> kinds)
    {
        Select = select;
        Columns = columns;
        Kinds = kinds;
    }

    public SqlSelect Select { get; }

    /// <summary>The Logs Insights names of the result columns; the SQL returns them in this order (a time as epoch milliseconds).</summary>
    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyDictionary<string, ValueKind> Kinds { get; }

    /// <summary>One row of SQL results, cells as text in column order, typed as a local run types its values.</summary>
    public ResultRow ToRow(IReadOnlyList<string?> cells)
    {
        var values = new object?[Columns.Count];
        for (int i = 0; i < values.Length; i++)
        {
            string? cell = i < cells.Count ? cells[i] : null;
            values[i] = cell == null ? null : Kinds[Columns[i]] switch
            {
                ValueKind.Time => (object?)Dates.Parse(cell) ?? cell,
                ValueKind.Number => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) ? n : cell,
                _ => cell,
            };
        }
        return new ResultRow(Columns, values);
    }
}
