using System.Collections.Generic;
using System.Threading;
using IamInsights.Query;
using IamInsights.Sources;

namespace IamInsights;

/// <summary>Runs query text on a source: the text is parsed once, then the source gets the tree.</summary>
public static class QuerySourceExtensions
{
    public static IEnumerable<ResultRow> Run(this IQuerySource source, string queryText, TimeWindow window, IQueryObserver observer,
        CancellationToken cancellationToken) =>
        source.Run(new QueryRequest(UserQuery.Parse(queryText), window), observer, cancellationToken);
}
