using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using IamInsights.Query;
using IamInsights.Sources;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The evaluator's speed-ups give the same rows as the plain evaluation, and the rows the fixture predicts.</summary>
public class QueryOptimizationTests
{
    private static readonly string[] Names = { "CreateUser", "DeleteUser", "ListUsers", "AssumeRole" };

    /// <summary>Records with few distinct names, times and counts, so that sort keys tie often; some lack a field.</summary>
    private static List<(string Id, string Name, string Time, int? Count)> Fixture(Random random) =>
        Enumerable.Range(0, random.Next(0, 60)).Select(i => (
            Id: "e" + i.ToString(CultureInfo.InvariantCulture),
            Name: Names[random.Next(Names.Length)],
            Time: "2026-11-20T0" + random.Next(0, 4).ToString(CultureInfo.InvariantCulture) + ":00:00Z",
            Count: random.Next(4) == 0 ? (int?)null : random.Next(0, 5))).ToList();

    private static CloudTrailRecord[] Records(List<(string Id, string Name, string Time, int? Count)> fixture) =>
        fixture.Select((f, i) => new CloudTrailRecord(JsonDocument.Parse(Events.Make(f.Name, f.Time,
            extra: "\"n\":\"" + f.Id + "\"" + (f.Count == null ? "" : ",\"count\":" + f.Count.Value.ToString(CultureInfo.InvariantCulture)))).RootElement,
            "f.json", "f.json", i)).ToArray();

    private static List<string> Run(string query, IEnumerable<ILogRecord> records, bool keepTopRowsOnly) =>
        new CompiledQuery(Parser.Parse(query)) { KeepTopRowsOnly = keepTopRowsOnly }.Run(records)
            .Select(r => string.Join("|", r.Columns.Select(c => Values.ToText(r[c])))).ToList();

    [Fact]
    public void Sort_then_limit_keeps_the_first_rows_in_order_with_ties_in_input_order()
    {
        var random = new Random(3);
        for (int round = 0; round < 100; round++)
        {
            var fixture = Fixture(random);
            var records = Records(fixture);
            int limit = random.Next(1, 12);

            // Expected from the fixture: LINQ's stable sort over the values the test wrote.
            var expected = fixture.OrderByDescending(f => f.Time, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal)
                .Take(limit).Select(f => f.Id + "|" + f.Name).ToList();
            string query = $"sort eventTime desc, eventName asc | limit {limit} | fields n, eventName";
            Assert.Equal(expected, Run(query, records, keepTopRowsOnly: true));
            Assert.Equal(expected, Run(query, records, keepTopRowsOnly: false));

            string withMissing = $"sort count asc | limit {limit} | fields n, count";
            Assert.Equal(Run(withMissing, records, keepTopRowsOnly: false), Run(withMissing, records, keepTopRowsOnly: true));
            string afterStats = $"stats count(*) as c by eventName | sort c desc | limit {limit}";
            Assert.Equal(Run(afterStats, records, keepTopRowsOnly: false), Run(afterStats, records, keepTopRowsOnly: true));
        }
    }
}
