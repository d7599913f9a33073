using System.Linq;
using IamInsights.Query;
using Xunit;

namespace IamInsights.Tests;

public class ParserTests
{
    [Fact]
    public void Parses_the_seed_query_shape()
    {
        var ast = Parser.Parse("filter eventSource = \"iam.amazonaws.com\" and eventName = \"CreateUser\"\n" +
                               "| fields eventTime, requestParameters.userName as CreatedUser\n| sort eventTime desc\n| limit 20");
        Assert.Equal(4, ast.Commands.Count);
        var filter = Assert.IsType<FilterCommand>(ast.Commands[0]);
        var and = Assert.IsType<BinaryExpr>(filter.Condition);
        Assert.Equal("and", and.Operator);
        Assert.Equal(new BinaryExpr("=", new FieldExpr("eventSource"), new StringExpr("iam.amazonaws.com")), and.Left);
        var fields = Assert.IsType<FieldsCommand>(ast.Commands[1]);
        Assert.Equal(new[] { "eventTime", "CreatedUser" }, new[] { fields.Projections[0].ColumnName, fields.Projections[1].ColumnName });
        var sort = Assert.IsType<SortCommand>(ast.Commands[2]);
        Assert.True(sort.Keys[0].Descending);
        Assert.Equal(20, Assert.IsType<LimitCommand>(ast.Commands[3]).Count);
    }

    [Fact]
    public void And_binds_tighter_than_or_and_not_applies_to_its_comparison()
    {
        var e = ((FilterCommand)Parser.Parse("filter a = 1 or b = 2 and not c = 3").Commands[0]).Condition;
        var or = Assert.IsType<BinaryExpr>(e);
        Assert.Equal("or", or.Operator);
        var and = Assert.IsType<BinaryExpr>(or.Right);
        Assert.Equal("and", and.Operator);
        Assert.IsType<UnaryExpr>(and.Right);
    }

    [Fact]
    public void Parses_in_and_not_in_lists()
    {
        var e = ((FilterCommand)Parser.Parse("filter eventName not in [\"A\", \"B\"]").Commands[0]).Condition;
        var inExpr = Assert.IsType<InExpr>(e);
        Assert.True(inExpr.Negated);
        Assert.Equal(2, inExpr.Items.Count);
    }

    [Theory]
    [InlineData("filter eventSource = \"iam.amazonaws.com\" and eventName in [\"PutUserPolicy\", \"DeleteUserPolicy\"]")]
    [InlineData("fields `detail-type` as kind, resources.0.ARN, @timestamp")]
    [InlineData("filter (a = 1 or b != 'x') and not c like /Create.*/ | sort a desc, b | limit 3")]
    [InlineData("fields tolower(userIdentity.userName) as who, strlen(a) * 2 + -1 as n | filter who != \"\"")]
    [InlineData("filter x not like \"abc\" and y =~ /(?i)admin/ and z >= 3.5e2 | display x, y")]
    [InlineData("filter a - -1 > 2 ^ 3 % 4")]
    [InlineData("stats count(*) as n, avg(x) * 2 by bin(5m) as t, eventName | sort n desc")]
    [InlineData("parse @message \"user=* action=*\" as user, action | dedup user | limit 2")]
    [InlineData("parse requestParameters.policyDocument /\"Action\":\"(?<action>[^\"]+)\"/ | display action")]
    public void Printing_a_tree_gives_text_that_parses_to_the_same_tree(string query)
    {
        var ast = Parser.Parse(query);
        Assert.Equal(ast, Parser.Parse(ast.ToString()));
    }

    [Fact]
    public void Every_catalog_template_parses()
    {
        foreach (var entry in IamCatalog.Entries)
        {
            Assert.True(Parser.TryParse(entry.Query, out var ast, out var error), entry.Command + ": " + error?.Message);
            Assert.Equal(ast, Parser.Parse(ast!.ToString()));
        }
    }

