using IamInsights.Query;

namespace IamInsights.Sources.Athena.Sql;

/// <summary>A SQL expression. The printers (<see cref="TrinoPrinter"/>, <see cref="DuckDbPrinter"/>) write it in their dialect.</summary>
public abstract record SqlExpr;

/// <summary>A column of the table or of the query it reads from.</summary>
public sealed record SqlColumn(string Name) : SqlExpr;

/// <summary>A member of a struct column: useridentity.sessioncontext.</summary>
public sealed record SqlMember(SqlExpr Struct, string Member) : SqlExpr;

/// <summary>An item of an array column, counted from 0; null past its end.</summary>
public sealed record SqlArrayItem(SqlExpr Array, int Index) : SqlExpr;

/// <summary>A scalar read from a JSON text column by a path of keys; null for a missing key, an object or an array.</summary>
public sealed record SqlJsonScalar(SqlExpr Json, Sequence<string> Path) : SqlExpr;

/// <summary>The milliseconds since 1970 of an ISO 8601 time held as text (eventtime).</summary>
public sealed record SqlEpochMillis(SqlExpr Text) : SqlExpr;

public sealed record SqlText(string Value) : SqlExpr;

public sealed record SqlNumber(double Value) : SqlExpr;

public sealed record SqlBool(bool Value) : SqlExpr;

public sealed record SqlNull : SqlExpr;

/// <summary>AND, OR, = &lt;&gt; &lt; &lt;= &gt; &gt;=, + - * / %.</summary>
public sealed record SqlBinary(string Operator, SqlExpr Left, SqlExpr Right) : SqlExpr;

public sealed record SqlNot(SqlExpr Operand) : SqlExpr;

public sealed record SqlNegate(SqlExpr Operand) : SqlExpr;

public sealed record SqlIsNull(SqlExpr Operand, bool Negated) : SqlExpr;

public sealed record SqlIn(SqlExpr Value, Sequence<SqlExpr> Items, bool Negated) : SqlExpr;

/// <summary>A value as a double, or null when it is not a number (try_cast).</summary>
public sealed record SqlToNumber(SqlExpr Operand) : SqlExpr;

/// <summary>A value as text.</summary>
public sealed record SqlToText(SqlExpr Operand) : SqlExpr;

/// <summary>A whole number (bigint), as time columns are returned.</summary>
public sealed record SqlToInteger(SqlExpr Operand) : SqlExpr;

/// <summary>A function that both dialects have, by its dialect-neutral name (<see cref="SqlFunctions"/>).</summary>
public sealed record SqlCall(string Function, Sequence<SqlExpr> Arguments) : SqlExpr;

/// <summary>count(*).</summary>
public sealed record SqlCountAll : SqlExpr;

/// <summary>count(DISTINCT x).</summary>
public sealed record SqlCountDistinct(SqlExpr Operand) : SqlExpr;

/// <summary>row_number() OVER (PARTITION BY ... ORDER BY ...).</summary>
public sealed record SqlRowNumber(Sequence<SqlExpr> PartitionBy, Sequence<SqlOrder> OrderBy) : SqlExpr;

/// <summary>One key of ORDER BY; nulls come first, as the local engine sorts them.</summary>
public sealed record SqlOrder(SqlExpr Expression, bool Descending);

/// <summary>One item of a SELECT list.</summary>
public sealed record SqlItem(SqlExpr Expression, string Alias);

/// <summary>What a SELECT reads: the table, or a query in parentheses.</summary>
public abstract record SqlSource;

public sealed record SqlTable(string Database, string Table) : SqlSource;

public sealed record SqlSubquery(SqlSelect Query, string Alias) : SqlSource;

/// <summary>
/// SELECT [*,] items FROM source [WHERE] [GROUP BY] [ORDER BY] [LIMIT]. <see cref="AllColumns"/> puts * before the
/// items, so that a nested query passes the table's columns on.
/// </summary>
public sealed record SqlSelect(
    bool AllColumns,
    Sequence<SqlItem> Items,
    SqlSource From,
    SqlExpr? Where,
    Sequence<SqlExpr> GroupBy,
    Sequence<SqlOrder> OrderBy,
    int? Limit);

/// <summary>The dialect-neutral names of <see cref="SqlCall"/>.</summary>
public static class SqlFunctions
{
    public const string Coalesce = "coalesce";
    public const string Concat = "concat";
    public const string Length = "length";
    public const string Upper = "upper";
    public const string Lower = "lower";
    public const string Trim = "trim";
    public const string LTrim = "ltrim";
    public const string RTrim = "rtrim";
    public const string Substr = "substr";
    public const string Replace = "replace";
    public const string StrPos = "strpos";
    public const string RegexpLike = "regexp_like";
    public const string Abs = "abs";
    public const string Ceil = "ceil";
    public const string Floor = "floor";
    public const string Ln = "ln";
    public const string Sqrt = "sqrt";
    public const string Count = "count";
    public const string Sum = "sum";
    public const string Avg = "avg";
    public const string Min = "min";
    public const string Max = "max";
}
