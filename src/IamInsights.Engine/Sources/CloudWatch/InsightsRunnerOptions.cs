using System;

namespace IamInsights.Sources.CloudWatch;

/// <summary>The limits the runner works within; Logs Insights changes them over time, so they are settings.</summary>
public sealed class InsightsRunnerOptions
{
    /// <summary>Rows a query returns at most; a result of exactly this many may be cut short, so its window is split.</summary>
    public int RowLimit { get; init; } = 10000;

    /// <summary>Queries running at once (Logs Insights allows about 30 per account).</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Log groups one query may name.</summary>
    public int MaxLogGroupsPerQuery { get; init; } = 50;

    /// <summary>The first pause between two polls of a query; it doubles up to <see cref="PollMax"/>.</summary>
    public TimeSpan PollStart { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan PollMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Tries of a call that was throttled or failed on the server side, before giving up.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The first pause before a retry; it doubles, with jitter.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMilliseconds(200);
}