    [Theory]
    [InlineData("", "Syntax error (line 1, column 1): the query is empty")]
    [InlineData("filter", "Syntax error (line 1, column 7): unexpected end of query")]
    [InlineData("filter a = )", "Syntax error (line 1, column 12): unexpected ')'")]
    [InlineData("fields a,", "Syntax error (line 1, column 10): unexpected end of query")]
    [InlineData("select a", "Syntax error (line 1, column 1): expected a command (fields, display, filter, filterIndex, stats, sort, limit, dedup, parse, unnest, lookup, join, addtotals, pattern, diff, anomaly, SOURCE) but found 'select'")]
    [InlineData("filter a = 1 |", "Syntax error (line 1, column 15): expected a command (fields, display, filter, filterIndex, stats, sort, limit, dedup, parse, unnest, lookup, join, addtotals, pattern, diff, anomaly, SOURCE) but found end of query")]
    [InlineData("filter (a = 1", "Syntax error (line 1, column 14): expected ')' but found end of query")]
    [InlineData("filter a in [1, 2", "Syntax error (line 1, column 18): expected ',' or ']' but found end of query")]
    [InlineData("filter a in 1", "Syntax error (line 1, column 13): expected '[' but found '1'")]
    [InlineData("limit 0", "Syntax error (line 1, column 7): expected a positive whole number but found '0'")]
    [InlineData("limit x", "Syntax error (line 1, column 7): expected a positive whole number but found 'x'")]
    [InlineData("fields a as", "Syntax error (line 1, column 12): expected a field name but found end of query")]
    [InlineData("filter nosuch(a)", "Syntax error (line 1, column 8): unknown function 'nosuch'")]
    [InlineData("filter strlen(a, b)", "Syntax error (line 1, column 8): function 'strlen' takes 1 argument, not 2")]
    [InlineData("filter a = 1\n| sort a sideways", "Syntax error (line 2, column 10): unexpected 'sideways'")]
    [InlineData("filter a like /(unclosed/", "Syntax error (line 1, column 15): invalid regex /(unclosed/: Invalid pattern '(unclosed' at offset 9. Not enough )'s.")]
    [InlineData("display a + 1", "Syntax error (line 1, column 11): unexpected '+'")]
    [InlineData("filter a = 1 filter b = 2", "Syntax error (line 1, column 14): unexpected 'filter'")]
    [InlineData("stats eventName", "Syntax error (line 1, column 7): stats needs an aggregate function such as count(), sum() or avg()")]
    [InlineData("stats count(*) + x", "Syntax error (line 1, column 7): the field 'x' must be inside an aggregate function or after 'by'")]
    [InlineData("filter count(*) > 1", "Syntax error (line 1, column 8): the aggregate function 'count' can only be used in stats")]
    [InlineData("dedup a | filter b = 1", "Syntax error (line 1, column 11): only limit can follow dedup")]
    [InlineData("parse @message \"a=* b=*\" as a", "Syntax error (line 1, column 26): the parse pattern has 2 '*' but 1 field name")]
    [InlineData("parse @message \"plain\" as a", "Syntax error (line 1, column 16): the parse pattern has no '*' to capture")]
    [InlineData("parse @message /plain/", "Syntax error (line 1, column 16): the parse regex has no named group such as (?<name>...)")]
    [InlineData("stats count(*) by bin(5x)", "Syntax error (line 1, column 23): invalid time period '5x' (units: ms, s, m, h, d, w, mo, q, y)")]
    [InlineData("stats count(*) by bin(11111111111111111111115m)", "Syntax error (line 1, column 23): invalid time period '11111111111111111111115m': the amount must be from 0 to 1000000 without an exponent")]
    [InlineData("filter a = 1e999", "Syntax error (line 1, column 12): the number '1e999' is too large")]
    [InlineData("stats count(*) + 6666666E66666666666", "Syntax error (line 1, column 18): the number '6666666E66666666666' is too large")]
    [InlineData("stats pct(a, 101)", "Syntax error (line 1, column 7): pct takes a percentile from 0 to 100 as its second argument")]
    [InlineData("stats sum(*)", "Syntax error (line 1, column 7): only count takes '*'")]
    [InlineData("fields strlen(*)", "Syntax error (line 1, column 15): unexpected '*'")]
    public void Malformed_queries_give_the_reason_line_and_column(string query, string message)
    {
        Assert.False(Parser.TryParse(query, out _, out var error));
        Assert.Equal(message, error!.Message);
    }
}

public class ParserLimitTests
{
    [Theory]
    [InlineData(150, "-")]
    [InlineData(150, "not ")]
    [InlineData(350, "(")]
    [InlineData(150, "a + ")]
    [InlineData(150, "a or ")]
    [InlineData(150, "2 ^ ")]
    public void Deep_nesting_is_refused_instead_of_overflowing_the_stack(int levels, string prefix)
    {
        string query = "filter " + string.Concat(Enumerable.Repeat(prefix, levels)) + "a" + (prefix == "(" ? new string(')', levels) : "");
        if (prefix == "a + ") query = "filter " + string.Join(" + ", Enumerable.Repeat("a", 5000));
        var error = Assert.Throws<QuerySyntaxException>(() => Parser.Parse(query));
        Assert.Contains("nests more than 100 levels deep", error.Message);
    }

    [Fact]
    public void A_tree_at_the_limit_prints_as_text_within_the_limit()
    {
        string query = "fields " + new string('-', 99) + "a";
        var ast = Parser.Parse(query);
        Assert.Equal(ast, Parser.Parse(ast.ToString()));
    }

    [Fact]
    public void Nesting_within_the_limit_parses_and_round_trips()
    {
        string query = "filter " + new string('(', 40) + "a = -(-(-1))" + new string(')', 40);
        var ast = Parser.Parse(query);
        Assert.Equal(ast, Parser.Parse(ast.ToString()));
    }
}
