using System;

namespace IamInsights.Sources;

/// <summary>Exponential back-off, shared by every source that retries a call.</summary>
public static class RetryDelay
{
    /// <summary>The pause before retry number <paramref name="attempt"/>: <paramref name="first"/> × 2^(attempt-1), at most <paramref name="max"/>.</summary>
    public static TimeSpan Ceiling(int attempt, TimeSpan first, TimeSpan max) =>
        TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20))));
}
