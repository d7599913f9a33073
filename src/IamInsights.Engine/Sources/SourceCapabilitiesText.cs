using System.Collections.Generic;

namespace IamInsights.Sources;

/// <summary>What a source does itself, in words for -Verbose.</summary>
public static class SourceCapabilitiesText
{
    public static string Describe(SourceCapabilities capabilities)
    {
        if ((capabilities & SourceCapabilities.WholeQuery) != 0) return "The source runs the whole query where the data is; the module types the rows it returns.";
        var parts = new List<string>();
        if ((capabilities & SourceCapabilities.TimeWindow) != 0) parts.Add("reads only what the time window needs");
        if ((capabilities & SourceCapabilities.Filters) != 0) parts.Add("narrows its reads by the query's filters");
        return parts.Count == 0
            ? "The source yields every record; the module's engine runs the query."
            : "The source " + string.Join(" and ", parts) + "; the module's engine runs the query over what it reads.";
    }
}
