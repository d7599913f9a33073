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

    /// <summary>
    /// CloudTrail's own format, yyyy-MM-ddTHH:mm:ssZ, read without the general parser; anything else, or any value out
    /// of range, is left to it.
    /// </summary>
    private static bool TryParseCloudTrailTime(string text, out DateTime time)
    {
        time = default;
        if (text.Length != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') return false;
        int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
        int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59) return false;
        time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        return true;
    }

    /// <summary>The number that <paramref name="count"/> ASCII digits spell, or -1 when one is not a digit.</summary>
    private static int Digits(string text, int start, int count)
    {
        int value = 0;
        for (int i = start; i < start + count; i++)
        {
            int digit = text[i] - '0';
            if (digit is < 0 or > 9) return -1;
            value = value * 10 + digit;
        }
        return value;
    }

    /// <summary>The time in UTC, or null when the text is missing or not a date. Times without a zone are UTC.</summary>
    public static DateTime? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (TryParseCloudTrailTime(text!, out var exact)) return exact;
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
