using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using IamInsights.Records;

namespace IamInsights.Reports;

/// <summary>
/// Writes records as one self-contained HTML page: inline CSS, an inline SVG chart and a small inline script, and
/// nothing fetched from anywhere (its Content-Security-Policy allows no network at all). Everything that comes from
/// a log is escaped. The page reads in full with scripts off; the scripts fold the details and add sorting and filtering.
/// </summary>
public static class HtmlReport
{
    private static readonly string Style = Resource("report.css");
    private static readonly string Script = Resource("report.js");

    /// <summary>Runs first, so that the styles for a page with scripts apply from the first paint: details folded.</summary>
    private const string HeadScript = "document.documentElement.className='js'";

    private static readonly string ScriptSources = string.Join(" ", new[] { HeadScript, Script }.Select(script => "'sha256-" + Convert.ToBase64String(Sha256(Encoding.UTF8.GetBytes(script))) + "'"));

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report of the records: the risky ones first, each group in time order.</summary>
    /// <param name="records">The records, of any record type, in any order.</param>
    /// <param name="title">The page's title and heading.</param>
    /// <param name="generatedAt">When the report was made, shown in its header.</param>
    /// <param name="cancellationToken">Stops the writing.</param>
    public static string Build(IEnumerable<IamEvent> records, string title, DateTime generatedAt, CancellationToken cancellationToken)
    {
        var rows = new List<ReportRecord>();
        foreach (var record in records)
        {
            if ((rows.Count & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            rows.Add(new ReportRecord(record));
        }
        var ordered = rows.Select((r, i) => (Record: r, Index: i))
            .OrderBy(r => r.Record.Event.Risk == IamRisk.None ? 1 : 0)
            .ThenBy(r => r.Record.Event.EventTime)
            .ThenBy(r => r.Index)
            .Select(r => r.Record)
            .ToList();
        var summary = new ReportSummary(ordered);

        var html = new StringBuilder(4096 + ordered.Count * 480);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src ")
            .Append(ScriptSources).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"IamInsights\">\n")
            .Append("<title>").AppendText(title).Append("</title>\n<script>").Append(HeadScript).Append("</script>\n<style>\n").Append(Style)
            .Append("</style>\n</head>\n<body>\n");
        AppendHeader(html, title, generatedAt, summary);
        if (summary.Total > 0)
        {
            AppendTimeline(html, summary);
            AppendCounts(html, summary);
        }
        AppendRecords(html, ordered, summary, cancellationToken);
        html.Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendHeader(StringBuilder html, string title, DateTime generatedAt, ReportSummary summary)
    {
        html.Append("<header>\n<h1>").AppendText(title).Append("</h1>\n<p class=\"muted\">Made by IamInsights on ")
            .Append(ReportRecord.Time(generatedAt.ToUniversalTime())).Append(" UTC.</p>\n<dl class=\"facts\">\n");
        html.Append("<dt>Records</dt><dd><span id=\"total\">").Append(summary.Total).Append("</span>, of which <span id=\"risky-total\">")
            .Append(summary.Risky).Append("</span> with a risk flag</dd>\n");
        if (summary.First is { } first && summary.Last is { } last)
        {
            html.Append("<dt>Window</dt><dd>first event <time id=\"first\">").Append(ReportRecord.Time(first))
                .Append("</time>, last event <time id=\"last\">").Append(ReportRecord.Time(last)).Append("</time> (UTC)</dd>\n");
        }
        AppendList(html, "Accounts", "accounts", summary.Accounts);
        AppendList(html, "Regions", "regions", summary.Regions);
        html.Append("</dl>\n</header>\n");
    }

    private static void AppendList(StringBuilder html, string label, string id, IReadOnlyList<string> names)
    {
        if (names.Count == 0) return;
        html.Append("<dt>").Append(label).Append("</dt><dd id=\"").Append(id).Append("\">");
        for (int i = 0; i < names.Count; i++)
        {
            if (i > 0) html.Append(", ");
            html.AppendText(names[i]);
        }
        html.Append("</dd>\n");
    }

    private static void AppendTimeline(StringBuilder html, ReportSummary summary)
    {
        const double width = 960, height = 180, left = 44, right = 8, top = 10, bottom = 34;
        double plotWidth = width - left - right, plotHeight = height - top - bottom;
        var days = summary.Days;
        int max = Math.Max(1, days.Max(d => d.Total));
        double slot = plotWidth / days.Count;
        double bar = slot > 4 ? slot * 0.8 : slot;
        html.Append("<section>\n<h2>Events per day</h2>\n<svg id=\"timeline\" role=\"img\" aria-label=\"Events per day, coloured by risk\" viewBox=\"0 0 ")
            .Append(Number(width)).Append(' ').Append(Number(height)).Append("\" width=\"100%\" style=\"max-width:")
            .Append(Number(width)).Append("px\">\n");
        html.Append("<line x1=\"").Append(Number(left)).Append("\" y1=\"").Append(Number(top + plotHeight)).Append("\" x2=\"")
            .Append(Number(width - right)).Append("\" y2=\"").Append(Number(top + plotHeight)).Append("\"/>\n");
        html.Append("<text x=\"").Append(Number(left - 6)).Append("\" y=\"").Append(Number(top + 10)).Append("\" text-anchor=\"end\">")
            .Append(max).Append("</text><text x=\"").Append(Number(left - 6)).Append("\" y=\"").Append(Number(top + plotHeight))
            .Append("\" text-anchor=\"end\">0</text>\n");
        int labelEvery = Math.Max(1, (int)Math.Ceiling(days.Count / 8.0));
        for (int i = 0; i < days.Count; i++)
        {
            var day = days[i];
            string date = day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            double x = left + i * slot + (slot - bar) / 2;
            html.Append("<g class=\"day\" data-day=\"").Append(date).Append("\" data-n=\"").Append(day.Total).Append("\"><title>")
                .Append(date).Append(": ").Append(day.Total).Append(day.Total == 1 ? " event" : " events");
            foreach (var colour in RiskColours.Order)
            {
                if (day.ByColour.TryGetValue(colour, out int n)) html.Append(", ").Append(n).Append(' ').Append(colour);
            }
            html.Append("</title>");
            double y = top + plotHeight;
            foreach (var colour in RiskColours.Order.Reverse())
            {
                if (!day.ByColour.TryGetValue(colour, out int n)) continue;
                double h = plotHeight * n / max;
                y -= h;
                html.Append("<rect class=\"b ").Append(RiskColours.CssClass(colour)).Append("\" x=\"").Append(Number(x)).Append("\" y=\"")
                    .Append(Number(y)).Append("\" width=\"").Append(Number(bar)).Append("\" height=\"").Append(Number(h)).Append("\"/>");
            }
            html.Append("</g>\n");
            if (i % labelEvery == 0)
            {
                html.Append("<text x=\"").Append(Number(left + i * slot + slot / 2)).Append("\" y=\"").Append(Number(height - 14))
                    .Append("\" text-anchor=\"middle\">").Append(date).Append("</text>\n");
            }
        }
        html.Append("</svg>\n<p class=\"muted\">");
        foreach (var colour in RiskColours.Order)
        {
            html.Append("<span class=\"sw ").Append(RiskColours.CssClass(colour)).Append("\"></span>").Append(colour).Append(' ');
        }
        html.Append("<br>A record with several flags is coloured by the first of them in this order.</p>\n</section>\n");
    }

    private static void AppendCounts(StringBuilder html, ReportSummary summary)
    {
        html.Append("<section class=\"grid\">\n<div>\n<h2>By risk flag</h2>\n<table id=\"by-risk\">\n<thead><tr><th>Flag</th><th>Records</th></tr></thead>\n<tbody>\n");
        foreach (var risk in summary.ByRisk)
        {
            html.Append("<tr><td><span class=\"sw ").Append(RiskColours.CssClass(risk.Flag)).Append("\"></span>").Append(risk.Flag)
                .Append("</td><td class=\"n\">").Append(risk.Count).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n");
        AppendCountTable(html, "Top callers", "top-callers", "Caller (RequestUser)", summary.TopCallers, false);
        AppendCountTable(html, "Top targets", "top-targets", "User or role acted on", summary.TopTargets, true);
        AppendCountTable(html, "By event", "by-event", "Event", summary.ByEvent, false);
        html.Append("</section>\n");
    }

    private static void AppendCountTable(StringBuilder html, string heading, string id, string nameHeader, IReadOnlyList<NameCount> counts, bool withKind)
    {
        html.Append("<div>\n<h2>").Append(heading).Append("</h2>\n<table id=\"").Append(id).Append("\">\n<thead><tr><th>").Append(nameHeader).Append("</th>");
        if (withKind) html.Append("<th>Kind</th>");
        html.Append("<th>Records</th><th>Risky</th></tr></thead>\n<tbody>\n");
        foreach (var count in counts)
        {
            html.Append("<tr><td>").AppendText(count.Name).Append("</td>");
            if (withKind) html.Append("<td>").Append(count.Kind).Append("</td>");
            html.Append("<td class=\"n\">").Append(count.Count).Append("</td><td class=\"n\">").Append(count.Risky).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n");
    }

    /// <summary>How many rows one block of the records table holds.</summary>
    internal const int RowsPerChunk = 200;

    /// <summary>
    /// The records table. The Account and Region columns are left out when every record has the same one, which the
    /// header gives; the caller's ARN is the Caller cell's tooltip when it says more than the name; the details of a
    /// record are one block of "label: value" lines. All three keep a big report small. With scripts off every
    /// record's details show; with scripts on they are folded, and a click on a row unfolds them (a details element per
    /// record would double the time a browser takes to show 10,000 of them). The rows come in blocks of
    /// <see cref="RowsPerChunk"/>, each a table of fixed column widths under one header table, so that the browser lays
    /// out only the blocks in view (content-visibility) and the columns of every block line up.
    /// </summary>
    private static void AppendRecords(StringBuilder html, IReadOnlyList<ReportRecord> records, ReportSummary summary, CancellationToken cancellationToken)
    {
        bool accounts = summary.Accounts.Count > 1, regions = summary.Regions.Count > 1;
        var columns = new List<string> { "time", "event", "caller", "target" };
        if (accounts) columns.Add("account");
        if (regions) columns.Add("region");
        columns.Add("risk");
        columns.Add("details");
        string colgroup = "<colgroup>" + string.Concat(columns.Select(c => "<col class=\"c-" + c + "\">")) + "</colgroup>";
        html.Append("<section>\n<h2>Records</h2>\n<p id=\"shown\" class=\"muted\">").Append(records.Count)
            .Append(records.Count == 1 ? " record" : " records").Append(", the risky ones first</p>\n")
            .Append("<div id=\"records\">\n<table class=\"head\">").Append(colgroup)
            .Append("<thead><tr><th>Time (UTC)</th><th>Event</th><th>Caller</th><th>Target</th>");
        if (accounts) html.Append("<th>Account</th>");
        if (regions) html.Append("<th>Region</th>");
        html.Append("<th>Risk</th><th data-nosort>Details</th></tr></thead></table>\n");
        for (int i = 0; i < records.Count; i++)
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (i % RowsPerChunk == 0)
            {
                int rows = Math.Min(RowsPerChunk, records.Count - i);
                html.Append("<div class=\"chunk\" style=\"contain-intrinsic-size:auto ").Append(rows * 23).Append("px\"><table>")
                    .Append(colgroup).Append("<tbody>\n");
            }
            var record = records[i];
            var e = record.Event;
            html.Append("<tr class=").Append(RiskColours.CssClass(record.Primary)).Append("><td>").Append(ReportRecord.Time(e.EventTime))
                .Append("<td>").AppendText(e.EventName).Append("<td");
            if (record.CallerArn is { } arn) html.Append(" title=\"").AppendText(arn).Append('"');
            html.Append('>').AppendText(e.RequestUser).Append("<td>").AppendText(record.Target);
            if (accounts) html.Append("<td>").AppendText(e.AccountId);
            if (regions) html.Append("<td>").AppendText(e.AwsRegion);
            html.Append("<td>");
            if (e.Risk != IamRisk.None) html.Append(e.Risk.ToString());
            html.Append("<td><pre>");
            for (int d = 0; d < record.Details.Count; d++)
            {
                var detail = record.Details[d];
                if (d > 0) html.Append('\n');
                html.Append(detail.Label).Append(':').Append(detail.IsPolicyDocument ? '\n' : ' ')
                    .AppendText(detail.IsPolicyDocument ? PrettyJson(detail.Text!) : detail.Text);
            }
            html.Append("</pre>\n");
            if (i % RowsPerChunk == RowsPerChunk - 1 || i == records.Count - 1) html.Append("</tbody></table></div>\n");
        }
        html.Append("</div>\n</section>\n");
    }

    /// <summary>A JSON document indented two spaces; text that is not JSON is given back as it is.</summary>
    internal static string PrettyJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented)) document.WriteTo(writer);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("IamInsights.Reports." + name)
            ?? throw new InvalidOperationException($"The report's {name} is not embedded in {typeof(HtmlReport).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static byte[] Sha256(byte[] bytes)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(bytes);
    }
}
