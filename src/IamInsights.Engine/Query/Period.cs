using System;
using System.Globalization;

namespace IamInsights.Query;

/// <summary>A time period such as 5m or 1h, as bin(), datefloor() and dateceil() take.</summary>
public sealed record Period(double Amount, string Unit)
{
    /// <summary>The largest amount a period literal may have.</summary>
    public const double MaxAmount = 1e6;

    public static bool IsUnit(string unit) => unit is "ms" or "s" or "m" or "h" or "d" or "w" or "mo" or "q" or "y";

    public static Period Parse(string text)
    {
        int split = 0;
        while (split < text.Length && (char.IsDigit(text[split]) || text[split] == '.')) split++;
        return new Period(double.Parse(text.Substring(0, split), CultureInfo.InvariantCulture), text.Substring(split));
    }

    public override string ToString() => Amount.ToString("R", CultureInfo.InvariantCulture) + Unit;

    /// <summary>
    /// The start of the period that holds <paramref name="time"/>. Fixed periods (ms to w) count from the Unix epoch;
    /// months, quarters and years count calendar months from January 1970.
    /// </summary>
    public DateTime Floor(DateTime time)
    {
        time = time.ToUniversalTime();
        int months = CalendarMonths;
        if (months > 0)
        {
            int elapsed = (time.Year - 1970) * 12 + time.Month - 1;
            int floored = (int)Math.Floor(elapsed / (double)months) * months;
            return Dates.UnixEpoch.AddMonths(floored);
        }
        long ticks = FixedTicks;
        long since = time.Ticks - Dates.UnixEpoch.Ticks;
        long flooredTicks = (long)Math.Floor(since / (double)ticks) * ticks;
        return new DateTime(Dates.UnixEpoch.Ticks + flooredTicks, DateTimeKind.Utc);
    }

    /// <summary>The end of the period that holds <paramref name="time"/>: the time itself when it starts a period.</summary>
    public DateTime Ceiling(DateTime time)
    {
        var floor = Floor(time);
        if (floor == time.ToUniversalTime()) return floor;
        int months = CalendarMonths;
        return months > 0 ? floor.AddMonths(months) : floor.AddTicks(FixedTicks);
    }

    private int CalendarMonths => Unit switch
    {
        "mo" => (int)Math.Max(1, Amount),
        "q" => (int)Math.Max(1, Amount) * 3,
        "y" => (int)Math.Max(1, Amount) * 12,
        _ => 0,
    };

    private long FixedTicks
    {
        get
        {
            double unitTicks = Unit switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                "d" => TimeSpan.TicksPerDay,
                _ => TimeSpan.TicksPerDay * 7,
            };
            return Math.Max(1, (long)(Amount * unitTicks));
        }
    }
}
