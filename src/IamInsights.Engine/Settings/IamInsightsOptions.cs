using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using IamInsights.Errors;

namespace IamInsights.Settings;

/// <summary>
/// The module's settings for the session, each checked when it is set: a bad value is refused then, not when a
/// query runs. Session variables and environment variables of earlier versions still apply where no option is set.
/// </summary>
public sealed class IamInsightsOptions
{
    public const int MaxRowLimit = 100_000;
    public const int MaxConcurrency = 100;
    public const int MaxDownloads = 64;

    private IReadOnlyList<string> logGroupName = Array.Empty<string>();
    private int? rowLimit;
    private int? maxConcurrentQueries;
    private int? maxConcurrentDownloads;

    /// <summary>The log groups a cmdlet queries when it is given no -LogGroupName; empty when none is set.</summary>
    public IReadOnlyList<string> LogGroupName
    {
        get => logGroupName;
        set
        {
            var names = (value ?? Array.Empty<string>()).ToList();
            var blank = names.FirstOrDefault(string.IsNullOrWhiteSpace);
            if (blank != null) throw Invalid(nameof(LogGroupName), blank, "a log group name cannot be empty");
            logGroupName = names;
        }
    }

    /// <summary>The most rows one Logs Insights query returns before its window is split; null for the default.</summary>
    public int? RowLimit
    {
        get => rowLimit;
        set => rowLimit = InRange(nameof(RowLimit), value, MaxRowLimit);
    }

    /// <summary>How many Logs Insights queries run at once; null for the default.</summary>
    public int? MaxConcurrentQueries
    {
        get => maxConcurrentQueries;
        set => maxConcurrentQueries = InRange(nameof(MaxConcurrentQueries), value, MaxConcurrency);
    }

    /// <summary>How many objects of the S3 archive are read at once; null for the default (8).</summary>
    public int? MaxConcurrentDownloads
    {
        get => maxConcurrentDownloads;
        set => maxConcurrentDownloads = InRange(nameof(MaxConcurrentDownloads), value, MaxDownloads);
    }

    public DefaultSource DefaultSource { get; set; } = DefaultSource.CloudWatchLogs;

    private string? athenaTable;
    private string? athenaOutputLocation;

    /// <summary>The Athena CloudTrail table ('database.table') a cmdlet queries without -AthenaTable; null when none is set.</summary>
    public string? AthenaTable
    {
        get => athenaTable;
        set
        {
            if (value != null) Sources.Athena.AthenaSourceOptions.ParseTable(value);
            athenaTable = value;
        }
    }

    /// <summary>The Athena workgroup a cmdlet uses without -AthenaWorkGroup; null for the primary workgroup.</summary>
    public string? AthenaWorkGroup { get; set; }

    /// <summary>The s3:// location of Athena's results without -AthenaOutputLocation; null when the workgroup sets it.</summary>
    public string? AthenaOutputLocation
    {
        get => athenaOutputLocation;
        set => athenaOutputLocation = Sources.Athena.AthenaSourceOptions.ParseOutputLocation(value);
    }

    /// <summary>A copy, so that a reader never sees a half-made change.</summary>
    public IamInsightsOptions Clone() => (IamInsightsOptions)MemberwiseClone();

    private static int? InRange(string name, int? value, int max)
    {
        if (value is { } n && (n < 1 || n > max)) throw Invalid(name, n, $"it must be a whole number from 1 to {max.ToString("N0", CultureInfo.InvariantCulture)}");
        return value;
    }

    private static IamInsightsException Invalid(string name, object value, string why) =>
        new(ErrorCatalog.InvalidSetting, $"The setting {name} cannot be '{value}': {why}.", value);
}
