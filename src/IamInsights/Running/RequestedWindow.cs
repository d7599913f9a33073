using System;
using IamInsights.Errors;

namespace IamInsights.Running;

/// <summary>The time window a call asks for: -Since and -Until, with a default for remote sources, which cannot read all time.</summary>
internal static class RequestedWindow
{
    /// <summary>The window of a remote query when -Since is not given.</summary>
    public static readonly TimeSpan RemoteDefault = TimeSpan.FromHours(24);

    public static TimeWindow Of(DateTime? since, DateTime? until, bool remote, Action<string> verbose)
    {
        try
        {
            if (!remote) return new TimeWindow(since, until);
            var end = until ?? DateTime.UtcNow;
            if (since == null) verbose($"No -Since: querying the {RemoteDefault.TotalHours:0} hours before {end.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z.");
            return new TimeWindow(since ?? end.ToUniversalTime() - RemoteDefault, end);
        }
        catch (ArgumentException e)
        {
            throw new IamInsightsException(ErrorCatalog.InvalidTimeWindow, e.Message, since, e);
        }
    }
}
