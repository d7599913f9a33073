using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using IamInsights.Reports;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The report in a real browser: headless Chromium loads it, runs its script, and shows it.</summary>
public sealed class ReportBrowserTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "iaminsights-report-" + Guid.NewGuid().ToString("N"));

    public ReportBrowserTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Uri WriteReport() => WriteReport(ReportFixtures.Mixed);

    private Uri WriteReport(System.Collections.Generic.IEnumerable<ReportFixture> fixtures)
    {
        string path = Path.Combine(folder, "report.html");
        File.WriteAllText(path, HtmlReport.Build(ReportFixtures.Records(fixtures), "IAM review", DateTime.UtcNow, CancellationToken.None), new UTF8Encoding(false));
        return new Uri(path);
    }

    private static string Text(string dom, string id) =>
        Regex.Match(dom, "<[a-z]+ id=\"" + id + "\"[^>]*>([^<]*)<").Groups[1].Value;

    [SkippableFact]
    public void The_rendered_counts_are_the_records_given_and_the_script_ran()
    {
        Skip.IfNot(Chromium.Available, "chromium is not installed");
        var fixtures = ReportFixtures.Mixed;
        string dom = Chromium.DumpDom(WriteReport());
        Assert.Equal(fixtures.Count.ToString(), Text(dom, "total"));
        Assert.Equal(fixtures.Count(f => f.Risky).ToString(), Text(dom, "risky-total"));
        Assert.Equal($"{fixtures.Count} of {fixtures.Count} records shown", Text(dom, "shown"));
        Assert.Equal(fixtures.Count, Regex.Matches(dom, "<td><pre>").Count);
        Assert.Contains("<input type=\"search\" id=\"filter\"", dom);
        Assert.Contains("<html lang=\"en\" class=\"js\">", dom);
        var byEvent = ReportTests.TableRows(dom, "by-event");
        Assert.Equal(fixtures.Count, byEvent.Sum(r => int.Parse(r[1])));
    }

    [SkippableFact]
    public void The_chart_has_one_bar_per_day()
    {
        Skip.IfNot(Chromium.Available, "chromium is not installed");
        var fixtures = ReportFixtures.Mixed;
        string dom = Chromium.DumpDom(WriteReport());
        int days = (int)(fixtures.Max(f => f.Day) - fixtures.Min(f => f.Day)).TotalDays + 1;
        var bars = Regex.Matches(dom, "<g class=\"day\" data-day=\"[0-9-]+\" data-n=\"(\\d+)\">").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(days, bars.Count);
        Assert.Equal(fixtures.Count, bars.Sum());
    }

    [SkippableFact]
    public void A_name_from_a_log_shows_as_text_and_injects_no_element()
    {
        Skip.IfNot(Chromium.Available, "chromium is not installed");
        string dom = Chromium.DumpDom(WriteReport());
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", dom);
        Assert.Equal(2, Regex.Matches(dom, "<script", RegexOptions.IgnoreCase).Count);
        Assert.DoesNotContain("id=\"pwned\"", dom);
        Assert.DoesNotContain("<b id=", dom.Replace("&lt;b id=", ""));
    }

    [SkippableFact]
    public void A_filter_in_the_link_hides_the_other_records()
    {
        Skip.IfNot(Chromium.Available, "chromium is not installed");
        var fixtures = ReportFixtures.Mixed;
        var page = new Uri(WriteReport().AbsoluteUri + "#filter=alice");
        string dom = Chromium.DumpDom(page);
        int alice = fixtures.Count(f => f.Caller == "alice" || f.Users.Contains("alice"));
        Assert.Equal($"{alice} of {fixtures.Count} records shown", Text(dom, "shown"));
        Assert.Equal(fixtures.Count - alice, Regex.Matches(dom, "<tr class=\"k\\d\" hidden=\"\">").Count);
    }

    [SkippableFact]
    public void A_screenshot_shows_the_page()
    {
        Skip.IfNot(Chromium.Available, "chromium is not installed");
        string png = Path.Combine(folder, "report.png");
        Chromium.Screenshot(WriteReport(), png);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes.Take(8));
        int width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        int height = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
        Assert.Equal((1280, 1600), (width, height));
        Assert.True(bytes.Length > 20_000, $"a screenshot of {bytes.Length} bytes is too small to show the report");
    }

    [SkippableFact]
    public void A_block_of_rows_that_the_filter_empties_is_hidden_and_the_others_stay()
    {
        Skip.IfNot(Chromium.Available, "chromium is not installed");
        // 450 records in blocks of 200, 200 and 50; the one root CreateUser of each copy of the fixtures is risky, so
        // the 75 of them come first (risky first) and fill part of the first block only.
        var fixtures = Enumerable.Repeat(ReportFixtures.Mixed, 75).SelectMany(f => f).ToList();
        int root = fixtures.Count(f => f.Caller == "root");
        var page = new Uri(WriteReport(fixtures).AbsoluteUri + "#filter=root");
        string dom = Chromium.DumpDom(page);
        Assert.Equal($"{root} of {fixtures.Count} records shown", Text(dom, "shown"));
        var blocks = Regex.Matches(dom, "<div class=\"chunk\"[^>]*>").Select(m => m.Value).ToList();
        Assert.Equal(3, blocks.Count);
        Assert.DoesNotContain("hidden", blocks[0]);
        Assert.All(blocks.Skip(1), b => Assert.Contains("hidden=\"\"", b));
        Assert.Equal(fixtures.Count - root, Regex.Matches(dom, "<tr class=\"k\\d\" hidden=\"\">").Count);
    }

    [SkippableFact]
    public void A_click_on_a_header_sorts_every_block_of_rows_and_each_block_keeps_its_size()
    {
        Skip.IfNot(Chromium.Available, "chromium is not installed");
        var fixtures = Enumerable.Repeat(ReportFixtures.Mixed, 75).SelectMany(f => f).ToList();
        string path = WriteReport(fixtures).LocalPath;
        // A copy that clicks the Event header twice (descending) once the report's script has run; the copy drops the
        // Content-Security-Policy, which would refuse the added script.
        string html = Regex.Replace(File.ReadAllText(path), "<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .Replace("</body>", "<script>var h=document.querySelectorAll('#records .head th')[1];h.click();h.click();</script></body>");
        string clicked = Path.Combine(folder, "clicked.html");
        File.WriteAllText(clicked, html, new UTF8Encoding(false));
        string dom = Chromium.DumpDom(new Uri(clicked));

        var blocks = Regex.Matches(dom, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Skip(4).ToList();
        var events = blocks.SelectMany(b => Regex.Matches(b.Groups[1].Value, "<tr class=\"k\\d\"><td>[^<]*</td><td>([^<]*)</td>").Select(m => m.Groups[1].Value)).ToList();
        var expected = fixtures.Select(f => f.EventName).OrderByDescending(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(expected, events);
        Assert.Equal(new[] { 200, 200, 50 }, blocks.Select(b => Regex.Matches(b.Groups[1].Value, "<tr ").Count));
        Assert.Contains("aria-sort=\"descending\">Event</th>", dom);
    }
}
