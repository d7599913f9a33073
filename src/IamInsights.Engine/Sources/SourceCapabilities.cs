using System;

namespace IamInsights.Sources;

/// <summary>What a source does itself, so that the engine need not.</summary>
[Flags]
public enum SourceCapabilities
{
    /// <summary>The source yields raw records and the engine does everything.</summary>
    None = 0,

    /// <summary>The source reads only the records of the time window.</summary>
    TimeWindow = 1,

    /// <summary>The source applies the query's filters where the data is (narrower reads, server-side filtering).</summary>
    Filters = 2,

    /// <summary>The source runs the whole query, stats and sort included, and returns its rows.</summary>
    WholeQuery = 4,
}
