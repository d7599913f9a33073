using System.Linq;
using IamInsights.Query;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// lookup, join, subqueries, addtotals, the time-series functions and offset, with the syntax of the CloudWatch Logs
/// Insights pages CWL_QuerySyntax-Lookup, -Join, -Subqueries, -Addtotals and -timeseries-functions: parsed, printed
/// back, and refused by the local evaluator before it reads a record.
/// </summary>
public class InsightsLanguageTests
{
    [Theory]
    [InlineData("lookup user_data id as id OUTPUT name, email, department",
        "lookup user_data id as id OUTPUT name, email, department")]
    [InlineData("fields userIdentity.arn | lookup principals arn as userIdentity.arn, acct as recipientAccountId output team",
        "fields userIdentity.arn\n| lookup principals arn as userIdentity.arn, acct as recipientAccountId OUTPUT team")]
    [InlineData("filter status >= 500 | join type=inner left=api right=lambda where api.requestId=lambda.requestId (SOURCE '/aws/lambda/my-function') | fields api.requestId, lambda.duration",
        "filter status >= 500\n| join type=inner left=api right=lambda where api.requestId = lambda.requestId (SOURCE '/aws/lambda/my-function')\n| fields api.requestId, lambda.duration")]
    [InlineData("join left=order right=payment\n    where order.transactionId=payment.transactionId\n    (SOURCE \"/aws/payments\" | filter status = 'FAILED')",
        "join left=order right=payment where order.transactionId = payment.transactionId (SOURCE '/aws/payments' | filter status = \"FAILED\")")]
    [InlineData("join type=LEFT left=a right=b where a.k = b.k (SOURCE logGroups(namePrefix: ['/aws/b']))",
        "join type=left left=a right=b where a.k = b.k (SOURCE logGroups(namePrefix: ['/aws/b']))")]
    [InlineData("filter requestId in ( SOURCE '/aws/lambda/database-service' | filter errorType = \"DatabaseConnectionTimeout\" | fields requestId ) | fields @timestamp, requestId | sort @timestamp desc",
        "filter requestId in (SOURCE '/aws/lambda/database-service' | filter errorType = \"DatabaseConnectionTimeout\" | fields requestId)\n| fields @timestamp, requestId\n| sort @timestamp desc")]
    [InlineData("filter userIdentity.arn in (filter a in (fields a) | fields userIdentity.arn)",
        "filter userIdentity.arn in (filter a in (fields a) | fields userIdentity.arn)")]
    [InlineData("filter a in (pattern /x/ | diff) | fields (pattern / 2) as half",
        "filter a in (pattern /x/ | diff)\n| fields pattern / 2 as half")]
    [InlineData("fields a, b | addtotals", "fields a, b\n| addtotals")]
    [InlineData("fields price, tax, qty | addtotals price, tax", "fields price, tax, qty\n| addtotals price, tax")]
    [InlineData("fields val | addtotals fieldname=RowSum", "fields val\n| addtotals fieldname=RowSum")]
    [InlineData("fields x | addtotals col=true x", "fields x\n| addtotals col=true x")]
    [InlineData("addtotals col=false row=false fieldname=`two words` row, col", "addtotals fieldname=`two words` row=false col=false row, col")]
    [InlineData("stats rate(bytes, 5m) by bin(5m)", "stats rate(bytes, 5m) by bin(5m)")]
    [InlineData("stats count_over_time(@message) as n, sum_over_time(bytes) by bin(1h)", "stats count_over_time(@message) as n, sum_over_time(bytes) by bin(1h)")]
    [InlineData("stats histogram(latency, 10) as h", "stats histogram(latency, 10) as h")]
    [InlineData("stats count(*) by bin(5m) offset 1h", "stats count(*) by bin(5m) offset 1h")]
    [InlineData("stats avg(latency) by eventName, bin(1m) offset 1d", "stats avg(latency) by eventName, bin(1m) offset 1d")]
    public void Parses_and_prints_the_form_so_that_the_text_parses_back_the_same(string query, string printed)
    {
        var ast = Parser.Parse(query);
        Assert.Equal(printed, ast.ToString());
        Assert.Equal(ast, Parser.Parse(printed));
    }

