using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using IamInsights.Sources.EventHistory;

namespace IamInsights.Aws;

/// <summary>
/// AWS Account Management's ListRegions (REST-JSON: POST /listRegions), asking for the Regions that are ENABLED or
/// ENABLED_BY_DEFAULT. The service is global: its endpoint is in us-east-1 and requests are signed for it.
/// </summary>
public sealed class ListRegionsHttpClient : IEnabledRegionsClient
{
    public const string SigningName = "account";

    public const string Path = "/listRegions";

    private const string SigningRegion = "us-east-1";

    private readonly AwsJsonClient client;
    private readonly Uri endpoint;

    public ListRegionsHttpClient(AWSCredentials credentials, Uri? endpointUrl = null)
    {
        client = new AwsJsonClient(credentials, SigningRegion);
        endpoint = AwsJsonClient.EndpointOf(SigningName, SigningRegion, endpointUrl);
    }

    public async Task<EnabledRegionsPage> ListEnabledRegionsAsync(string? nextToken, CancellationToken cancellationToken)
    {
        using var answer = await client.PostAsync(endpoint, SigningName, Path, Body(nextToken), cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        var regions = new List<string>();
        if (root.TryGetProperty("Regions", out var list))
        {
            foreach (var region in list.EnumerateArray())
            {
                if (region.TryGetProperty("RegionName", out var name) && name.ValueKind == JsonValueKind.String) regions.Add(name.GetString()!);
            }
        }
        string? next = root.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        return new EnabledRegionsPage(regions, string.IsNullOrEmpty(next) ? null : next);
    }

    private static string Body(string? nextToken)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("RegionOptStatusContains");
            w.WriteStringValue("ENABLED");
            w.WriteStringValue("ENABLED_BY_DEFAULT");
            w.WriteEndArray();
            w.WriteNumber("MaxResults", 50);
            if (nextToken != null) w.WriteString("NextToken", nextToken);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
