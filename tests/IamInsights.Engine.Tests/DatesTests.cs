using System;
using System.Globalization;
using Xunit;

namespace IamInsights.Tests;

/// <summary>CloudTrail's own time format is read exactly as .NET's parser reads it, valid or not.</summary>
public class DatesTests
{
    private static DateTime? Framework(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
            ? time
            : null;

    [Fact]
    public void Times_in_cloudtrail_format_parse_as_the_framework_parses_them()
    {
        var random = new Random(3);
        for (int i = 0; i < 20000; i++)
        {
            string text = string.Format(CultureInfo.InvariantCulture, "{0:0000}-{1:00}-{2:00}T{3:00}:{4:00}:{5:00}Z",
                random.Next(0, 10000), random.Next(0, 14), random.Next(0, 33), random.Next(0, 26), random.Next(0, 62), random.Next(0, 62));
            var expected = Framework(text);
            var actual = Dates.Parse(text);
            Assert.True(expected == actual && (actual == null || actual.Value.Kind == DateTimeKind.Utc), text);
        }
    }

    [Theory]
    [InlineData("2026-11-20T08:00:00Z")]
    [InlineData("2024-02-29T23:59:59Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2026-1a-20T08:00:00Z")]
    [InlineData("2026-11-20T08:00:0-Z")]
    [InlineData("2026-11-20 08:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void Edge_times_parse_as_the_framework_parses_them(string text)
    {
        Assert.Equal(Framework(text), Dates.Parse(text));
    }
}
