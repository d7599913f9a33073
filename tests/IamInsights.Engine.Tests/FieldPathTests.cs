using System.Linq;
using IamInsights.Query;
using Xunit;

namespace IamInsights.Tests;

/// <summary>List indexes and quoted keys on a field's path: `list[0].name`, `map.`a.b``.</summary>
public class FieldPathTests
{
    [Theory]
    [InlineData("fields tags[0]", "tags.0")]
    [InlineData("fields js.tags[12]", "js.tags.12")]
    [InlineData("fields doc.Statement[0].Action", "doc.Statement.0.Action")]
    [InlineData("fields a[0][1]", "a.0.1")]
    [InlineData("fields m.`id.v`", "m.id.v")]
    [InlineData("fields m.user.`x-y`.z", "m.user.x-y.z")]
    [InlineData("fields `a b`[0].c", "a b.0.c")]
    [InlineData("fields list[0].`k`", "list.0.k")]
    public void A_path_is_one_field_with_a_dotted_name(string query, string name)
    {
        var fields = Assert.IsType<FieldsCommand>(Parser.Parse(query).Commands[0]);
        Assert.Equal(new FieldExpr(name), fields.Projections.Single().Expression);
        var ast = Parser.Parse(query);
        Assert.Equal(ast, Parser.Parse(ast.ToString()));
    }

    [Fact]
    public void Paths_work_in_display_dedup_and_unnest()
    {
        var ast = Parser.Parse("unnest js.items[0].list into item | display item.tags[1] | dedup item.id");
        Assert.Equal(new UnnestCommand(new FieldExpr("js.items.0.list"), "item"), ast.Commands[0]);
        Assert.Equal(new FieldExpr("item.tags.1"), Assert.IsType<DisplayCommand>(ast.Commands[1]).Fields.Single());
        Assert.Equal(new FieldExpr("item.id"), Assert.IsType<DedupCommand>(ast.Commands[2]).Fields.Single());
    }

    [Fact]
    public void A_bracket_after_a_field_is_not_an_in_list()
    {
        var e = ((FilterCommand)Parser.Parse("filter tags[0] in [\"a\", \"b\"]").Commands[0]).Condition;
        Assert.Equal(new InExpr(new FieldExpr("tags.0"), new Sequence<Expr>(new Expr[] { new StringExpr("a"), new StringExpr("b") }), false), e);
    }

    [Fact]
    public void A_bracket_after_a_field_divides_afterwards()
    {
        var e = ((FilterCommand)Parser.Parse("filter list[1] / 2 > 1").Commands[0]).Condition;
        Assert.Equal(new BinaryExpr(">", new BinaryExpr("/", new FieldExpr("list.1"), new NumberExpr(2)), new NumberExpr(1)), e);
    }

    [Theory]
    [InlineData("fields tags[x]", "Syntax error (line 1, column 13): expected a list index such as 0 but found 'x'")]
    [InlineData("fields tags[1.5]", "Syntax error (line 1, column 13): expected a list index such as 0 but found '1.5'")]
    [InlineData("fields tags[0", "Syntax error (line 1, column 14): expected ']' but found end of query")]
    [InlineData("fields tags[0].5", "Syntax error (line 1, column 15): unexpected '.5'")]
    [InlineData("fields tags[0]. a", "Syntax error (line 1, column 15): unexpected character '.'")]
    public void Malformed_paths_are_refused(string query, string message)
    {
        var e = Assert.Throws<QuerySyntaxException>(() => Parser.Parse(query));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void The_lexer_gives_colons_and_the_dots_of_a_path()
    {
        var tokens = Lexer.Tokenize("a[0].b x: `q`.r");
        Assert.Equal(
            new[] { TokenKind.Identifier, TokenKind.LeftBracket, TokenKind.Number, TokenKind.RightBracket, TokenKind.Dot, TokenKind.Identifier,
                    TokenKind.Identifier, TokenKind.Colon, TokenKind.QuotedIdentifier, TokenKind.Dot, TokenKind.Identifier, TokenKind.End },
            tokens.Select(t => t.Kind));
    }
}
