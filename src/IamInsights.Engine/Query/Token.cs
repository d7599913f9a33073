namespace IamInsights.Query;

/// <summary>The kinds of token in the Logs Insights query language.</summary>
public enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Duration,
    Regex,
    Operator,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Dot,
    Pipe,
    End,
}

/// <summary>A token with the position (1-based line and column) where it starts.</summary>
public readonly struct Token
{
    public Token(TokenKind kind, string text, int line, int column)
    {
        Kind = kind;
        Text = text;
        Line = line;
        Column = column;
    }

    public TokenKind Kind { get; }

    /// <summary>The token's value: an identifier's name, a string's unescaped content, an operator's symbol.</summary>
    public string Text { get; }

    public int Line { get; }

    public int Column { get; }

    public bool IsKeyword(string keyword) =>
        Kind == TokenKind.Identifier && string.Equals(Text, keyword, System.StringComparison.OrdinalIgnoreCase);

    public bool IsOperator(string symbol) => Kind == TokenKind.Operator && Text == symbol;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of query",
        TokenKind.String => "string \"" + Text + "\"",
        TokenKind.QuotedIdentifier => "`" + Text + "`",
        TokenKind.Regex => "regex /" + Text + "/",
        _ => "'" + Text + "'",
    };
}
