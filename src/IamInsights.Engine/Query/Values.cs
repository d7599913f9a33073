using System;
using System.Globalization;

namespace IamInsights.Query;

/// <summary>The value semantics of the language: conversions and comparisons of string, double, DateTime and null.</summary>
public static class Values
{
    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Period p => p.ToString(),
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d:
                number = d;
                return true;
            case DateTime t:
                number = ToEpochMilliseconds(t);
                return true;
            case string s:
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            default:
                number = 0;
                return false;
        }
    }

    public static double ToEpochMilliseconds(DateTime t) =>
        (t.ToUniversalTime() - Dates.UnixEpoch).TotalMilliseconds;

    /// <summary>True when the filter should keep a record with this condition value.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    /// <summary>
    /// Compares two values: numerically when both are numbers (or one is a number and the other a numeric string),
    /// chronologically for two dates, otherwise as case-sensitive ordinal strings. Null when either is null.
    /// </summary>
    public static int? Compare(object? left, object? right)
    {
        if (left == null || right == null) return null;
        if (left is DateTime lt && right is DateTime rt) return lt.ToUniversalTime().CompareTo(rt.ToUniversalTime());
        bool leftIsNumber = left is double || left is DateTime;
        bool rightIsNumber = right is double || right is DateTime;
        if ((leftIsNumber || rightIsNumber) && TryNumber(left, out double l) && TryNumber(right, out double r))
        {
            return l.CompareTo(r);
        }
        return string.CompareOrdinal(ToText(left), ToText(right)) switch { < 0 => -1, > 0 => 1, _ => 0 };
    }

    /// <summary>Orders values for sort: null before everything else, then as <see cref="Compare"/>.</summary>
    public static int SortCompare(object? left, object? right)
    {
        if (left == null) return right == null ? 0 : -1;
        if (right == null) return 1;
        return Compare(left, right) ?? 0;
    }
}
