using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IamInsights.Query;

/// <summary>Parses Logs Insights query text into a <see cref="QueryAst"/>.</summary>
public sealed class Parser
{
    private static readonly HashSet<string> OperatorKeywords =
        new(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "in", "like", "as", "by", "asc", "desc" };

    private static readonly HashSet<string> CommandNames =
        new(StringComparer.OrdinalIgnoreCase) { "fields", "display", "filter", "sort", "limit", "stats", "dedup", "parse" };

    /// <summary>Commands that are not reserved words: a field may have one of these names.</summary>
    private static readonly HashSet<string> UnreservedCommandNames =
        new(StringComparer.OrdinalIgnoreCase) { "filterIndex", "unnest", "pattern", "diff", "anomaly", "SOURCE", "lookup", "join", "addtotals" };

    private static readonly string[] SourceSelectorNames = { "namePrefix", "accountIdentifiers", "class" };

    private const string CommandList = "fields, display, filter, filterIndex, stats, sort, limit, dedup, parse, unnest, lookup, join, addtotals, pattern, diff, anomaly, SOURCE";

    private static readonly string[] ComparisonOperators = { "=", "!=", "<", "<=", ">", ">=", "=~" };

    private readonly IReadOnlyList<Token> tokens;
    private int position;
    private bool inStats;
    private int depth;
    private int parentheses;
    private int nestedQueries;

    /// <summary>How deeply expressions may nest (parentheses, operators, not, unary minus) before the query is refused.</summary>
    public const int MaxDepth = 100;

    private Parser(IReadOnlyList<Token> tokens) => this.tokens = tokens;

    private static long textsParsed;

    /// <summary>How many query texts this process has parsed; a cmdlet call parses the text it is given once, and a catalog query none.</summary>
    public static long TextsParsed => System.Threading.Interlocked.Read(ref textsParsed);

    /// <summary>Parses a query, or throws <see cref="QuerySyntaxException"/> naming the line and column.</summary>
    public static QueryAst Parse(string text)
    {
        if (text == null) throw new ArgumentNullException(nameof(text));
        System.Threading.Interlocked.Increment(ref textsParsed);
        return new Parser(Lexer.Tokenize(text)).ParseQuery();
    }

    /// <summary>Parses a query without throwing; on failure <paramref name="error"/> holds the message.</summary>
    public static bool TryParse(string text, out QueryAst? query, out QuerySyntaxException? error)
    {
        try
        {
            query = Parse(text);
            error = null;
            return true;
        }
        catch (QuerySyntaxException e)
        {
            query = null;
            error = e;
            return false;
        }
    }

    internal static bool IsOperatorKeyword(string word) => OperatorKeywords.Contains(word);

    /// <summary>The name of a command, reserved or not.</summary>
    internal static bool IsCommandName(string word) => CommandNames.Contains(word) || UnreservedCommandNames.Contains(word);

    /// <summary>Words that cannot be a bare field name.</summary>
    internal static bool IsReservedWord(string word) => OperatorKeywords.Contains(word) || CommandNames.Contains(word);

    private Token Current => tokens[position];

    private Token Advance() => tokens[position++];

    private static QuerySyntaxException Unexpected(Token token) =>
        new($"unexpected {token.Describe()}", token.Line, token.Column);

    private static QuerySyntaxException Expected(string what, Token token) =>
        new($"expected {what} but found {token.Describe()}", token.Line, token.Column);

    private QueryAst ParseQuery()
    {
        if (Current.Kind == TokenKind.End) throw new QuerySyntaxException("the query is empty", Current.Line, Current.Column);
        var query = ParseCommands();
        if (Current.Kind != TokenKind.End) throw Unexpected(Current);
        return query;
    }

    /// <summary>A query between parentheses, as a join's right side or a subquery: `(SOURCE 'group' | ...)`.</summary>
    private QueryAst ParseNestedQuery()
    {
        Expect(TokenKind.LeftParen, "'('");
        if (Current.Kind == TokenKind.RightParen) throw Expected("a query", Current);
        Enter();
        nestedQueries++;
        var query = ParseCommands();
        nestedQueries--;
        depth--;
        Expect(TokenKind.RightParen, "'|' or ')'");
        return query;
    }

