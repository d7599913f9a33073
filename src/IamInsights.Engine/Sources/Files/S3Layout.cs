using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace IamInsights.Sources.Files;

/// <summary>
/// Dates in CloudTrail's S3 layout: AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/YYYY/MM/DD/&lt;account&gt;_CloudTrail_&lt;region&gt;_YYYYMMDDTHHMMZ_&lt;id&gt;.json.gz.
/// A file holds events from before the time in its name, so a file or day that ends an hour or more before -Since
/// cannot hold an event of the window.
/// </summary>
internal static class S3Layout
{
    /// <summary>Room for clock skew between an event's time and its file's.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    private static readonly Regex FileTime = new(@"_(\d{8}T\d{4}Z)_", RegexOptions.CultureInvariant);

    public static bool FileEndsBefore(string path, DateTime sinceUtc)
    {
        var match = FileTime.Match(Path.GetFileName(path));
        return match.Success
               && DateTime.TryParseExact(match.Groups[1].Value, "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture,
                   DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var written)
               && written + Margin < sinceUtc;
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
