using System;
using IamInsights.Query;

namespace IamInsights.Sources;

/// <summary>What a source is asked to run: one parsed query and the time window it covers.</summary>
public sealed class QueryRequest
{
    private string? text;

    public QueryRequest(QueryAst query, TimeWindow window, bool withLogGroup = false)
    {
        Query = query ?? throw new ArgumentNullException(nameof(query));
        Window = window ?? throw new ArgumentNullException(nameof(window));
        WithLogGroup = withLogGroup;
    }

    public QueryAst Query { get; }

    public TimeWindow Window { get; }

    /// <summary>
    /// Whether each row should also carry the log group it came from (<see cref="CommonFields.LogGroup"/>), as a
    /// catalog cmdlet's records do. A source that reads log groups adds that column when the query combines no records;
    /// the other sources leave the query as it is.
    /// </summary>
    public bool WithLogGroup { get; }

    /// <summary>The query printed as Logs Insights text, for a source that sends text; it parses back to <see cref="Query"/>.</summary>
    public string Text => text ??= Query.ToString();
}
