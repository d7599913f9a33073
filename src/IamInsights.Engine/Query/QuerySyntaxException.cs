using System;

namespace IamInsights.Query;

/// <summary>A malformed query. The message names the line and column, as Logs Insights does.</summary>
public sealed class QuerySyntaxException : Exception
{
    public QuerySyntaxException(string reason, int line, int column)
        : base($"Syntax error (line {line}, column {column}): {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    public string Reason { get; }

    public int Line { get; }

    public int Column { get; }
}
