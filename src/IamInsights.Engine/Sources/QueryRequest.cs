using System;
using IamInsights.Query;

namespace IamInsights.Sources;

/// <summary>What a source is asked to run: one parsed query and the time window it covers.</summary>
public sealed class QueryRequest
{
    private string? text;

    public QueryRequest(QueryAst query, TimeWindow window)
    {
        Query = query ?? throw new ArgumentNullException(nameof(query));
        Window = window ?? throw new ArgumentNullException(nameof(window));
    }

    public QueryAst Query { get; }

    public TimeWindow Window { get; }

    /// <summary>The query printed as Logs Insights text, for a source that sends text; it parses back to <see cref="Query"/>.</summary>
    public string Text => text ??= Query.ToString();
}
