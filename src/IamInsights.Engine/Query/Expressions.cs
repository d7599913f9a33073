using System.Globalization;
using System.Linq;
using System.Text;

namespace IamInsights.Query;

/// <summary>An expression in a query. ToString() gives text that parses back to an equal tree.</summary>
public abstract record Expr;

/// <summary>A field: a dotted JSON path (`requestParameters.userName`, `resources.0.ARN`) or a system field (`@timestamp`).</summary>
public sealed record FieldExpr(string Name) : Expr
{
    public override string ToString() => Syntax.FieldName(Name);
}

public sealed record StringExpr(string Value) : Expr
{
    public override string ToString() => Syntax.Quote(Value, '"');
}

public sealed record NumberExpr(double Value) : Expr
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A /regex/ literal, used with like and =~.</summary>
public sealed record RegexExpr(string Pattern) : Expr
{
    public override string ToString() => "/" + Pattern.Replace("/", "\\/") + "/";
}

/// <summary>`not x` or `-x`.</summary>
public sealed record UnaryExpr(string Operator, Expr Operand) : Expr
{
    public override string ToString() =>
        Operator == "not" ? "not " + Syntax.Group(Operand) : "-" + (Operand is NumberExpr ? "(" + Operand + ")" : Syntax.Group(Operand));
}

/// <summary>and, or, comparisons, like, =~ and arithmetic.</summary>
public sealed record BinaryExpr(string Operator, Expr Left, Expr Right) : Expr
{
    /// <summary>Printed with only the parentheses the parser's precedence needs, so that it reads back to the same tree.</summary>
    public override string ToString()
    {
        // Left-associative operators take an equal operand on the left and a tighter one on the right; a comparison
        // takes only sums and tighter on either side; ^ takes a primary on the left and a signed term on the right.
        int own = Syntax.Precedence(this);
        var (left, right) = own switch
        {
            4 => (5, 5),
            8 => (9, 7),
            _ => (own, own + 1),
        };
        return Syntax.Group(Left, left) + " " + Operator + " " + Syntax.Group(Right, right);
    }
}

/// <summary>`x in [a, b]` and `x not in [a, b]`.</summary>
public sealed record InExpr(Expr Value, Sequence<Expr> Items, bool Negated) : Expr
{
    public override string ToString() =>
        Syntax.Group(Value) + (Negated ? " not in [" : " in [") + string.Join(", ", Items.Select(i => Syntax.Group(i))) + "]";
}

/// <summary>A function call.</summary>
public sealed record CallExpr(string Function, Sequence<Expr> Arguments) : Expr
{
    public override string ToString() => Function + "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")";
}

/// <summary>`count(*)`: the star argument of an aggregate.</summary>
public sealed record StarExpr : Expr
{
    public override string ToString() => "*";
}

internal static class Syntax
{
    /// <summary>Parenthesises compound operands so that the printed text needs no precedence rules to read back.</summary>
    public static string Group(Expr e) => e is BinaryExpr or InExpr or UnaryExpr ? "(" + e + ")" : e.ToString();

    /// <summary>An operand in parentheses when it binds more loosely than <paramref name="least"/>.</summary>
    public static string Group(Expr e, int least) => Precedence(e) < least ? "(" + e + ")" : e.ToString();

    /// <summary>How tightly an expression binds, as the parser reads it: or 1, and 2, not 3, comparisons 4, + - 5, * / % 6, unary minus 7, ^ 8, the rest 9.</summary>
    public static int Precedence(Expr e) => e switch
    {
        BinaryExpr { Operator: "or" } => 1,
        BinaryExpr { Operator: "and" } => 2,
        UnaryExpr { Operator: "not" } => 3,
        BinaryExpr { Operator: "+" or "-" } => 5,
        BinaryExpr { Operator: "*" or "/" or "%" } => 6,
        UnaryExpr => 7,
        BinaryExpr { Operator: "^" } => 8,
        BinaryExpr or InExpr => 4,
        _ => 9,
    };

    public static string FieldName(string name)
    {
        bool plain = name.Length > 0 && Lexer.IsIdentifierStart(name[0]) && name.All(Lexer.IsIdentifierPart)
                     && !name.EndsWith(".", System.StringComparison.Ordinal) && !Parser.IsReservedWord(name);
        return plain ? name : Quote(name, '`');
    }

    public static string Quote(string value, char quote)
    {
        var sb = new StringBuilder().Append(quote);
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\');
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }
}

/// <summary>A time period literal: `5m`, `1h`, `1d`.</summary>
public sealed record PeriodExpr(Period Period) : Expr
{
    public override string ToString() => Period.ToString();
}
