using System.Collections.Generic;
using System.Threading;
using IamInsights.Query;

namespace IamInsights.Sources;

/// <summary>
/// Somewhere a query runs. It takes the query as a syntax tree with its time window, and yields result rows as they
/// arrive. A source that evaluates locally runs the tree with the engine; a remote one prints it and sends the text.
/// A failure that ends the call is an <see cref="Errors.IamInsightsException"/>; a bad input that does not is a
/// <see cref="SourceProblem"/> reported to the observer.
/// </summary>
public interface IQuerySource
{
    /// <summary>A short description for -Verbose, such as "3 paths" or "the log group '/aws/cloudtrail'".</summary>
    string Description { get; }

    /// <summary>What the source takes over from the engine.</summary>
    SourceCapabilities Capabilities { get; }

    IEnumerable<ResultRow> Run(QueryRequest request, IQueryObserver observer, CancellationToken cancellationToken);
}
