using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IamInsights;

/// <summary>
/// Parses the date formats found in CloudTrail data: ISO 8601 (with up to nine fractional digits, or a space for the T),
/// IAM/STS response dates such as "Aug 1, 2024 1:42:21 PM", and epoch milliseconds.
/// </summary>
internal static class Dates
{
    /// <summary>.NET reads at most seven fractional digits; nanosecond timestamps have nine.</summary>
    private static readonly Regex ExtraFractionDigits = new(@"(\.\d{7})\d+", RegexOptions.CultureInvariant);

    private static readonly string[] ResponseFormats =
    {
        "MMM d, yyyy, h:mm:ss tt",
        "MMM d, yyyy h:mm:ss tt",
        "MMM d, yyyy, h:mm:ss.fff tt",
        "MMM d, yyyy h:mm:ss.fff tt",
        "MMM d, yyyy, HH:mm:ss",
        "MMM d, yyyy HH:mm:ss",
    };

    /// <summary>1970-01-01T00:00:00Z, from which epoch seconds and milliseconds count.</summary>
    public static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The epoch milliseconds that DateTime can hold, a second inside its range so that rounding stays in it.</summary>
    private static readonly double MinEpochMilliseconds = (DateTime.MinValue - UnixEpoch).TotalMilliseconds + 1000;
    private static readonly double MaxEpochMilliseconds = (DateTime.MaxValue - UnixEpoch).TotalMilliseconds - 1000;

    /// <summary>The time in UTC, or null when the text is missing or not a date. Times without a zone are UTC.</summary>
    public static DateTime? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;
        text = ExtraFractionDigits.Replace(text!.Replace('\u202f', ' ').Replace('\u00a0', ' '), "$1");
        if (DateTime.TryParseExact(text, ResponseFormats, CultureInfo.InvariantCulture, styles, out var response)) return response;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, styles, out var iso)) return iso;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double epochMilliseconds)
            && epochMilliseconds >= MinEpochMilliseconds && epochMilliseconds <= MaxEpochMilliseconds)
        {
            return UnixEpoch.AddMilliseconds(epochMilliseconds);
        }
        return null;
    }
}
