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

/// <summary>CloudTrail's LookupEvents over its JSON 1.1 protocol, signed for the Region it asks.</summary>
public sealed class LookupEventsHttpClient : ILookupEventsClient
{
    private const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";

    private readonly AWSCredentials credentials;
    private readonly Uri? endpointUrl;

    public LookupEventsHttpClient(AWSCredentials credentials, Uri? endpointUrl = null)
    {
        this.credentials = credentials;
        this.endpointUrl = endpointUrl;
    }

    public async Task<LookupEventsPage> LookupEventsAsync(string region, LookupEventsRequest request, CancellationToken cancellationToken)
    {
        var client = new AwsJsonClient(credentials, region);
        using var answer = await client.CallAsync(AwsJsonClient.EndpointOf("cloudtrail", region, endpointUrl), "cloudtrail", Target,
            Body(request), cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        var events = new List<string>();
        if (root.TryGetProperty("Events", out var list))
        {
            foreach (var e in list.EnumerateArray())
            {
                if (e.TryGetProperty("CloudTrailEvent", out var text) && text.ValueKind == JsonValueKind.String) events.Add(text.GetString()!);
            }
        }
        string? next = root.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        return new LookupEventsPage(events, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>The request body: times in epoch seconds, the start rounded down and the end up, so the window is covered.</summary>
    public static string Body(LookupEventsRequest request)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            if (request.AttributeKey != null)
            {
                w.WriteStartArray("LookupAttributes");
                w.WriteStartObject();
                w.WriteString("AttributeKey", request.AttributeKey);
                w.WriteString("AttributeValue", request.AttributeValue);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteNumber("StartTime", (long)Math.Floor(Seconds(request.StartTime)));
            w.WriteNumber("EndTime", (long)Math.Ceiling(Seconds(request.EndTime)));
            w.WriteNumber("MaxResults", request.MaxResults);
            if (request.NextToken != null) w.WriteString("NextToken", request.NextToken);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Seconds(DateTime utc) => (DateTime.SpecifyKind(utc, DateTimeKind.Utc) - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
}
