using System;
using IamInsights.Sources.EventHistory;

namespace IamInsights.Sources.CloudWatch;

/// <summary>The limits the runner works within; Logs Insights changes them over time, so they are settings.</summary>
public sealed class InsightsRunnerOptions
{
    /// <summary>The row limit of an endpoint that does not take a higher StartQuery limit nor page GetQueryResults.</summary>
    public const int LegacyRowLimit = 10000;

    /// <summary>
    /// Rows a query returns at most (StartQuery's limit, read in pages); a query that may hold more has its window
    /// split. Where the service refuses a limit above <see cref="LegacyRowLimit"/>, the runner falls back to it.
    /// </summary>
    public int RowLimit { get; init; } = 100000;

    /// <summary>Rows a GetQueryResults page asks for (maxItems, at most 10,000).</summary>
    public int PageSize { get; init; } = 10000;

    /// <summary>Queries running at once (Logs Insights allows about 30 per account, shared with dashboards).</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Log groups one query may name.</summary>
    public int MaxLogGroupsPerQuery { get; init; } = 50;

    /// <summary>The first pause between two polls of a query; it doubles up to <see cref="PollMax"/>.</summary>
    public TimeSpan PollStart { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan PollMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Tries of a call that was throttled, failed on the server side or lost its connection, before giving up.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The first pause before a retry; it doubles, with jitter, up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Runs of one piece that ends Failed or Timeout (or whose results are gone), before that is an error.</summary>
    public int MaxQueryAttempts { get; init; } = 3;

    /// <summary>
    /// The least time between two requests of an action, per account and Region, shared by every piece of every run
    /// in the process. The CloudWatch Logs quotas give StartQuery, GetQueryResults and StopQuery 5 requests a second
    /// each by default; 210 ms keeps under that.
    /// </summary>
    public TimeSpan StartQueryInterval { get; init; } = TimeSpan.FromMilliseconds(210);

    public TimeSpan GetQueryResultsInterval { get; init; } = TimeSpan.FromMilliseconds(210);

    public TimeSpan StopQueryInterval { get; init; } = TimeSpan.FromMilliseconds(210);

    private string scope = "logs";

    /// <summary>The account, Region and endpoint the regulators are kept for.</summary>
    public string Scope
    {
        get => scope;
        init => scope = value;
    }

    /// <summary>These options, with the regulators of another account, Region or endpoint.</summary>
    public InsightsRunnerOptions WithScope(string value)
    {
        var copy = (InsightsRunnerOptions)MemberwiseClone();
        copy.scope = value;
        return copy;
    }

    /// <summary>The time and the waiting of polls, back-offs and regulators.</summary>
    public IClock Clock { get; init; } = SystemClock.Instance;

    /// <summary>The request-rate regulators, on <see cref="Clock"/>.</summary>
    public RateRegulators Regulators { get; init; } = RateRegulators.Shared;
}
