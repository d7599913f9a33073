using System.Linq;
using IamInsights.Query;
using Xunit;

namespace IamInsights.Tests;

public class LexerTests
{
    [Fact]
    public void Tokens_carry_their_line_and_column()
    {
        var tokens = Lexer.Tokenize("filter a = \"x\"\n| limit 5");
        Assert.Equal(new[] { "filter", "a", "=", "x", "|", "limit", "5", "" }, tokens.Select(t => t.Text));
        var limit = tokens[5];
        Assert.Equal((2, 3), (limit.Line, limit.Column));
        Assert.Equal(TokenKind.End, tokens.Last().Kind);
    }

    [Fact]
    public void Dotted_paths_array_indexes_and_system_fields_are_single_identifiers()
    {
        var tokens = Lexer.Tokenize("fields resources.0.ARN, @timestamp, userIdentity.sessionContext.attributes.mfaAuthenticated");
        Assert.Equal(new[] { "fields", "resources.0.ARN", ",", "@timestamp", ",", "userIdentity.sessionContext.attributes.mfaAuthenticated", "" },
            tokens.Select(t => t.Text));
    }

    [Fact]
    public void Comments_run_to_the_end_of_the_line()
    {
        var tokens = Lexer.Tokenize("# who created users\nfilter x = 1 # trailing\n");
        Assert.Equal(new[] { "filter", "x", "=", "1", "" }, tokens.Select(t => t.Text));
        Assert.Equal(2, tokens[0].Line);
    }

    [Fact]
    public void A_slash_after_an_operand_divides_and_elsewhere_starts_a_regex()
    {
        var division = Lexer.Tokenize("fields a / 2");
        Assert.Equal(TokenKind.Operator, division[2].Kind);
        var regex = Lexer.Tokenize("filter a like /Create.*/");
        Assert.Equal(TokenKind.Regex, regex[3].Kind);
        Assert.Equal("Create.*", regex[3].Text);
    }

    [Fact]
    public void Strings_unescape_quotes_and_backslashes()
    {
        var tokens = Lexer.Tokenize("filter a = 'it\\'s' or b = \"a\\\\b\"");
        Assert.Equal("it's", tokens[3].Text);
        Assert.Equal("a\\b", tokens[7].Text);
    }

    [Fact]
    public void Backticks_quote_field_names_with_any_characters()
    {
        var tokens = Lexer.Tokenize("fields `detail-type`");
        Assert.Equal(TokenKind.QuotedIdentifier, tokens[1].Kind);
        Assert.Equal("detail-type", tokens[1].Text);
    }

    [Theory]
    [InlineData("filter a = \"open", "Syntax error (line 1, column 12): unterminated string")]
    [InlineData("filter a = ;", "Syntax error (line 1, column 12): unexpected character ';'")]
    [InlineData("filter\n  a = /x", "Syntax error (line 2, column 7): unterminated regex")]
    public void Lexical_errors_name_the_position(string query, string message)
    {
        var error = Assert.Throws<QuerySyntaxException>(() => Lexer.Tokenize(query));
        Assert.Equal(message, error.Message);
    }
}
