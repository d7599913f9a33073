using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>SOURCE, pattern, diff and anomaly: parsed and printed for Logs Insights, refused by the local evaluator.</summary>
public class InsightsOnlyCommandTests
{
    [Theory]
    [InlineData("fields @message | pattern @message", "fields @message\n| pattern @message")]
    [InlineData("pattern @message | diff", "pattern @message\n| diff")]
    [InlineData("pattern @message | diff previousweek", "pattern @message\n| diff previousWeek")]
    [InlineData("fields @timestamp, @message | pattern @message | anomaly", "fields @timestamp, @message\n| pattern @message\n| anomaly")]
    [InlineData("SOURCE logGroups()", "SOURCE logGroups()")]
    [InlineData("source logGroups(namePrefix: [\"/aws/cloudtrail\", 'ct'], class: ['STANDARD']) | filter eventName = 'CreateUser'",
        "SOURCE logGroups(namePrefix: ['/aws/cloudtrail', 'ct'], class: ['STANDARD'])\n| filter eventName = \"CreateUser\"")]
    [InlineData("SOURCE logGroups(accountIdentifiers:['111122223333'], namePrefix: ['it\\'s'])",
        "SOURCE logGroups(accountIdentifiers: ['111122223333'], namePrefix: ['it\\'s'])")]
    [InlineData("filterIndex IPaddress in [\"198.51.100.0\", \"198.51.100.1\"] | limit 20",
        "filterIndex IPaddress in [\"198.51.100.0\", \"198.51.100.1\"]\n| limit 20")]
    [InlineData("fields jsonParse(@message) as js | unnest js.events into event | display event.name",
        "fields jsonparse(@message) as js\n| unnest js.events into event\n| display event.name")]
    [InlineData("pattern /Create.*/", "pattern /Create.*/")]
    public void Parses_and_prints_the_command_so_that_the_text_parses_back_the_same(string query, string printed)
    {
        var ast = Parser.Parse(query);
        Assert.Equal(printed, ast.ToString());
        Assert.Equal(ast, Parser.Parse(printed));
    }

    [Fact]
    public void The_commands_are_not_reserved_words_for_fields()
    {
        var ast = Parser.Parse("fields pattern, diff / 2 as half, anomaly, source, unnest, filterIndex | filter pattern like /x/");
        var fields = Assert.IsType<FieldsCommand>(ast.Commands[0]);
        Assert.Equal(new[] { "pattern", "half", "anomaly", "source", "unnest", "filterIndex" }, fields.Projections.Select(p => p.ColumnName));
        Assert.Equal(new BinaryExpr("/", new FieldExpr("diff"), new NumberExpr(2)), fields.Projections[1].Expression);
        Assert.Equal(ast, Parser.Parse(ast.ToString()));
    }

    [Theory]
    [InlineData("filter a = 1 | SOURCE logGroups()", "Syntax error (line 1, column 16): SOURCE must be the first command")]
    [InlineData("SOURCE namePrefix: ['a']", "Syntax error (line 1, column 8): expected logGroups(...) but found 'namePrefix'")]
    [InlineData("SOURCE logGroups(prefix: ['a'])", "Syntax error (line 1, column 18): expected namePrefix, accountIdentifiers or class but found 'prefix'")]
    [InlineData("SOURCE logGroups(namePrefix: 'a')", "Syntax error (line 1, column 30): expected '[' but found string \"a\"")]
    [InlineData("SOURCE logGroups(namePrefix: [a])", "Syntax error (line 1, column 31): expected a string but found 'a'")]
    [InlineData("SOURCE logGroups(class: ['STANDARD'], class: ['STANDARD'])", "Syntax error (line 1, column 39): 'class' is given twice")]
    [InlineData("pattern @message | diff yesterday", "Syntax error (line 1, column 25): expected previousDay, previousWeek, previousMonth or the end of the command but found 'yesterday'")]
    [InlineData("pattern @message | anomaly @pattern", "Syntax error (line 1, column 28): unexpected '@pattern'")]
    [InlineData("pattern", "Syntax error (line 1, column 8): unexpected end of query")]
    [InlineData("unnest tags as tag", "Syntax error (line 1, column 13): expected 'into' but found 'as'")]
    public void Malformed_commands_are_refused_with_their_position(string query, string message)
    {
        var e = Assert.Throws<QuerySyntaxException>(() => Parser.Parse(query));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("fields @message | pattern @message", "pattern @message", "pattern")]
    [InlineData("pattern @message | diff previousDay", "pattern @message", "pattern")]
    [InlineData("filter eventName = \"X\" | diff", "diff", "diff")]
    [InlineData("fields @message | anomaly", "anomaly", "anomaly")]
    [InlineData("SOURCE logGroups(namePrefix: ['/aws/cloudtrail']) | fields eventName", "SOURCE logGroups(namePrefix: ['/aws/cloudtrail'])", "SOURCE")]
    public void The_local_evaluator_refuses_the_query_before_reading_any_record(string query, string command, string keyword)
    {
        var compiled = CompiledQuery.Parse(query);
        var records = new CountingRecords();
        var e = Assert.Throws<QueryNotSupportedLocallyException>(() => compiled.Run(records));
        Assert.Equal("QueryNotSupportedLocally", e.ErrorId);
        Assert.Equal(command, e.Command.ToString());
        Assert.Equal($"The command '{command}' runs only in CloudWatch Logs Insights, not over local CloudTrail files; " +
                     $"send the query to a log group instead, or remove '{keyword}'.", e.Message);
        Assert.Equal(0, records.Pulled);
    }

