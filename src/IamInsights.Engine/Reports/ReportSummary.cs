using System;
using System.Collections.Generic;
using System.Linq;
using IamInsights.Records;

namespace IamInsights.Reports;

/// <summary>The figures at the top of a report: the window, where the records were recorded, and the counts.</summary>
internal sealed class ReportSummary
{
    /// <summary>How many callers and targets the report lists.</summary>
    public const int TopCount = 10;

    public ReportSummary(IReadOnlyList<ReportRecord> records)
    {
        Total = records.Count;
        Risky = records.Count(r => r.Event.Risk != IamRisk.None);
        if (records.Count > 0)
        {
            First = records.Min(r => r.Event.EventTime);
            Last = records.Max(r => r.Event.EventTime);
        }
        Accounts = Names(records.Select(r => r.Event.AccountId));
        Regions = Names(records.Select(r => r.Event.AwsRegion));
        ByEvent = Counted(records, r => new[] { ("", r.Event.EventName ?? "") })
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        ByRisk = RiskColours.Flags.Select(flag => new RiskCount(flag, records.Count(r => (r.Event.Risk & flag) != 0))).ToList();
        TopCallers = Counted(records, r => new[] { ("", r.Event.RequestUser ?? "") }).Where(c => c.Name.Length > 0)
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(TopCount).ToList();
        TopTargets = Counted(records, r => r.TargetUsers.Select(u => ("user", u)).Concat(r.TargetRoles.Select(role => ("role", role))))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).Take(TopCount).ToList();
        Days = PerDay(records);
    }

    public int Total { get; }

    public int Risky { get; }

    /// <summary>The first event's time, in UTC; null when there are no records.</summary>
    public DateTime? First { get; }

    public DateTime? Last { get; }

    /// <summary>The accounts the events were recorded in (recipientAccountId), in order.</summary>
    public IReadOnlyList<string> Accounts { get; }

    public IReadOnlyList<string> Regions { get; }

    public IReadOnlyList<NameCount> ByEvent { get; }

    /// <summary>Each flag with the records that carry it; a record with two flags counts under both.</summary>
    public IReadOnlyList<RiskCount> ByRisk { get; }

    public IReadOnlyList<NameCount> TopCallers { get; }

    /// <summary>The users and roles acted on most; the kind of each is "user" or "role".</summary>
    public IReadOnlyList<NameCount> TopTargets { get; }

    /// <summary>Every UTC day from the first event's to the last event's, with the records of each colour that day.</summary>
    public IReadOnlyList<DayCount> Days { get; }

    private static IReadOnlyList<string> Names(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToList();

    private static IEnumerable<NameCount> Counted(IEnumerable<ReportRecord> records, Func<ReportRecord, IEnumerable<(string Kind, string Name)>> names)
    {
        var counts = new Dictionary<(string, string), NameCount>();
        foreach (var record in records)
        {
            foreach (var name in names(record))
            {
                if (!counts.TryGetValue(name, out var count)) counts[name] = count = new NameCount(name.Kind, name.Name);
                count.Count++;
                if (record.Event.Risk != IamRisk.None) count.Risky++;
            }
        }
        return counts.Values;
    }

    private static IReadOnlyList<DayCount> PerDay(IReadOnlyList<ReportRecord> records)
    {
        if (records.Count == 0) return Array.Empty<DayCount>();
        var first = records.Min(r => r.Event.EventTime).Date;
        var last = records.Max(r => r.Event.EventTime).Date;
        var days = new List<DayCount>();
        for (var day = first; day <= last; day = day.AddDays(1)) days.Add(new DayCount(day));
        foreach (var record in records)
        {
            var count = days[(int)(record.Event.EventTime.Date - first).TotalDays];
            count.ByColour[record.Primary] = count.ByColour.TryGetValue(record.Primary, out int n) ? n + 1 : 1;
            count.Total++;
        }
        return days;
    }
}

internal sealed class NameCount
{
    public NameCount(string kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>"user" or "role" for a target; empty otherwise.</summary>
    public string Kind { get; }

    public string Name { get; }

    public int Count { get; set; }

    /// <summary>How many of them carry a risk flag.</summary>
    public int Risky { get; set; }
}

internal sealed class RiskCount
{
    public RiskCount(IamRisk flag, int count)
    {
        Flag = flag;
        Count = count;
    }

    public IamRisk Flag { get; }

    public int Count { get; }
}

internal sealed class DayCount
{
    public DayCount(DateTime day) => Day = day;

    public DateTime Day { get; }

    public int Total { get; set; }

    /// <summary>The records of the day by the flag that colours them (<see cref="RiskColours.Primary"/>).</summary>
    public Dictionary<IamRisk, int> ByColour { get; } = new();
}
