using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using IamInsights.Query;
using Xunit;

namespace IamInsights.Tests;

/// <summary>Printing any syntax tree gives text that parses back to an equal tree.</summary>
public class RoundTripPropertyTests
{
    private static readonly string[] Names =
    {
        "eventName", "requestParameters.userName", "resources.0.ARN", "@timestamp", "@message", "a", "x_1",
        "detail-type", "filter", "in", "two words", "quote`d", "back\\slash", "9lives", "ends.", "new\nline", "é",
        "pattern", "diff", "into", "SOURCE", "js.list.0.name", "a.b c",
    };

    private static readonly string[] Texts = { "", "a", "iam.amazonaws.com", "say \"hi\"", "it's", "tab\there", "line\nbreak", "back\\slash", "/", "*" };

    private static readonly string[] Regexes = { "^Create", "(?i)admin", "a|b", "[0-9]+", "x\\.y", "(?<name>\\w+)" };

    private static readonly string[] Periods = { "5m", "1h", "30s", "1d", "1.5h", "2w", "1mo", "1q", "1y", "100ms" };

    private static readonly string[] Scalar1 = { "ispresent", "isempty", "isblank", "strlen", "toupper", "tolower", "trim", "abs", "ceil", "floor", "tomillis", "frommillis",
        "log", "sqrt", "isvalidip", "isvalidipv4", "isvalidipv6", "jsonparse", "jsonstringify", "unmask" };

    private static readonly string[] Scalar2 = { "isipinsubnet", "isipv4insubnet", "isipv6insubnet", "trim", "strcontains" };

    private static readonly string[] Binary = { "and", "or", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "^", "like", "=~" };

    private static Gen<Expr> Leaf() => Gen.OneOf(
        Gen.Elements(Names).Select(n => (Expr)new FieldExpr(n)),
        Gen.Elements(Texts).Select(t => (Expr)new StringExpr(t)),
        Gen.Choose(-1000, 100000).Select(i => (Expr)new NumberExpr(i / 8.0)),
        Gen.Elements(Regexes).Select(r => (Expr)new RegexExpr(r)),
        Gen.Elements(Periods).Select(p => (Expr)new PeriodExpr(Period.Parse(p))));

    private static Gen<Expr> Expression(int size)
    {
        if (size <= 0) return Leaf();
        var smaller = Gen.Sized(_ => Expression(size / 2));
        return Gen.OneOf(
            Leaf(),
            Leaf(),
            from op in Gen.Elements(Binary) from l in smaller from r in smaller select (Expr)new BinaryExpr(op, l, r),
            from op in Gen.Elements("not", "-") from e in smaller select (Expr)new UnaryExpr(op, e),
            from v in smaller from items in Gen.ListOf(smaller) from negated in Gen.Elements(true, false)
            select (Expr)new InExpr(v, new Sequence<Expr>(items.Take(4)), negated),
            from f in Gen.Elements(Scalar1) from a in smaller select (Expr)new CallExpr(f, new Sequence<Expr>(new[] { a })),
            from f in Gen.Elements(Scalar2) from a in smaller from b in smaller select (Expr)new CallExpr(f, new Sequence<Expr>(new[] { a, b })),
            from args in Gen.ListOf(smaller) select (Expr)new CallExpr("concat", new Sequence<Expr>(new[] { new StringExpr("x") }.Concat(args.Take(3)))),
            from p in Gen.Elements(Periods) select (Expr)new CallExpr("bin", new Sequence<Expr>(new Expr[] { new PeriodExpr(Period.Parse(p)) })));
    }

