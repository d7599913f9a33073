using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using IamInsights.Query;
using IamInsights.Sources;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// Runs the evaluation cases in Cases/*.json: each has a query, the expected rows (columns in order), and optionally
/// its own input records (otherwise Cases/records.json).
/// </summary>
public class EvaluationCaseTests
{
    private static readonly string CaseFolder = Path.Combine(AppContext.BaseDirectory, "Cases");

    public static IEnumerable<object[]> Cases() =>
        Directory.GetFiles(CaseFolder, "*.json")
            .Where(f => Path.GetFileName(f) != "records.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(file =>
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                return document.RootElement.EnumerateArray()
                    .Select(c => new object[] { Path.GetFileNameWithoutExtension(file) + ": " + c.GetProperty("name").GetString() })
                    .ToList();
            });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var testCase = Find(name);
        string query = testCase.GetProperty("query").GetString()!;
        var ast = Parser.Parse(query);
        Assert.Equal(ast, Parser.Parse(ast.ToString()));

        var records = testCase.TryGetProperty("records", out var own) ? own : DefaultRecords();
        var input = records.EnumerateArray()
            .Select((r, i) => (ILogRecord)new CloudTrailRecord(r.Clone(), "/cases/cases.json", "cases.json", i)).ToList();
        var compiled = new CompiledQuery(ast);
        var rows = compiled.Run(input).ToList();

        var expected = testCase.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(expected.Count == rows.Count, $"{expected.Count} rows expected, {rows.Count} found: {Describe(rows)}");
        for (int i = 0; i < rows.Count; i++)
        {
            var expectedColumns = expected[i].EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(expectedColumns, rows[i].Columns);
            foreach (var property in expected[i].EnumerateObject())
            {
                AssertValue(property.Value, rows[i][property.Name], $"row {i + 1}, column {property.Name}");
            }
        }
    }

    private static void AssertValue(JsonElement expected, object? actual, string where)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.True(actual == null, $"{where}: expected null, found {Values.ToText(actual)}");
                break;
            case JsonValueKind.Number:
                var number = Assert.IsType<double>(actual);
                Assert.True(Math.Abs(number - expected.GetDouble()) < 1e-9, $"{where}: expected {expected.GetDouble()}, found {number}");
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Assert.Equal(expected.GetBoolean(), Assert.IsType<bool>(actual));
                break;
            default:
                string text = expected.GetString()!;
                if (actual is DateTime time) Assert.Equal(text, Values.ToText(time));
                else Assert.True(actual is string s && s == text, $"{where}: expected \"{text}\", found {actual?.GetType().Name} {Values.ToText(actual)}");
                break;
        }
    }

    private static string Describe(IEnumerable<ResultRow> rows) =>
        string.Join("; ", rows.Select(r => string.Join(", ", r.Columns.Select(c => c + "=" + Values.ToText(r[c])))));

    private static JsonElement DefaultRecords()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(CaseFolder, "records.json")));
        return document.RootElement.Clone();
    }

    private static JsonElement Find(string name)
    {
        int colon = name.IndexOf(": ", StringComparison.Ordinal);
        string file = Path.Combine(CaseFolder, name.Substring(0, colon) + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name.Substring(colon + 2)).Clone();
    }
}
