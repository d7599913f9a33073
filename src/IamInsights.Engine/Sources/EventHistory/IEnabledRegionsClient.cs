using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Sources.EventHistory;

/// <summary>The Regions enabled in the account (AWS Account Management's ListRegions), a page at a time.</summary>
public interface IEnabledRegionsClient
{
    /// <summary>One page of the Regions whose opt-in status is ENABLED or ENABLED_BY_DEFAULT.</summary>
    Task<EnabledRegionsPage> ListEnabledRegionsAsync(string? nextToken, CancellationToken cancellationToken);
}

/// <summary>One page of Region names, and the token of the next page (null at the end).</summary>
public sealed class EnabledRegionsPage
{
    public EnabledRegionsPage(IReadOnlyList<string> regions, string? nextToken)
    {
        Regions = regions;
        NextToken = nextToken;
    }

    public IReadOnlyList<string> Regions { get; }

    public string? NextToken { get; }
}
