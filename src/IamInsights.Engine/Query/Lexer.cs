using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace IamInsights.Query;

/// <summary>Turns query text into tokens with positions.</summary>
public static class Lexer
{
    private static readonly string[] Operators = { "!=", "<=", ">=", "=~", "=", "<", ">", "+", "-", "*", "/", "%", "^" };

    public static IReadOnlyList<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0, line = 1, lineStart = 0;
        while (true)
        {
            // Whitespace and # comments.
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\n') { i++; line++; lineStart = i; }
                else if (char.IsWhiteSpace(c)) { i++; }
                else if (c == '#') { while (i < text.Length && text[i] != '\n') i++; }
                else break;
            }

            int column = i - lineStart + 1;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", line, column));
                return tokens;
            }

            char ch = text[i];
            if (IsIdentifierStart(ch))
            {
                int start = i;
                while (i < text.Length && IsIdentifierPart(text[i])) i++;
                tokens.Add(new Token(TokenKind.Identifier, text.Substring(start, i - start), line, column));
            }
            else if (char.IsDigit(ch) || (ch == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                int start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                {
                    int save = i;
                    i++;
                    if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
                    if (i < text.Length && char.IsDigit(text[i])) { while (i < text.Length && char.IsDigit(text[i])) i++; }
                    else i = save;
                }
                string number = text.Substring(start, i - start);
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                    throw new QuerySyntaxException($"invalid number '{number}'", line, column);
                if (double.IsInfinity(parsed))
                    throw new QuerySyntaxException($"the number '{Shorten(number)}' is too large", line, column);
                if (i < text.Length && char.IsLetter(text[i]))
                {
                    int unitStart = i;
                    while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
                    string unit = text.Substring(unitStart, i - unitStart);
                    if (!Period.IsUnit(unit))
                        throw new QuerySyntaxException($"invalid time period '{number}{unit}' (units: ms, s, m, h, d, w, mo, q, y)", line, column);
                    double amount = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (number.IndexOfAny(new[] { 'e', 'E' }) >= 0 || amount <= 0 || amount > Period.MaxAmount)
                        throw new QuerySyntaxException($"invalid time period '{number}{unit}': the amount must be from 0 to {Period.MaxAmount:0} without an exponent", line, column);
                    tokens.Add(new Token(TokenKind.Duration, number + unit, line, column));
                }
                else
                {
                    tokens.Add(new Token(TokenKind.Number, number, line, column));
                }
            }
            else if (ch == '"' || ch == '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadQuoted(text, ref i, ch, line, column, "string"), line, column));
            }
            else if (ch == '`')
            {
                string name = ReadQuoted(text, ref i, '`', line, column, "quoted field name");
                if (name.Length == 0) throw new QuerySyntaxException("empty quoted field name", line, column);
                tokens.Add(new Token(TokenKind.QuotedIdentifier, name, line, column));
            }
            else if (ch == '/' && !PreviousIsOperand(tokens))
            {
                tokens.Add(new Token(TokenKind.Regex, ReadQuoted(text, ref i, '/', line, column, "regex"), line, column));
            }
            else if (ch == '(') { tokens.Add(new Token(TokenKind.LeftParen, "(", line, column)); i++; }
            else if (ch == ')') { tokens.Add(new Token(TokenKind.RightParen, ")", line, column)); i++; }
            else if (ch == '[') { tokens.Add(new Token(TokenKind.LeftBracket, "[", line, column)); i++; }
            else if (ch == ']') { tokens.Add(new Token(TokenKind.RightBracket, "]", line, column)); i++; }
            else if (ch == ',') { tokens.Add(new Token(TokenKind.Comma, ",", line, column)); i++; }
            else if (ch == ':') { tokens.Add(new Token(TokenKind.Colon, ":", line, column)); i++; }
            else if (ch == '.' && i + 1 < text.Length && (IsIdentifierStart(text[i + 1]) || text[i + 1] == '`'))
            {
                // A dot after `]` or a quoted name goes on with the field's path: `list[0].name`, `map.`a.b`.c`.
                tokens.Add(new Token(TokenKind.Dot, ".", line, column));
                i++;
            }
            else if (ch == '|') { tokens.Add(new Token(TokenKind.Pipe, "|", line, column)); i++; }
            else
            {
                string? op = null;
                foreach (var candidate in Operators)
                {
                    if (string.CompareOrdinal(text, i, candidate, 0, candidate.Length) == 0) { op = candidate; break; }
                }
                if (op == null) throw new QuerySyntaxException($"unexpected character '{ch}'", line, column);
                tokens.Add(new Token(TokenKind.Operator, op, line, column));
                i += op.Length;
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 24 ? text : text.Substring(0, 21) + "...";

    internal static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_' || c == '@' || c == '$';

    internal static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@' || c == '$' || c == '.';

    private static bool PreviousIsOperand(List<Token> tokens)
    {
        if (tokens.Count == 0) return false;
        var previous = tokens[tokens.Count - 1];
        // `parse field /regex/`: the slash after parse's field opens its pattern.
        if (tokens.Count >= 2 && tokens[tokens.Count - 2].IsKeyword("parse")
            && previous.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            return false;
        }
        switch (previous.Kind)
        {
            case TokenKind.Number:
            case TokenKind.Duration:
            case TokenKind.Regex:
            case TokenKind.String:
            case TokenKind.QuotedIdentifier:
            case TokenKind.RightParen:
            case TokenKind.RightBracket:
                return true;
            case TokenKind.Identifier:
                // A command's name at the start of a command (`pattern /x/`, also first in a subquery `in (pattern /x/)`)
                // is not an operand, whatever a field may be called.
                bool startsCommand = tokens.Count == 1 || tokens[tokens.Count - 2].Kind == TokenKind.Pipe
                    || (tokens.Count >= 3 && tokens[tokens.Count - 2].Kind == TokenKind.LeftParen && tokens[tokens.Count - 3].IsKeyword("in"));
                return !Parser.IsReservedWord(previous.Text) && !(startsCommand && Parser.IsCommandName(previous.Text));
            default:
                return false;
        }
    }

    /// <summary>Reads a quoted run; a backslash escapes the next character (the quote itself, or a backslash).</summary>
    private static string ReadQuoted(string text, ref int i, char quote, int line, int column, string what)
    {
        var sb = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == quote) { i++; return sb.ToString(); }
            if (c == '\n') break;
            if (c == '\\' && i + 1 < text.Length)
            {
                char next = text[i + 1];
                if (quote == '/')
                {
                    // Regex escapes pass through untouched, except an escaped slash.
                    if (next != '/') sb.Append('\\');
                    sb.Append(next);
                }
                else
                {
                    sb.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => next });
                }
                i += 2;
                continue;
            }
            sb.Append(c);
            i++;
        }
        throw new QuerySyntaxException($"unterminated {what}", line, column);
    }
}
