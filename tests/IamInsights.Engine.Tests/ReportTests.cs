using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using IamInsights.Reports;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The HTML report: the counts, the days and the escaping, against what the tests wrote into their events.</summary>
public class ReportTests
{
    private static readonly DateTime MadeAt = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    private static string Report(IReadOnlyList<ReportFixture> fixtures, string title = "IAM review") =>
        HtmlReport.Build(ReportFixtures.Records(fixtures), title, MadeAt, CancellationToken.None);

    /// <summary>The rows of a summary table: the text of each cell, unescaped.</summary>
    internal static List<string[]> TableRows(string html, string id)
    {
        var table = Regex.Match(html, "<table id=\"" + id + "\">(.*?)</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table {id}");
        var body = Regex.Match(table.Groups[1].Value, "<tbody>(.*)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        return Regex.Matches(body, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>", RegexOptions.Singleline)
                .Select(cell => WebUtility.HtmlDecode(Regex.Replace(cell.Groups[1].Value, "<[^>]+>", ""))).ToArray())
            .ToList();
    }

    [Fact]
    public void The_header_gives_the_record_and_risky_counts_and_the_window()
    {
        var fixtures = ReportFixtures.Mixed;
        string html = Report(fixtures);
        Assert.Contains($"<span id=\"total\">{fixtures.Count}</span>", html);
        Assert.Contains($"<span id=\"risky-total\">{fixtures.Count(f => f.Risky)}</span>", html);
        var times = fixtures.Select(f => f.Time.Replace("T", " ").TrimEnd('Z')).OrderBy(t => t, StringComparer.Ordinal).ToList();
        Assert.Contains($"<time id=\"first\">{times.First()}</time>", html);
        Assert.Contains($"<time id=\"last\">{times.Last()}</time>", html);
        Assert.Contains("<dd id=\"accounts\">111122223333</dd>", html);
        Assert.Contains("<dd id=\"regions\">us-east-1</dd>", html);
        Assert.Contains("<title>IAM review</title>", html);
    }

    [Fact]
    public void Counts_by_event_are_the_events_written()
    {
        var fixtures = ReportFixtures.Mixed;
        var rows = TableRows(Report(fixtures), "by-event");
        var expected = fixtures.GroupBy(f => f.EventName)
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Risky: g.Count(f => f.Risky)));
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(expected[row[0]].Count.ToString(), row[1]);
            Assert.Equal(expected[row[0]].Risky.ToString(), row[2]);
        }
        Assert.Equal(fixtures.Count, rows.Sum(r => int.Parse(r[1])));
    }

    [Fact]
    public void Counts_by_risk_flag_count_each_flag_of_each_record()
    {
        var rows = TableRows(Report(ReportFixtures.Mixed), "by-risk").ToDictionary(r => r[0], r => int.Parse(r[1]));
        Assert.Equal(new[] { "AdminGrant", "NoMfa", "Root", "Failed", "OtherPrincipal", "CrossAccount" }, rows.Keys);
        Assert.Equal(1, rows["Root"]);
        Assert.Equal(1, rows["Failed"]);
        Assert.Equal(0, rows["AdminGrant"] + rows["NoMfa"] + rows["OtherPrincipal"] + rows["CrossAccount"]);
    }

    [Fact]
    public void Top_callers_and_targets_count_the_callers_and_the_users_and_roles_acted_on()
    {
        var fixtures = ReportFixtures.Mixed;
        string html = Report(fixtures);
        var callers = TableRows(html, "top-callers");
        var expectedCallers = fixtures.GroupBy(f => f.Caller).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedCallers.Count, callers.Count);
        foreach (var row in callers) Assert.Equal(expectedCallers[row[0]].ToString(), row[1]);
        Assert.Equal("alice", callers[0][0]);

        var targets = TableRows(html, "top-targets");
        var expectedTargets = fixtures.SelectMany(f => f.Users.Select(u => ("user", u)).Concat(f.Roles.Select(r => ("role", r))))
            .GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedTargets.Count, targets.Count);
        foreach (var row in targets) Assert.Equal(expectedTargets[(row[1], row[0])].ToString(), row[2]);
        Assert.Equal(new[] { "ci", "role", "2" }, targets[0].Take(3));
    }

    [Fact]
    public void The_chart_has_one_bar_per_day_from_the_first_event_to_the_last_with_that_days_events()
    {
        var fixtures = ReportFixtures.Mixed;
        string html = Report(fixtures);
        var bars = Regex.Matches(html, "<g class=\"day\" data-day=\"([0-9-]+)\" data-n=\"(\\d+)\">").Select(m => (Day: m.Groups[1].Value, Count: int.Parse(m.Groups[2].Value))).ToList();
        var first = fixtures.Min(f => f.Day);
        var last = fixtures.Max(f => f.Day);
        int days = (int)(last - first).TotalDays + 1;
        Assert.Equal(6, days);
        Assert.Equal(days, bars.Count);
        for (int i = 0; i < days; i++)
        {
            var day = first.AddDays(i);
            Assert.Equal(day.ToString("yyyy-MM-dd"), bars[i].Day);
            Assert.Equal(fixtures.Count(f => f.Day == day), bars[i].Count);
        }
        Assert.Equal(fixtures.Count(f => f.Risky), Regex.Matches(html, "<rect class=\"b k[0-5]\"").Count);
    }

    [Fact]
    public void The_records_come_risky_first_each_group_in_time_order()
    {
        var fixtures = ReportFixtures.Mixed;
        string html = Report(fixtures);
        var times = Regex.Matches(html, "<tr class=k\\d><td>([0-9: -]+)<td>").Select(m => m.Groups[1].Value).ToList();
        static string Shown(ReportFixture f) => f.Time.Replace("T", " ").TrimEnd('Z');
        var expected = fixtures.Where(f => f.Risky).Select(Shown).OrderBy(t => t, StringComparer.Ordinal)
            .Concat(fixtures.Where(f => !f.Risky).Select(Shown).OrderBy(t => t, StringComparer.Ordinal));
        Assert.Equal(expected, times);
    }

    [Fact]
    public void Policy_documents_are_indented_in_the_details()
    {
        string html = Report(ReportFixtures.Mixed);
        Assert.Contains("\nPolicyDocument:\n" + WebUtility.HtmlEncode(ReportFixtures.PolicyDocumentIndented) + "\n", html);
        Assert.Contains("\nPolicyName: s3-read\n", html);
    }

    [Fact]
    public void A_name_from_a_log_is_text_and_an_attribute_value_cannot_close_its_quotes()
    {
        string html = Report(ReportFixtures.Mixed, title: "<b>review</b> & co");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Equal(2, Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Count);
        Assert.Contains(" title=\"arn:aws:iam::111122223333:user/&quot;&gt;&lt;b id=&quot;pwned&quot;&gt;x&lt;/b&gt;\"", html);
        Assert.DoesNotContain("id=\"pwned\"", html);
        Assert.Contains("<title>&lt;b&gt;review&lt;/b&gt; &amp; co</title>", html);
    }

    [Fact]
    public void The_caller_arn_is_a_tooltip_only_when_it_says_more_than_the_name()
    {
        string html = Report(ReportFixtures.Mixed);
        Assert.Contains("<td title=\"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_abc/bob@example.com\">bob@example.com<td>", html);
        Assert.Contains("<td>alice<td>", html);
        Assert.DoesNotContain("title=\"arn:aws:iam::111122223333:user/alice\"", html);
        Assert.DoesNotContain("title=\"arn:aws:iam::111122223333:root\"", html);
    }

    [Fact]
    public void Account_and_region_columns_appear_only_when_the_records_have_several()
    {
        string single = Report(ReportFixtures.Mixed);
        Assert.DoesNotContain("<th>Account</th>", single);
        Assert.DoesNotContain("<th>Region</th>", single);

        var other = ReportFixtures.Mixed[0] with
        {
            Json = ReportFixtures.Mixed[0].Json.Replace("\"recipientAccountId\":\"111122223333\"", "\"recipientAccountId\":\"444455556666\"")
                .Replace("\"awsRegion\":\"us-east-1\"", "\"awsRegion\":\"eu-west-1\""),
        };
        string several = Report(ReportFixtures.Mixed.Append(other).ToList());
        Assert.Contains("<th>Account</th><th>Region</th>", several);
        Assert.Contains("<dd id=\"accounts\">111122223333, 444455556666</dd>", several);
        Assert.Contains("<dd id=\"regions\">eu-west-1, us-east-1</dd>", several);
        Assert.Contains("<td>444455556666<td>eu-west-1<td>", several);
    }

    [Theory]
    [InlineData("a<b>&\"'c", "a&lt;b&gt;&amp;&quot;&#39;c")]
    [InlineData("line\none\ttab", "line\none\ttab")]
    [InlineData("nul\0bell\u0007", "nul\uFFFDbell\uFFFD")]
    [InlineData("é 東京 😀", "é 東京 😀")]
    public void Escaping_replaces_markup_characters_and_controls(string text, string expected) => Assert.Equal(expected, Html.Escape(text));

    [Fact]
    public void Only_the_reports_own_scripts_may_run_and_nothing_may_be_fetched()
    {
        string html = Report(ReportFixtures.Mixed);
        var policy = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").Groups[1].Value;
        Assert.StartsWith("default-src 'none';", policy);
        var scripts = Regex.Matches(html, "<script>(.*?)</script>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, scripts.Count);
        var hashes = scripts.Select(script => "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script))) + "'");
        Assert.EndsWith("script-src " + string.Join(" ", hashes), policy);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [Fact]
    public void No_records_make_a_report_that_says_so()
    {
        string html = HtmlReport.Build(Array.Empty<IamInsights.Records.IamEvent>(), "Empty", MadeAt, CancellationToken.None);
        Assert.Contains("<span id=\"total\">0</span>", html);
        Assert.DoesNotContain("<g class=\"day\"", html);
        Assert.Contains("<p id=\"shown\" class=\"muted\">0 records", html);
    }

    [Fact]
    public void A_cancelled_build_stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => HtmlReport.Build(ReportFixtures.Records(ReportFixtures.Mixed), "x", MadeAt, cancelled.Token));
    }

    [Fact]
    public void Records_come_in_blocks_of_two_hundred_rows_under_one_header_with_the_same_columns()
    {
        // 75 copies of the six fixtures: 450 records, so blocks of 200, 200 and 50.
        var fixtures = Enumerable.Repeat(ReportFixtures.Mixed, 75).SelectMany(f => f).ToList();
        string html = Report(fixtures);
        var blocks = Regex.Matches(html, "<div class=\"chunk\" style=\"contain-intrinsic-size:auto (\\d+)px\"><table>(<colgroup>.*?</colgroup>)<tbody>\n(.*?)</tbody></table></div>",
            RegexOptions.Singleline);
        Assert.Equal(new[] { 200, 200, 50 }, blocks.Select(b => Regex.Matches(b.Groups[3].Value, "<tr class=").Count));
        var head = Regex.Match(html, "<table class=\"head\">(<colgroup>.*?</colgroup>)<thead><tr>(.*?)</tr></thead></table>", RegexOptions.Singleline);
        Assert.True(head.Success);
        int columns = Regex.Matches(head.Groups[2].Value, "<th").Count;
        Assert.Equal(columns, Regex.Matches(head.Groups[1].Value, "<col ").Count);
        Assert.All(blocks, b => Assert.Equal(head.Groups[1].Value, b.Groups[2].Value));
        Assert.All(blocks, b => Assert.All(Regex.Matches(b.Groups[3].Value, "<tr class=[^>]*>(.*?)</pre>", RegexOptions.Singleline),
            row => Assert.Equal(columns, Regex.Matches(row.Groups[1].Value, "<td").Count)));
        Assert.Single(Regex.Matches(html, "<table class=\"head\">"));
    }
}
