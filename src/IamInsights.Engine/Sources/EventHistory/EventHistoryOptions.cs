using System;

namespace IamInsights.Sources.EventHistory;

/// <summary>How the Event History source paces and retries its LookupEvents calls.</summary>
public sealed class EventHistoryOptions
{
    /// <summary>How far back Event History reaches.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>The least time between two requests of one account and Region: 520 ms stays under the 2 a second allowed.</summary>
    public TimeSpan RequestInterval { get; set; } = TimeSpan.FromMilliseconds(520);

    /// <summary>Events a page: LookupEvents' most.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Up to this many event names, one series each; beyond it, one series per event source.</summary>
    public int MaxNameSeries { get; set; } = 10;

    /// <summary>Retries of one page after throttling, a server error or a dropped connection.</summary>
    public int MaxRetries { get; set; } = 8;

    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromSeconds(20);

    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>The regulators the source shares with every other call of the process.</summary>
    public RateRegulators Regulators { get; set; } = RateRegulators.Shared;
}
