using System;
using System.Collections.Generic;

namespace IamInsights.Query;

/// <summary>One result row: named columns in the order the query gives them.</summary>
public sealed class ResultRow
{
    private readonly IReadOnlyList<string> columns;
    private readonly object?[] values;

    public ResultRow(IReadOnlyList<string> columns, object?[] values)
    {
        if (columns.Count != values.Length) throw new ArgumentException("One value per column is needed.", nameof(values));
        this.columns = columns;
        this.values = values;
    }

    public IReadOnlyList<string> Columns => columns;

    public object? this[int index] => values[index];

    /// <summary>The value of a column, or null when the row has no such column.</summary>
    public object? this[string column]
    {
        get
        {
            for (int i = 0; i < columns.Count; i++)
            {
                if (string.Equals(columns[i], column, StringComparison.Ordinal)) return values[i];
            }
            return null;
        }
    }

    /// <summary>A column as text (numbers and dates in invariant form), or null.</summary>
    public string? GetText(string column) => Values.ToText(this[column]);
}
