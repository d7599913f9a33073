using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace IamInsights.Sources.Files;

/// <summary>
/// Dates in CloudTrail's S3 layout: AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/YYYY/MM/DD/&lt;account&gt;_CloudTrail_&lt;region&gt;_YYYYMMDDTHHMMZ_&lt;id&gt;.json.gz.
/// The time in a file's name is when it was delivered, and a file holds events from before it (usually within about 15
/// minutes). So a file or day that ends an hour or more before -Since cannot hold an event of the window, and one
/// delivered more than an hour after -Until is taken to hold none either.
/// </summary>
internal static class S3Layout
{
    /// <summary>Room for clock skew before an event's file, and for a late delivery after it.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    private static readonly Regex FileTime = new(@"_(\d{8}T\d{4}Z)_", RegexOptions.CultureInvariant);

    public static bool FileEndsBefore(string path, DateTime sinceUtc) => DeliveryTime(path) is { } written && written + Margin < sinceUtc;

    /// <summary>True for a file whose name says it was delivered more than the margin before or after the window.</summary>
    public static bool FileOutside(string path, TimeWindow window) =>
        DeliveryTime(path) is { } written && SpanOutside(written, written, window);

    /// <summary>True when the delivery times from start to end cannot hold an event of the window, with the margin on each side.</summary>
    public static bool SpanOutside(DateTime startUtc, DateTime endUtc, TimeWindow window) =>
        (window.SinceUtc is { } since && endUtc + Margin < since) || (window.UntilUtc is { } until && startUtc - Margin > until);

    /// <summary>The delivery time in a CloudTrail file's name, or null for a name without one.</summary>
    public static DateTime? DeliveryTime(string path)
    {
        var match = FileTime.Match(Path.GetFileName(path));
        return match.Success
               && DateTime.TryParseExact(match.Groups[1].Value, "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture,
                   DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var written)
            ? written
            : null;
    }

    /// <summary>True for a YYYY, YYYY/MM or YYYY/MM/DD folder whose last day ends before the start.</summary>
    public static bool FolderEndsBefore(string folder, DateTime sinceUtc)
    {
        string name = Path.GetFileName(folder);
        string? parent = Path.GetFileName(Path.GetDirectoryName(folder));
        string? grandparent = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(folder)));
        DateTime end;
        if (IsNumber(name, 4) && int.Parse(name, CultureInfo.InvariantCulture) is >= 1970 and <= 9998)
        {
            end = new DateTime(int.Parse(name, CultureInfo.InvariantCulture) + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }
        else if (IsNumber(name, 2) && IsNumber(parent, 4) && int.Parse(name, CultureInfo.InvariantCulture) is >= 1 and <= 12)
        {
            end = new DateTime(int.Parse(parent!, CultureInfo.InvariantCulture), int.Parse(name, CultureInfo.InvariantCulture), 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        }
        else if (IsNumber(name, 2) && IsNumber(parent, 2) && IsNumber(grandparent, 4)
                 && DateTime.TryParseExact($"{grandparent}-{parent}-{name}", "yyyy-MM-dd", CultureInfo.InvariantCulture,
                     DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
        {
            end = day.AddDays(1);
        }
        else
        {
            return false;
        }
        return end + Margin < sinceUtc;
    }

    private static bool IsNumber(string? text, int length)
    {
        if (text == null || text.Length != length) return false;
        foreach (char c in text) if (c < '0' || c > '9') return false;
        return true;
    }
}
