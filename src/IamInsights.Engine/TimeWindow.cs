using System;
using System.Globalization;

namespace IamInsights;

/// <summary>The inclusive UTC time range a query covers; an open end is null.</summary>
public sealed class TimeWindow
{
    public static readonly TimeWindow All = new(null, null);

    public TimeWindow(DateTime? since, DateTime? until)
    {
        SinceUtc = since?.ToUniversalTime();
        UntilUtc = until?.ToUniversalTime();
        if (SinceUtc > UntilUtc)
        {
            throw new ArgumentException(
                $"The time window is empty: Since ({Format(SinceUtc)}) is later than Until ({Format(UntilUtc)}).");
        }
    }

    /// <summary>The start, in UTC. A DateTime of unspecified kind was taken as local time.</summary>
    public DateTime? SinceUtc { get; }

    public DateTime? UntilUtc { get; }

    public bool Contains(DateTime timeUtc) =>
        (SinceUtc == null || timeUtc >= SinceUtc) && (UntilUtc == null || timeUtc <= UntilUtc);

    public override string ToString() =>
        SinceUtc == null && UntilUtc == null ? "all time" : $"{Format(SinceUtc) ?? "the beginning"} to {Format(UntilUtc) ?? "now"}";

    private static string? Format(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