    private QueryAst ParseCommands()
    {
        var commands = new List<Command> { ParseCommand() };
        while (Current.Kind == TokenKind.Pipe)
        {
            Advance();
            var start = Current;
            var command = ParseCommand();
            if (command is SourceCommand or SourceLogGroupCommand)
            {
                throw new QuerySyntaxException("SOURCE must be the first command", start.Line, start.Column);
            }
            if (commands[commands.Count - 1] is DedupCommand && command is not LimitCommand)
            {
                throw new QuerySyntaxException("only limit can follow dedup", start.Line, start.Column);
            }
            commands.Add(command);
        }
        return new QueryAst(new Sequence<Command>(commands));
    }

    private Command ParseCommand()
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier || !IsCommandName(token.Text))
        {
            throw new QuerySyntaxException(
                $"expected a command ({CommandList}) but found {token.Describe()}", token.Line, token.Column);
        }
        Advance();
        switch (token.Text.ToLowerInvariant())
        {
            case "fields":
                return new FieldsCommand(new Sequence<Projection>(CommaList(ParseProjection)));
            case "display":
                return new DisplayCommand(new Sequence<FieldExpr>(CommaList(ParseFieldReference)));
            case "filter":
                return ParseSubqueryFilter() ?? (Command)new FilterCommand(ParseExpression());
            case "sort":
                return new SortCommand(new Sequence<SortKey>(CommaList(ParseSortKey)));
            case "stats":
                return ParseStats();
            case "dedup":
                return new DedupCommand(new Sequence<FieldExpr>(CommaList(ParseFieldReference)));
            case "parse":
                return ParseParse();
            case "filterindex":
                return new FilterIndexCommand(ParseExpression());
            case "unnest":
                return ParseUnnest();
            case "pattern":
                return new PatternCommand(ParseExpression());
            case "diff":
                return ParseDiff();
            case "anomaly":
                return new AnomalyCommand();
            case "source":
                return ParseSource();
            case "lookup":
                return ParseLookup();
            case "join":
                return ParseJoin();
            case "addtotals":
                return ParseAddTotals();
            default:
                return ParseLimit();
        }
    }

    private List<T> CommaList<T>(Func<T> item)
    {
        var list = new List<T> { item() };
        while (Current.Kind == TokenKind.Comma)
        {
            Advance();
            list.Add(item());
        }
        return list;
    }

    private Projection ParseProjection()
    {
        var expression = ParseExpression();
        if (!Current.IsKeyword("as")) return new Projection(expression, null);
        Advance();
        return new Projection(expression, ParseFieldName().Name);
    }

    private StatsCommand ParseStats()
    {
        var aggregates = CommaList(() =>
        {
            var start = Current;
            inStats = true;
            var projection = ParseProjection();
            inStats = false;
            if (!Aggregates.Contains(projection.Expression))
            {
                throw new QuerySyntaxException("stats needs an aggregate function such as count(), sum() or avg()", start.Line, start.Column);
            }
            if (Aggregates.FieldOutside(projection.Expression) is { } field)
            {
                throw new QuerySyntaxException($"the field '{field.Name}' must be inside an aggregate function or after 'by'", start.Line, start.Column);
            }
            return projection;
        });
        var groups = new List<Projection>();
        if (Current.IsKeyword("by"))
        {
            Advance();
            groups = CommaList(ParseProjection);
        }
        Period? offset = null;
        if (Current.IsKeyword("offset"))
        {
            var offsetToken = Advance();
            if (!groups.Any(g => g.Expression is CallExpr { Function: "bin" }))
            {
                throw new QuerySyntaxException("offset goes after 'by bin(period)'", offsetToken.Line, offsetToken.Column);
            }
            var period = Current;
            if (period.Kind != TokenKind.Duration) throw Expected("a period such as 1h", period);
            Advance();
            offset = Period.Parse(period.Text);
        }
        return new StatsCommand(new Sequence<Projection>(aggregates), new Sequence<Projection>(groups), offset);
    }

    private ParseCommand ParseParse()
    {
        var source = ParseAdditive();
        var token = Current;
        if (token.Kind == TokenKind.Regex)
        {
            Advance();
            var regex = CompileRegex(token);
            var names = regex.GetGroupNames().Where(n => !int.TryParse(n, out _)).ToList();
            if (names.Count == 0) throw new QuerySyntaxException("the parse regex has no named group such as (?<name>...)", token.Line, token.Column);
            return new ParseCommand(source, token.Text, true, new Sequence<string>(names));
        }
        if (token.Kind != TokenKind.String) throw Expected("a \"glob pattern\" or a /regex/", token);
        Advance();
        int stars = token.Text.Count(c => c == '*');
        if (stars == 0) throw new QuerySyntaxException("the parse pattern has no '*' to capture", token.Line, token.Column);
        var asToken = Current;
        if (!asToken.IsKeyword("as")) throw Expected("'as'", asToken);
        Advance();
        var fields = CommaList(ParseFieldName).Select(f => f.Name).ToList();
        if (fields.Count != stars)
        {
            throw new QuerySyntaxException($"the parse pattern has {stars} '*' but {fields.Count} field name{(fields.Count == 1 ? "" : "s")}", asToken.Line, asToken.Column);
        }
        return new ParseCommand(source, token.Text, false, new Sequence<string>(fields));
    }

    private UnnestCommand ParseUnnest()
    {
        var source = ParseFieldReference();
        if (!Current.IsKeyword("into")) throw Expected("'into'", Current);
        Advance();
        return new UnnestCommand(source, ParseFieldName().Name);
    }

    private DiffCommand ParseDiff()
    {
        if (Current.Kind is TokenKind.Pipe or TokenKind.End or TokenKind.RightParen) return new DiffCommand(null);
        var period = DiffCommand.Periods.FirstOrDefault(p => Current.IsKeyword(p));
        if (period == null) throw Expected("previousDay, previousWeek, previousMonth or the end of the command", Current);
        Advance();
        return new DiffCommand(period);
    }

    /// <summary>`filter field in (query)`, or null (and nothing read) when the filter is not a subquery.</summary>
    private SubqueryFilterCommand? ParseSubqueryFilter()
    {
        var token = Current;
        if (token.Kind != TokenKind.QuotedIdentifier && (token.Kind != TokenKind.Identifier || IsReservedWord(token.Text))) return null;
        int start = position;
        var field = ParseFieldReference();
        if (Current.IsKeyword("in") && tokens[position + 1].Kind == TokenKind.LeftParen)
        {
            Advance();
            return new SubqueryFilterCommand(field, ParseNestedQuery());
        }
        position = start;
        return null;
    }

    /// <summary>`lookup table field as logField, ... OUTPUT column, ...`.</summary>
    private LookupCommand ParseLookup()
    {
        var table = Current;
        if (table.Kind != TokenKind.Identifier || !table.Text.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
        {
            throw Expected("a lookup table name of letters, digits and '_'", table);
        }
        Advance();
        var keys = CommaList(() =>
        {
            var tableField = ParseFieldName().Name;
            if (!Current.IsKeyword("as")) throw Expected("'as'", Current);
            Advance();
            return new LookupKey(tableField, ParseFieldReference().Name);
        });
        if (!Current.IsKeyword("OUTPUT")) throw Expected("',' or OUTPUT", Current);
        Advance();
        var outputs = CommaList(() => ParseFieldName().Name);
        return new LookupCommand(table.Text, new Sequence<LookupKey>(keys), new Sequence<string>(outputs));
    }

    /// <summary>`join [type=inner|left] left=l right=r where l.key = r.key (SOURCE 'group' | ...)`.</summary>
    private JoinCommand ParseJoin()
    {
        string? type = null;
        if (Current.IsKeyword("type"))
        {
            Advance();
            Expect("=");
            var typeToken = Current;
            type = JoinCommand.Types.FirstOrDefault(t => typeToken.IsKeyword(t));
            if (type == null) throw Expected("inner or left", typeToken);
            Advance();
        }
        string left = ParseJoinAlias("left");
        string right = ParseJoinAlias("right");
        if (!Current.IsKeyword("where")) throw Expected("'where'", Current);
        Advance();
        var leftKey = ParseJoinKey(left);
        Expect("=");
        var rightKey = ParseJoinKey(right);
        var sourceToken = tokens[Math.Min(position + 1, tokens.Count - 1)];
        var query = ParseNestedQuery();
        if (query.Commands[0] is not (SourceCommand or SourceLogGroupCommand))
        {
            throw new QuerySyntaxException("the right side of a join starts with SOURCE", sourceToken.Line, sourceToken.Column);
        }
        return new JoinCommand(type, left, right, leftKey, rightKey, query);
    }

    private string ParseJoinAlias(string side)
    {
        if (!Current.IsKeyword(side)) throw Expected($"'{side}='", Current);
        Advance();
        Expect("=");
        var alias = Current;
        if (alias.Kind != TokenKind.Identifier || IsReservedWord(alias.Text) || alias.Text.Contains(".")) throw Expected($"a name for the {side} side", alias);
        Advance();
        return alias.Text;
    }

    private FieldExpr ParseJoinKey(string alias)
    {
        var token = Current;
        var key = ParseFieldReference();
        if (!key.Name.StartsWith(alias + ".", StringComparison.Ordinal) || key.Name.Length == alias.Length + 1)
        {
            throw new QuerySyntaxException($"expected a field of '{alias}' such as {alias}.requestId but found '{key.Name}'", token.Line, token.Column);
        }
        return key;
    }

    /// <summary>`addtotals [fieldname=Name] [row=bool] [col=bool] [field, ...]`.</summary>
    private AddTotalsCommand ParseAddTotals()
    {
        string? fieldName = null;
        bool? row = null, col = null;
        while (Current.Kind == TokenKind.Identifier && tokens[position + 1].IsOperator("="))
        {
            var option = Advance();
            Advance();
            switch (option.Text)
            {
                case "fieldname" when fieldName == null:
                    fieldName = ParseFieldName().Name;
                    break;
                case "row" when row == null:
                    row = ParseBoolean();
                    break;
                case "col" when col == null:
                    col = ParseBoolean();
                    break;
                case "fieldname" or "row" or "col":
                    throw new QuerySyntaxException($"'{option.Text}' is given twice", option.Line, option.Column);
                default:
                    throw Expected("fieldname=, row=, col= or a field", option);
            }
        }
        var fields = Current.Kind is TokenKind.Pipe or TokenKind.End or TokenKind.RightParen
            ? new List<FieldExpr>()
            : CommaList(ParseFieldReference);
        return new AddTotalsCommand(fieldName, row, col, new Sequence<FieldExpr>(fields));
    }

    private bool ParseBoolean()
    {
        var token = Current;
        if (token.IsKeyword("true")) { Advance(); return true; }
        if (token.IsKeyword("false")) { Advance(); return false; }
        throw Expected("true or false", token);
    }

    private void Expect(string symbol)
    {
        if (!Current.IsOperator(symbol)) throw Expected($"'{symbol}'", Current);
        Advance();
    }

    /// <summary>
    /// `SOURCE logGroups(namePrefix: ['a', 'b'], accountIdentifiers: ['111122223333'], class: ['STANDARD'])`, or in a
    /// join or a subquery `SOURCE '/aws/lambda/x'`.
    /// </summary>
    private Command ParseSource()
    {
        if (nestedQueries > 0 && Current.Kind == TokenKind.String) return new SourceLogGroupCommand(Advance().Text);
        if (!Current.IsKeyword("logGroups")) throw Expected(nestedQueries > 0 ? "'log group' or logGroups(...)" : "logGroups(...)", Current);
        Advance();
        Expect(TokenKind.LeftParen, "'('");
        var selectors = new List<SourceSelector>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        if (Current.Kind != TokenKind.RightParen)
        {
            selectors = CommaList(() =>
            {
                var nameToken = Current;
                string? name = SourceSelectorNames.FirstOrDefault(n => nameToken.IsKeyword(n));
                if (name == null) throw Expected("namePrefix, accountIdentifiers or class", nameToken);
                if (!named.Add(name)) throw new QuerySyntaxException($"'{name}' is given twice", nameToken.Line, nameToken.Column);
                Advance();
                Expect(TokenKind.Colon, "':'");
                Expect(TokenKind.LeftBracket, "'['");
                var values = CommaList(() =>
                {
                    var value = Current;
                    if (value.Kind != TokenKind.String) throw Expected("a string", value);
                    Advance();
                    return value.Text;
                });
                Expect(TokenKind.RightBracket, "',' or ']'");
                return new SourceSelector(name, new Sequence<string>(values));
            });
        }
        Expect(TokenKind.RightParen, "',' or ')'");
        return new SourceCommand(new Sequence<SourceSelector>(selectors));
    }

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind) throw Expected(what, Current);
        Advance();
    }

    private static System.Text.RegularExpressions.Regex CompileRegex(Token token)
    {
        try
        {
            return new System.Text.RegularExpressions.Regex(token.Text);
        }
        catch (ArgumentException e)
        {
            throw new QuerySyntaxException($"invalid regex /{token.Text}/: {e.Message}", token.Line, token.Column);
        }
    }

    private FieldExpr ParseFieldName()
    {
        var token = Current;
        if (token.Kind == TokenKind.QuotedIdentifier || (token.Kind == TokenKind.Identifier && !IsReservedWord(token.Text)))
        {
            Advance();
            return new FieldExpr(token.Text);
        }
        throw Expected("a field name", token);
    }

    /// <summary>A field, with the list indexes and keys that go on its path (see <see cref="ParsePath"/>).</summary>
    private FieldExpr ParseFieldReference()
    {
        var token = Current;
        if (token.Kind == TokenKind.QuotedIdentifier || (token.Kind == TokenKind.Identifier && !IsReservedWord(token.Text)))
        {
            Advance();
            return new FieldExpr(ParsePath(token));
        }
        throw Expected("a field name", token);
    }

    /// <summary>
    /// Goes on with a field's dotted path after its first token: `[0]` adds the list index 0, `.name` or `.`a-b``
    /// adds a key. `tags[0].name` is the same field as `tags.0.name`.
    /// </summary>
    private string ParsePath(Token first)
    {
        var path = new System.Text.StringBuilder(first.Text);
        var previous = first;
        while (true)
        {
            var token = Current;
            if (token.Kind == TokenKind.LeftBracket)
            {
                Advance();
                var index = Current;
                if (index.Kind != TokenKind.Number || !int.TryParse(index.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw Expected("a list index such as 0", index);
                }
                Advance();
                if (Current.Kind != TokenKind.RightBracket) throw Expected("']'", Current);
                previous = Advance();
                path.Append('.').Append(index.Text);
            }
            else if (token.Kind == TokenKind.Dot)
            {
                Advance();
                var key = Current;
                if (key.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier)) throw Expected("a name after '.'", key);
                previous = Advance();
                path.Append('.').Append(key.Text);
            }
            else if (token.Kind == TokenKind.QuotedIdentifier && previous.Kind == TokenKind.Identifier
                     && previous.Text.EndsWith(".", StringComparison.Ordinal)
                     && token.Line == previous.Line && token.Column == previous.Column + previous.Text.Length)
            {
                // `map.`a.b``: a quoted key right after the dot.
                previous = Advance();
                path.Append(token.Text);
            }
            else
            {
                return path.ToString();
            }
        }
    }

    private SortKey ParseSortKey()
    {
        var expression = ParseExpression();
        bool descending = false;
        if (Current.IsKeyword("desc")) { Advance(); descending = true; }
        else if (Current.IsKeyword("asc")) { Advance(); }
        return new SortKey(expression, descending);
    }

    private LimitCommand ParseLimit()
    {
        var token = Current;
        if (token.Kind != TokenKind.Number
            || !int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
        {
            throw Expected("a positive whole number", token);
        }
        Advance();
        return new LimitCommand(count);
    }

    public static Expr ParseExpressionText(string text)
    {
        var parser = new Parser(Lexer.Tokenize(text));
        var e = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End) throw Unexpected(parser.Current);
        return e;
    }

    private Expr ParseExpression()
    {
        // Parentheses add no node, so they are counted apart, with room for the ones printing adds to any valid tree.
        if (++parentheses > 3 * MaxDepth)
        {
            throw new QuerySyntaxException($"the expression nests more than {MaxDepth} levels deep", Current.Line, Current.Column);
        }
        var e = ParseOr();
        parentheses--;
        return e;
    }

    /// <summary>Counts one level of the tree; too deep a query is refused instead of overflowing the stack.</summary>
    private void Enter()
    {
        if (++depth > MaxDepth)
        {
            throw new QuerySyntaxException($"the expression nests more than {MaxDepth} levels deep", Current.Line, Current.Column);
        }
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        int levels = 0;
        while (Current.IsKeyword("or"))
        {
            Advance();
            Enter();
            levels++;
            left = new BinaryExpr("or", left, ParseAnd());
        }
        depth -= levels;
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        int levels = 0;
        while (Current.IsKeyword("and"))
        {
            Advance();
            Enter();
            levels++;
            left = new BinaryExpr("and", left, ParseNot());
        }
        depth -= levels;
        return left;
    }

    private Expr ParseNot()
    {
        if (Current.IsKeyword("not"))
        {
            Advance();
            Enter();
            var operand = ParseNot();
            depth--;
            return new UnaryExpr("not", operand);
        }
        return ParseComparison();
    }

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        var token = Current;
        if (token.Kind == TokenKind.Operator && ComparisonOperators.Contains(token.Text))
        {
            Advance();
            return new BinaryExpr(token.Text, left, ParseAdditive());
        }
        if (token.IsKeyword("like"))
        {
            Advance();
            return new BinaryExpr("like", left, ParseAdditive());
        }
        if (token.IsKeyword("in"))
        {
            Advance();
            return new InExpr(left, ParseList(), false);
        }
        if (token.IsKeyword("not"))
        {
            var next = tokens[position + 1];
            if (next.IsKeyword("in"))
            {
                position += 2;
                return new InExpr(left, ParseList(), true);
            }
            if (next.IsKeyword("like"))
            {
                position += 2;
                return new UnaryExpr("not", new BinaryExpr("like", left, ParseAdditive()));
            }
        }
        return left;
    }

    private Sequence<Expr> ParseList()
    {
        if (Current.Kind != TokenKind.LeftBracket) throw Expected("'['", Current);
        Advance();
        var items = new List<Expr>();
        if (Current.Kind != TokenKind.RightBracket) items = CommaList(ParseAdditive);
        if (Current.Kind != TokenKind.RightBracket) throw Expected("',' or ']'", Current);
        Advance();
        return new Sequence<Expr>(items);
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        int levels = 0;
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            string op = Advance().Text;
            Enter();
            levels++;
            left = new BinaryExpr(op, left, ParseMultiplicative());
        }
        depth -= levels;
        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        int levels = 0;
        while (Current.IsOperator("*") || Current.IsOperator("/") || Current.IsOperator("%"))
        {
            string op = Advance().Text;
            Enter();
            levels++;
            left = new BinaryExpr(op, left, ParseUnary());
        }
        depth -= levels;
        return left;
    }

    private Expr ParseUnary()
    {
        // A minus sign right before a number is part of the number literal (see ParsePrimary).
        if (Current.IsOperator("-") && tokens[position + 1].Kind != TokenKind.Number)
        {
            Advance();
            Enter();
            var operand = ParseUnary();
            depth--;
            return new UnaryExpr("-", operand);
        }
        return ParsePower();
    }

    private Expr ParsePower()
    {
        var left = ParsePrimary();
        if (Current.IsOperator("^"))
        {
            Advance();
            Enter();
            var right = ParseUnary();
            depth--;
            return new BinaryExpr("^", left, right);
        }
        return left;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        if (token.IsOperator("-") && tokens[position + 1].Kind == TokenKind.Number)
        {
            Advance();
            return new NumberExpr(-double.Parse(Advance().Text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberExpr(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case TokenKind.String:
                Advance();
                return new StringExpr(token.Text);
            case TokenKind.Regex:
                Advance();
                CompileRegex(token);
                return new RegexExpr(token.Text);
            case TokenKind.Duration:
                Advance();
                return new PeriodExpr(Period.Parse(token.Text));
            case TokenKind.QuotedIdentifier:
                Advance();
                return new FieldExpr(ParsePath(token));
            case TokenKind.LeftParen:
            {
                Advance();
                var inner = ParseExpression();
                if (Current.Kind != TokenKind.RightParen) throw Expected("')'", Current);
                Advance();
                return inner;
            }
            case TokenKind.Identifier when !IsReservedWord(token.Text):
                Advance();
                if (Current.Kind == TokenKind.LeftParen) return ParseCall(token);
                return new FieldExpr(ParsePath(token));
            default:
                throw Unexpected(token);
        }
    }

    private Expr ParseCall(Token name)
    {
        bool aggregate = Aggregates.IsKnown(name.Text);
        if (!aggregate && !Functions.IsKnown(name.Text)) throw new QuerySyntaxException($"unknown function '{name.Text}'", name.Line, name.Column);
        if (aggregate && !inStats)
        {
            throw new QuerySyntaxException($"the aggregate function '{name.Text}' can only be used in stats", name.Line, name.Column);
        }
        Advance();
        var arguments = new List<Expr>();
        if (aggregate && Current.Kind == TokenKind.Operator && Current.Text == "*")
        {
            Advance();
            arguments.Add(new StarExpr());
        }
        else if (Current.Kind != TokenKind.RightParen)
        {
            arguments = CommaList(ParseExpression);
        }
        if (Current.Kind != TokenKind.RightParen) throw Expected("',' or ')'", Current);
        Advance();
        if (aggregate) Aggregates.CheckArity(name, arguments);
        else Functions.CheckArity(name, arguments.Count);
        return new CallExpr(name.Text.ToLowerInvariant(), new Sequence<Expr>(arguments));
    }
}
