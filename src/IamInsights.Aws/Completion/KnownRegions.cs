using System.Collections.Generic;
using System.Linq;
using Amazon;

namespace IamInsights.Aws.Completion;

/// <summary>The Regions AWSSDK.Core knows, for tab completion: each one's name and display name, as plain strings.</summary>
public static class KnownRegions
{
    /// <summary>Every Region of AWSSDK.Core's endpoint data, ordered by name: (us-east-1, US East (N. Virginia)).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All() =>
        RegionEndpoint.EnumerableAllRegions
            .Select(r => new KeyValuePair<string, string>(r.SystemName, r.DisplayName))
            .OrderBy(r => r.Key, System.StringComparer.Ordinal)
            .ToList();
}
