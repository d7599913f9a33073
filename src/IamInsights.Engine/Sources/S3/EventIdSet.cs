using System;
using System.Collections.Generic;
using System.Linq;

namespace IamInsights.Sources.S3;

/// <summary>
/// The eventIDs seen so far in a run, to let each event out once when several trails delivered it (global-service
/// events reach every trail that includes them; an organization trail and an account trail can overlap). The ids are
/// kept per event day and dropped once the walk has passed the day after it, so memory holds at most about three
/// days of the events that reach the query, whatever the archive's size. A copy delivered more than a day after its
/// event is not recognised. An eventID that is a GUID, as CloudTrail's are, takes 16 bytes.
/// </summary>
public sealed class EventIdSet
{
    private readonly Dictionary<DateTime, HashSet<Guid>> guids = new();
    private readonly Dictionary<DateTime, HashSet<string>> others = new();

    /// <summary>True the first time an event is seen, and for one without an eventID or a time, which cannot be matched.</summary>
    public bool Add(CloudTrailRecord record)
    {
        string? id = record.EventId;
        if (id == null || record.EventTime is not { } time) return true;
        var day = time.Date;
        if (Guid.TryParse(id, out var guid)) return SetOf(guids, day).Add(guid);
        return SetOf(others, day).Add(id);
    }

    /// <summary>Forgets the events of the days before this one.</summary>
    public void ForgetBefore(DateTime day)
    {
        foreach (var old in guids.Keys.Where(d => d < day).ToList()) guids.Remove(old);
        foreach (var old in others.Keys.Where(d => d < day).ToList()) others.Remove(old);
    }

    /// <summary>How many ids are held.</summary>
    public int Count => guids.Values.Sum(s => s.Count) + others.Values.Sum(s => s.Count);

    private static HashSet<T> SetOf<T>(Dictionary<DateTime, HashSet<T>> sets, DateTime day)
    {
        if (!sets.TryGetValue(day, out var set)) sets[day] = set = new HashSet<T>();
        return set;
    }
}
