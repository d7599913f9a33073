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

    private static List<string> Run(string query, IEnumerable<ILogRecord> records, bool holdOutputRowsOnly) =>
        new CompiledQuery(Parser.Parse(query)) { HoldOutputRowsOnly = holdOutputRowsOnly }.Run(records)
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
            Assert.Equal(expected, Run(query, records, holdOutputRowsOnly: true));
            Assert.Equal(expected, Run(query, records, holdOutputRowsOnly: false));

            string withMissing = $"sort count asc | limit {limit} | fields n, count";
            Assert.Equal(Run(withMissing, records, holdOutputRowsOnly: false), Run(withMissing, records, holdOutputRowsOnly: true));
            string afterStats = $"stats count(*) as c by eventName | sort c desc | limit {limit}";
            Assert.Equal(Run(afterStats, records, holdOutputRowsOnly: false), Run(afterStats, records, holdOutputRowsOnly: true));
        }
    }

    [Fact]
    public void Stats_groups_are_the_fixtures_groups_in_order_of_first_appearance()
    {
        var random = new Random(9);
        for (int round = 0; round < 50; round++)
        {
            var fixture = Fixture(random);
            // Expected from the fixture: LINQ's GroupBy keeps groups in order of first appearance; a missing count is null.
            var expected = fixture.GroupBy(f => (f.Name, f.Count))
                .Select(g => g.Key.Name + "|" + (g.Key.Count?.ToString(CultureInfo.InvariantCulture) ?? "") + "|" + g.Count().ToString(CultureInfo.InvariantCulture))
                .ToList();
            var rows = new CompiledQuery(Parser.Parse("stats count(*) as c by eventName, count")).Run(Records(fixture))
                .Select(r => Values.ToText(r["eventName"]) + "|" + Values.ToText(r["count"]) + "|" + Values.ToText(r["c"])).ToList();
            Assert.Equal(expected, rows);
        }
    }

    [Fact]
    public void Dedup_keeps_the_newest_record_of_each_combination_newest_first()
    {
        var random = new Random(13);
        for (int round = 0; round < 100; round++)
        {
            var fixture = Fixture(random);
            var records = Records(fixture);
            // Expected from the fixture: newest first (ties in input order), then the first of each name, and every
            // record without a count.
            var seen = new HashSet<string>();
            var expected = fixture.OrderByDescending(f => f.Time, StringComparer.Ordinal)
                .Where(f => f.Count == null || seen.Add(f.Name + "|" + f.Count.Value.ToString(CultureInfo.InvariantCulture)))
                .Select(f => f.Id + "|" + f.Name + "|" + f.Count?.ToString(CultureInfo.InvariantCulture)).ToList();
            string query = "fields n, eventName, count | dedup eventName, count";
            Assert.Equal(expected, Run(query, records, holdOutputRowsOnly: true));
            Assert.Equal(expected, Run(query, records, holdOutputRowsOnly: false));
            string limited = $"fields eventName as e | dedup e | limit {random.Next(1, 5)}";
            Assert.Equal(Run(limited, records, holdOutputRowsOnly: false), Run(limited, records, holdOutputRowsOnly: true));
        }
    }
}