    [Fact]
    public void The_parts_of_each_form_land_in_the_tree()
    {
        var lookup = Assert.IsType<LookupCommand>(Parser.Parse("lookup t id as userId, n as x.y OUTPUT a, b").Commands[0]);
        Assert.Equal("t", lookup.Table);
        Assert.Equal(new[] { new LookupKey("id", "userId"), new LookupKey("n", "x.y") }, lookup.Keys);
        Assert.Equal(new[] { "a", "b" }, lookup.Outputs);

        var join = Assert.IsType<JoinCommand>(Parser.Parse("join type=left left=l right=r where l.id = r.user.id (SOURCE '/g')").Commands[0]);
        Assert.Equal(("left", "l", "r", "l.id", "r.user.id"), (join.Type, join.LeftAlias, join.RightAlias, join.LeftKey.Name, join.RightKey.Name));
        Assert.Equal(new SourceLogGroupCommand("/g"), Assert.Single(join.Right.Commands));

        var sub = Assert.IsType<SubqueryFilterCommand>(Parser.Parse("filter requestId in (SOURCE '/g' | fields requestId)").Commands[0]);
        Assert.Equal(new FieldExpr("requestId"), sub.Field);
        Assert.Equal(2, sub.Subquery.Commands.Count);

        var totals = Assert.IsType<AddTotalsCommand>(Parser.Parse("addtotals fieldname=S col=true a, b").Commands[0]);
        Assert.Equal(("S", (bool?)null, (bool?)true), (totals.FieldName, totals.Row, totals.Col));
        Assert.Equal(new[] { "a", "b" }, totals.Fields.Select(f => f.Name));

        var stats = Assert.IsType<StatsCommand>(Parser.Parse("stats count(*) by bin(5m) offset 90m").Commands[0]);
        Assert.Equal(new Period(90, "m"), stats.Offset);
    }

    [Fact]
    public void A_filter_with_in_and_a_list_is_still_a_plain_filter()
    {
        var ast = Parser.Parse("filter eventName in [\"A\"] | filter lookup = 1 and join = 2 | fields addtotals");
        Assert.IsType<FilterCommand>(ast.Commands[0]);
        Assert.IsType<FilterCommand>(ast.Commands[1]);
        Assert.Equal("addtotals", Assert.IsType<FieldsCommand>(ast.Commands[2]).Projections[0].ColumnName);
    }

    [Theory]
    [InlineData("lookup user-data id as id OUTPUT name", "Syntax error (line 1, column 12): expected a field name but found '-'")]
    [InlineData("lookup 'users' id as id OUTPUT name", "Syntax error (line 1, column 8): expected a lookup table name of letters, digits and '_' but found string \"users\"")]
    [InlineData("lookup users id OUTPUT name", "Syntax error (line 1, column 17): expected 'as' but found 'OUTPUT'")]
    [InlineData("lookup users id as id name", "Syntax error (line 1, column 23): expected ',' or OUTPUT but found 'name'")]
    [InlineData("lookup users id as id OUTPUT", "Syntax error (line 1, column 29): expected a field name but found end of query")]
    [InlineData("join type=outer left=a right=b where a.k = b.k (SOURCE '/g')", "Syntax error (line 1, column 11): expected inner or left but found 'outer'")]
    [InlineData("join left=a where a.k = b.k (SOURCE '/g')", "Syntax error (line 1, column 13): expected 'right=' but found 'where'")]
    [InlineData("join left=a right=b on a.k = b.k (SOURCE '/g')", "Syntax error (line 1, column 21): expected 'where' but found 'on'")]
    [InlineData("join left=a right=b where b.k = a.k (SOURCE '/g')", "Syntax error (line 1, column 27): expected a field of 'a' such as a.requestId but found 'b.k'")]
    [InlineData("join left=a right=b where a.k = b.k", "Syntax error (line 1, column 36): expected '(' but found end of query")]
    [InlineData("join left=a right=b where a.k = b.k (filter x = 1)", "Syntax error (line 1, column 38): the right side of a join starts with SOURCE")]
    [InlineData("join left=a right=b where a.k = b.k (SOURCE '/g'", "Syntax error (line 1, column 49): expected '|' or ')' but found end of query")]
    [InlineData("filter requestId in ()", "Syntax error (line 1, column 22): expected a query but found ')'")]
    [InlineData("filter requestId in (fields requestId", "Syntax error (line 1, column 38): expected '|' or ')' but found end of query")]
    [InlineData("filter requestId in (SOURCE 'g' | SOURCE 'h')", "Syntax error (line 1, column 35): SOURCE must be the first command")]
    [InlineData("SOURCE '/aws/x' | fields a", "Syntax error (line 1, column 8): expected logGroups(...) but found string \"/aws/x\"")]
    [InlineData("addtotals row=yes", "Syntax error (line 1, column 15): expected true or false but found 'yes'")]
    [InlineData("addtotals col=true col=false", "Syntax error (line 1, column 20): 'col' is given twice")]
    [InlineData("addtotals mode=sum", "Syntax error (line 1, column 11): expected fieldname=, row=, col= or a field but found 'mode'")]
    [InlineData("stats rate(bytes) by bin(5m)", "Syntax error (line 1, column 7): function 'rate' takes 2 arguments, not 1")]
    [InlineData("stats rate(bytes, 5) by bin(5m)", "Syntax error (line 1, column 7): rate takes a period such as 5m as its second argument")]
    [InlineData("stats histogram(latency, 2.5)", "Syntax error (line 1, column 7): histogram takes a whole number of buckets as its second argument")]
    [InlineData("fields rate(bytes, 5m)", "Syntax error (line 1, column 8): the aggregate function 'rate' can only be used in stats")]
    [InlineData("stats count(*) by eventName offset 1h", "Syntax error (line 1, column 29): offset goes after 'by bin(period)'")]
    [InlineData("stats count(*) by bin(5m) offset 60", "Syntax error (line 1, column 34): expected a period such as 1h but found '60'")]
    public void Malformed_forms_are_refused_with_their_position(string query, string message)
    {
        var e = Assert.Throws<QuerySyntaxException>(() => Parser.Parse(query));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("fields a | lookup users id as a OUTPUT name", "lookup users id as a OUTPUT name", "lookup")]
    [InlineData("join left=a right=b where a.k = b.k (SOURCE '/g')", "join left=a right=b where a.k = b.k (SOURCE '/g')", "join")]
    [InlineData("filter eventName = 'X' | filter requestId in (SOURCE '/g' | fields requestId)", "filter requestId in (SOURCE '/g' | fields requestId)", "in (subquery)")]
    [InlineData("fields a, b | addtotals", "addtotals", "addtotals")]
    [InlineData("stats sum(x) as s, rate(bytes, 5m) by bin(5m)", "stats sum(x) as s, rate(bytes, 5m) by bin(5m)", "rate")]
    [InlineData("stats count_over_time(@message) by bin(5m)", "stats count_over_time(@message) by bin(5m)", "count_over_time")]
    [InlineData("stats 2 * sum_over_time(x) as d by bin(5m)", "stats 2 * sum_over_time(x) as d by bin(5m)", "sum_over_time")]
    [InlineData("stats histogram(latency, 4)", "stats histogram(latency, 4)", "histogram")]
    [InlineData("stats count(*) by bin(5m) offset 1h", "stats count(*) by bin(5m) offset 1h", "offset")]
    public void The_local_evaluator_refuses_the_query_before_reading_any_record(string query, string command, string keyword)
    {
        var compiled = CompiledQuery.Parse(query);
        var records = new InsightsOnlyCommandTests.CountingRecords();
        var e = Assert.Throws<QueryNotSupportedLocallyException>(() => compiled.Run(records));
        Assert.Equal("QueryNotSupportedLocally", e.ErrorId);
        Assert.Equal(command, e.Command.ToString());
        Assert.Equal($"The command '{command}' runs only in CloudWatch Logs Insights, not over local CloudTrail files; " +
                     $"send the query to a log group instead, or remove '{keyword}'.", e.Message);
        Assert.Equal(0, records.Pulled);
    }

