using System.Collections.Generic;
using System.Linq;
using Amazon.Runtime.CredentialManagement;

namespace IamInsights.Aws.Completion;

/// <summary>The credential profiles that -ProfileName can take, for tab completion.</summary>
public static class KnownProfiles
{
    /// <summary>
    /// The names of the profiles that give credentials, from the store <see cref="AwsSession"/> resolves -ProfileName in:
    /// the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials, or <paramref name="profileLocation"/>
    /// instead when it is given), the config file (AWS_CONFIG_FILE or ~/.aws/config, <c>[profile name]</c>) and, on
    /// Windows, the AWS SDK's encrypted store. A section that holds no credentials (only a region, say) is left out.
    /// </summary>
    public static IReadOnlyList<string> Names(string? profileLocation) =>
        new CredentialProfileStoreChain(profileLocation).ListProfiles()
            .Select(p => p.Name)
            .Distinct(System.StringComparer.Ordinal)
            .OrderBy(n => n, System.StringComparer.OrdinalIgnoreCase)
            .ToList();
}
