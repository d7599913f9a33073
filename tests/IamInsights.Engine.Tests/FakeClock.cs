using System;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Sources;
using IamInsights.Sources.EventHistory;

namespace IamInsights.Tests;

/// <summary>A clock that moves only when someone waits on it: a wait moves it to the end of the wait at once.</summary>
public sealed class FakeClock : IClock
{
    private readonly object gate = new();
    private DateTime now;

    public FakeClock(DateTime start) => now = start;

    public DateTime UtcNow
    {
        get { lock (gate) return now; }
    }

    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (delay > TimeSpan.Zero) now += delay;
        }
        return Task.CompletedTask;
    }
}