    [Theory]
    [InlineData("lookup users id as a OUTPUT name", false)]
    [InlineData("addtotals", false)]
    [InlineData("addtotals col=false", false)]
    [InlineData("addtotals col=true", true)]
    [InlineData("join left=a right=b where a.k = b.k (SOURCE '/g')", true)]
    [InlineData("filter requestId in (SOURCE '/g' | fields requestId)", true)]
    public void Join_subqueries_and_column_totals_keep_the_query_in_one_piece(string query, bool combines)
    {
        var command = Parser.Parse(query).Commands[0];
        Assert.Equal(combines, command.CombinesRecords);
    }

    [Theory]
    [InlineData("fields eventName | lookup users id as userIdentity.arn OUTPUT team, owner", "eventName,team,owner")]
    [InlineData("lookup users id as userIdentity.arn OUTPUT team", "@timestamp,@message,team")]
    [InlineData("fields a, b | addtotals", "a,b,Total")]
    [InlineData("fields a, b | addtotals fieldname=Sum row=true", "a,b,Sum")]
    [InlineData("fields a, b | addtotals row=false col=true", "a,b")]
    [InlineData("lookup users id as a OUTPUT team | stats count(*) by team", "team,count(*)")]
    public void Lookup_outputs_and_the_row_total_are_result_columns(string query, string columns)
    {
        Assert.Equal(columns, string.Join(",", CompiledQuery.Parse(query).Columns));
    }

    [Fact]
    public void The_time_series_results_are_numbers_except_the_histogram_map()
    {
        var kinds = CompiledQuery.Parse("stats rate(b, 5m) as r, count_over_time(@message) as c, sum_over_time(b) as s, histogram(b, 4) as h by bin(5m)").ColumnKinds();
        Assert.Equal(ValueKind.Number, kinds["r"]);
        Assert.Equal(ValueKind.Number, kinds["c"]);
        Assert.Equal(ValueKind.Number, kinds["s"]);
        Assert.Equal(ValueKind.Text, kinds["h"]);
    }
}
