using System.Collections.Generic;
using System.Threading;
using IamInsights.Query;

namespace IamInsights.Sources;

/// <summary>Somewhere a query runs: it takes the query text and a time window and yields result rows as they arrive.</summary>
public interface IQuerySource
{
    /// <summary>A short description for -Verbose, such as "3 files under C:\logs".</summary>
    string Description { get; }

    IEnumerable<ResultRow> Run(string queryText, TimeWindow window, IQueryObserver observer, CancellationToken cancellationToken);
}
