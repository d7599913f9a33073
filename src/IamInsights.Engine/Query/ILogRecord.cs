namespace IamInsights.Query;

/// <summary>One input record of a query, as a local source hands it to the evaluator.</summary>
public interface ILogRecord
{
    /// <summary>
    /// The value of a field (a dotted JSON path or a system field such as @timestamp), or null when the record lacks it.
    /// Values are string, double or DateTime (UTC).
    /// </summary>
    object? GetField(string name);
}