    [Fact]
    public void The_file_source_fails_before_it_lists_or_reads_a_file()
    {
        using var files = new TestFiles();
        files.Write("a.json", Events.Records(Events.Make("CreateUser")));
        var observer = new RecordingObserver();
        var source = new FileSource(new[] { files.Folder });
        var e = Assert.Throws<QueryNotSupportedLocallyException>(() =>
            source.Run("fields @message | pattern @message", TimeWindow.All, observer, CancellationToken.None));
        Assert.Equal("pattern @message", e.Command.ToString());
        Assert.Empty(observer.Messages);
        Assert.Empty(observer.Problems);
    }

    [Fact]
    public void A_query_that_runs_locally_is_not_refused()
    {
        var compiled = CompiledQuery.Parse("filterIndex eventName = \"CreateUser\" | fields eventName, unmask(eventName) as plain");
        Assert.Null(compiled.InsightsOnlyCommand);
        compiled.EnsureRunsLocally();
    }

    [Theory]
    [InlineData("fields @message | pattern @message", "@pattern,@ratio,@sampleCount,@severityLabel")]
    [InlineData("pattern @message | fields strlen(@pattern) as n", "@pattern,@ratio,@sampleCount,@severityLabel,n")]
    [InlineData("stats count(*) by eventName | pattern eventName", "@pattern,@ratio,@sampleCount,@severityLabel")]
    [InlineData("pattern @message | stats count(*) as n by @severityLabel", "@severityLabel,n")]
    public void A_pattern_query_has_the_documented_pattern_columns(string query, string columns)
    {
        var compiled = CompiledQuery.Parse(query);
        Assert.Equal(columns, string.Join(",", compiled.Columns));
    }

    [Fact]
    public void The_pattern_columns_ratio_and_sample_count_are_numbers()
    {
        var kinds = CompiledQuery.Parse("pattern @message").ColumnKinds();
        Assert.Equal(ValueKind.Number, kinds["@ratio"]);
        Assert.Equal(ValueKind.Number, kinds["@sampleCount"]);
        Assert.Equal(ValueKind.Text, kinds["@pattern"]);
    }

    [Theory]
    [InlineData("filter a = 1 | filterIndex b = 2 | fields c | parse d \"x*\" as e | unnest f into g | display h", false)]
    [InlineData("pattern @message", true)]
    [InlineData("pattern @message | diff", true)]
    [InlineData("fields a | anomaly", true)]
    [InlineData("sort a", true)]
    [InlineData("stats count(*)", true)]
    [InlineData("limit 5", true)]
    [InlineData("dedup a", true)]
    public void Commands_say_whether_they_combine_records(string query, bool combines)
    {
        Assert.Equal(combines, Parser.Parse(query).Commands.Any(c => c.CombinesRecords));
    }

    /// <summary>Records that count how many were taken.</summary>
    internal sealed class CountingRecords : IEnumerable<ILogRecord>
    {
        public int Pulled { get; private set; }

        public IEnumerator<ILogRecord> GetEnumerator()
        {
            for (int i = 0; i < 3; i++)
            {
                Pulled++;
                yield return new NoFields();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class NoFields : ILogRecord
    {
        public object? GetField(string name) => null;
    }
}
