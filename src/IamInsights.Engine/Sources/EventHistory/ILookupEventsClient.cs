using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Sources.EventHistory;

/// <summary>CloudTrail's LookupEvents, in one Region, as the service's JSON protocol defines it.</summary>
public interface ILookupEventsClient
{
    /// <summary>One page of events, newest first.</summary>
    Task<LookupEventsPage> LookupEventsAsync(string region, LookupEventsRequest request, CancellationToken cancellationToken);
}

/// <summary>LookupEvents' input. A NextToken is valid only with exactly the parameters of the call that gave it.</summary>
public sealed class LookupEventsRequest
{
    public LookupEventsRequest(string? attributeKey, string? attributeValue, DateTime startTime, DateTime endTime, int maxResults, string? nextToken)
    {
        AttributeKey = attributeKey;
        AttributeValue = attributeValue;
        StartTime = startTime;
        EndTime = endTime;
        MaxResults = maxResults;
        NextToken = nextToken;
    }

    /// <summary>EventName, EventSource, ReadOnly, Username, ResourceType, ResourceName, AccessKeyId or EventId; null for none.</summary>
    public string? AttributeKey { get; }

    public string? AttributeValue { get; }

    /// <summary>UTC, sent as epoch seconds.</summary>
    public DateTime StartTime { get; }

    public DateTime EndTime { get; }

    /// <summary>1 to 50.</summary>
    public int MaxResults { get; }

    public string? NextToken { get; }

    /// <summary>The same request for the page that the token names.</summary>
    public LookupEventsRequest WithToken(string nextToken) => new(AttributeKey, AttributeValue, StartTime, EndTime, MaxResults, nextToken);
}

/// <summary>One page: the events, each with the full record as JSON text, and the token of the next page (null at the end).</summary>
public sealed class LookupEventsPage
{
    public LookupEventsPage(IReadOnlyList<string> cloudTrailEvents, string? nextToken)
    {
        CloudTrailEvents = cloudTrailEvents;
        NextToken = nextToken;
    }

    /// <summary>Each event's CloudTrailEvent: the CloudTrail record as a JSON string.</summary>
    public IReadOnlyList<string> CloudTrailEvents { get; }

    public string? NextToken { get; }
}