    private static Gen<string?> Alias() => Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(Names).Select(n => (string?)n));

    private static Gen<Projection> ProjectionGen(int size) =>
        from e in Expression(size) from alias in Alias() select new Projection(e, alias);

    private static Gen<Projection> AggregateGen(int size) =>
        from name in Gen.Elements("count", "sum", "avg", "min", "max", "stddev", "count_distinct", "earliest", "latest", "pct", "sortsfirst", "sortslast",
            "rate", "count_over_time", "sum_over_time", "histogram")
        from period in Gen.Elements(Periods)
        from buckets in Gen.Choose(1, 50)
        from field in Gen.Elements(Names)
        from alias in Alias()
        select new Projection(name switch
        {
            "count" => new CallExpr("count", new Sequence<Expr>(new Expr[] { new StarExpr() })),
            "pct" => new CallExpr("pct", new Sequence<Expr>(new Expr[] { new FieldExpr(field), new NumberExpr(95) })),
            "rate" => new CallExpr("rate", new Sequence<Expr>(new Expr[] { new FieldExpr(field), new PeriodExpr(Period.Parse(period)) })),
            "histogram" => new CallExpr("histogram", new Sequence<Expr>(new Expr[] { new FieldExpr(field), new NumberExpr(buckets) })),
            _ => new CallExpr(name, new Sequence<Expr>(new Expr[] { new FieldExpr(field) })),
        }, alias);

    private static readonly string[] Tables = { "users", "user_data", "T1" };

    private static readonly string[] Aliases = { "api", "l", "order", "lambda" };

    private static Gen<bool?> OptionalBool() => Gen.Elements<bool?>(null, true, false);

    /// <summary>A query between parentheses: SOURCE 'group' (always for a join, sometimes for a subquery), then commands.</summary>
    private static Gen<QueryAst> NestedGen(int size, bool withSource) =>
        from logGroup in Gen.Elements(Texts)
        from source in withSource ? Gen.Constant(true) : Gen.Elements(true, false)
        from commands in Gen.NonEmptyListOf(CommandGen(size / 2))
        select new QueryAst(new Sequence<Command>(
            (source ? new Command[] { new SourceLogGroupCommand(logGroup) } : new Command[0]).Concat(commands.Take(source ? commands.Count() - 1 : 2).Take(2))));

    /// <summary>lookup, join, a subquery filter, addtotals, and stats with offset.</summary>
    private static Gen<Command> InsightsLanguageGen(int size) => Gen.OneOf(
        from table in Gen.Elements(Tables)
        from keys in Gen.NonEmptyListOf(from t in Gen.Elements(Names) from l in Gen.Elements(Names) select new LookupKey(t, l))
        from outputs in Gen.NonEmptyListOf(Gen.Elements(Names))
        select (Command)new LookupCommand(table, new Sequence<LookupKey>(keys.Take(2)), new Sequence<string>(outputs.Take(3))),
        from type in Gen.Elements<string?>(null, "inner", "left")
        from left in Gen.Elements(Aliases) from right in Gen.Elements(Aliases)
        from leftKey in Gen.Elements(Names) from rightKey in Gen.Elements(Names)
        from query in NestedGen(size, withSource: true)
        select (Command)new JoinCommand(type, left, right, new FieldExpr(left + "." + leftKey), new FieldExpr(right + "." + rightKey), query),
        from field in Gen.Elements(Names) from query in NestedGen(size, withSource: false)
        select (Command)new SubqueryFilterCommand(new FieldExpr(field), query),
        from name in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements(Names).Select(n => (string?)n))
        from row in OptionalBool() from col in OptionalBool()
        from fields in Gen.ListOf(Gen.Elements(Names))
        select (Command)new AddTotalsCommand(name, row, col, new Sequence<FieldExpr>(fields.Take(3).Select(f => new FieldExpr(f)))),
        from aggs in Gen.NonEmptyListOf(AggregateGen(size)) from period in Gen.Elements(Periods) from offset in Gen.Elements(Periods)
        select (Command)new StatsCommand(new Sequence<Projection>(aggs.Take(2)),
            new Sequence<Projection>(new[] { new Projection(new CallExpr("bin", new Sequence<Expr>(new Expr[] { new PeriodExpr(Period.Parse(period)) })), null) }),
            Period.Parse(offset)));

    private static Gen<Command> CommandGen(int size) => size <= 1 ? BasicCommandGen(size) : Gen.OneOf(BasicCommandGen(size), InsightsLanguageGen(size));

    private static Gen<Command> BasicCommandGen(int size) => Gen.OneOf(
        from ps in Gen.NonEmptyListOf(ProjectionGen(size)) select (Command)new FieldsCommand(new Sequence<Projection>(ps.Take(4))),
        from e in Expression(size) select (Command)new FilterCommand(e),
        from keys in Gen.NonEmptyListOf(from e in Expression(size) from d in Gen.Elements(true, false) select new SortKey(e, d))
        select (Command)new SortCommand(new Sequence<SortKey>(keys.Take(3))),
        from n in Gen.Choose(1, 10000) select (Command)new LimitCommand(n),
        from fs in Gen.NonEmptyListOf(Gen.Elements(Names)) select (Command)new DisplayCommand(new Sequence<FieldExpr>(fs.Take(3).Select(f => new FieldExpr(f)))),
        from aggs in Gen.NonEmptyListOf(AggregateGen(size)) from groups in Gen.ListOf(ProjectionGen(size / 2))
        select (Command)new StatsCommand(new Sequence<Projection>(aggs.Take(3)), new Sequence<Projection>(groups.Take(2))),
        from source in Gen.Elements(Names) from names in Gen.NonEmptyListOf(Gen.Elements(Names)) from glue in Gen.Elements(Texts)
        select (Command)new ParseCommand(new FieldExpr(source), string.Join(glue.Replace("*", "") + "*", new string[Math.Min(names.Count(), 3) + 1]) , false,
            new Sequence<string>(names.Take(3))),
        from source in Gen.Elements(Names) select (Command)new ParseCommand(new FieldExpr(source), "user=(?<user>\\w+)", true, new Sequence<string>(new[] { "user" })),
        from e in Expression(size) select (Command)new FilterIndexCommand(e),
        from source in Gen.Elements(Names) from name in Gen.Elements(Names) select (Command)new UnnestCommand(new FieldExpr(source), name),
        from e in Expression(size) select (Command)new PatternCommand(e),
        from period in Gen.Elements<string?>(null, "previousDay", "previousWeek", "previousMonth") select (Command)new DiffCommand(period),
        Gen.Constant((Command)new AnomalyCommand()));

    private static Gen<SourceCommand> SourceGen() =>
        from selectors in Gen.SubListOf(new[] { "namePrefix", "accountIdentifiers", "class" })
        from values in Gen.NonEmptyListOf(Gen.Elements(Texts))
        select new SourceCommand(new Sequence<SourceSelector>(selectors.Select(n => new SourceSelector(n, new Sequence<string>(values.Take(3))))));

    private static Gen<QueryAst> QueryGen() => Gen.Sized(size =>
        from commands in Gen.NonEmptyListOf(CommandGen(Math.Min(size, 12)))
        from dedup in Gen.Elements(false, false, true)
        from source in Gen.OneOf(Gen.Constant<SourceCommand?>(null), SourceGen().Select(s => (SourceCommand?)s))
        select new QueryAst(new Sequence<Command>(
            (source == null ? Enumerable.Empty<Command>() : new Command[] { source }).Concat(
            dedup ? commands.Take(4).Concat(new Command[] { new DedupCommand(new Sequence<FieldExpr>(new[] { new FieldExpr("eventName") })), new LimitCommand(5) })
                  : commands.Take(5)))));

    [Fact]
    public void Any_tree_prints_as_text_that_parses_to_an_equal_tree()
    {
        Prop.ForAll(QueryGen().ToArbitrary(), ast =>
        {
            string text = ast.ToString();
            QueryAst reparsed;
            try
            {
                reparsed = Parser.Parse(text);
            }
            catch (QuerySyntaxException e)
            {
                throw new Exception($"The printed query does not parse: {e.Message}\n{text}", e);
            }
            if (!reparsed.Equals(ast)) throw new Exception($"The tree changed:\n{text}\n---\n{reparsed}");
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
