using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Sources;

/// <summary>
/// Spaces the requests of one account and Region: every caller takes the next free slot, at least
/// <see cref="Interval"/> after the one before, so any number of series running at once stay under the service's rate.
/// A throttled caller pushes every later slot back by a jittered pause.
/// </summary>
public sealed class RateRegulator
{
    private readonly IClock clock;
    private readonly object gate = new();
    private readonly Random random;
    private DateTime next = DateTime.MinValue;

    public RateRegulator(TimeSpan interval, IClock clock, int seed = 0)
    {
        Interval = interval;
        this.clock = clock;
        random = seed == 0 ? new Random() : new Random(seed);
    }

    public TimeSpan Interval { get; }

    /// <summary>Requests sent through the regulator.</summary>
    public int Granted { get; private set; }

    /// <summary>Waits for this caller's slot, and gives the time of the slot.</summary>
    public async Task<DateTime> WaitAsync(CancellationToken cancellationToken)
    {
        DateTime slot;
        TimeSpan wait;
        lock (gate)
        {
            var now = clock.UtcNow;
            slot = next > now ? next : now;
            next = slot + Interval;
            Granted++;
            wait = slot - now;
        }
        await clock.Delay(wait, cancellationToken).ConfigureAwait(false);
        return slot;
    }

    /// <summary>
    /// After a throttled or failed request: a pause of up to <paramref name="baseDelay"/> × 2^(attempt-1) (at most
    /// <paramref name="maxDelay"/>), half of it fixed and half random, and no slot of any caller before it ends.
    /// </summary>
    public TimeSpan BackOff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        lock (gate)
        {
            double ceiling = RetryDelay.Ceiling(attempt, baseDelay, maxDelay).TotalMilliseconds;
            var pause = TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
            var resume = clock.UtcNow + pause;
            if (resume > next) next = resume;
            return pause;
        }
    }
}

/// <summary>
/// The regulators of a process, one per account (the credentials' scope) and Region, or per account and action,
/// shared by every call.
/// </summary>
public sealed class RateRegulators
{
    public static readonly RateRegulators Shared = new(SystemClock.Instance);

    private readonly ConcurrentDictionary<string, RateRegulator> regulators = new(StringComparer.Ordinal);
    private readonly IClock clock;

    public RateRegulators(IClock clock) => this.clock = clock;

    public RateRegulator For(string scope, string region, TimeSpan interval) => For(scope + "|" + region, interval);

    /// <summary>The regulator kept under this key (an account and an action, say), made with the interval the first time.</summary>
    public RateRegulator For(string key, TimeSpan interval) => regulators.GetOrAdd(key, _ => new RateRegulator(interval, clock));
}
