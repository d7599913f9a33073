using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace IamInsights.Sources.Athena.Sql;

/// <summary>
/// Writes the SQL tree as text. The two dialects differ only in how they read JSON, parse a time, index an array and
/// match a regex; everything else is printed here once.
/// </summary>
public abstract class SqlPrinter
{
    private static readonly Regex PlainKey = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    public string Print(SqlSelect select)
    {
        var sb = new StringBuilder();
        Select(sb, select, 0);
        return sb.ToString();
    }

    private void Select(StringBuilder sb, SqlSelect select, int indent)
    {
        string pad = new(' ', indent);
        sb.Append("SELECT ");
        var items = select.Items.Select(i => Expression(i.Expression) + " AS " + Identifier(i.Alias)).ToList();
        if (select.AllColumns) items.Insert(0, "*");
        sb.Append(string.Join(", ", items));
        sb.Append('\n').Append(pad).Append("FROM ");
        switch (select.From)
        {
            case SqlTable table:
                sb.Append(Table(table));
                break;
            case SqlSubquery subquery:
                sb.Append("(\n").Append(pad).Append("  ");
                Select(sb, subquery.Query, indent + 2);
                sb.Append('\n').Append(pad).Append(") AS ").Append(Identifier(subquery.Alias));
                break;
        }
        if (select.Where != null)
        {
            sb.Append('\n').Append(pad).Append("WHERE ").Append(string.Join("\n" + pad + "  AND ", Chain("AND", select.Where).Select(Expression)));
        }
        if (select.GroupBy.Count > 0) sb.Append('\n').Append(pad).Append("GROUP BY ").Append(string.Join(", ", select.GroupBy.Select(Expression)));
        if (select.OrderBy.Count > 0) sb.Append('\n').Append(pad).Append("ORDER BY ").Append(Order(select.OrderBy));
        if (select.Limit != null) sb.Append('\n').Append(pad).Append("LIMIT ").Append(select.Limit.Value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The operands of a chain of one associative operator (a AND b AND c), so that it prints without nested parentheses.</summary>
    private static IEnumerable<SqlExpr> Chain(string op, SqlExpr expression) =>
        expression is SqlBinary binary && binary.Operator == op ? Chain(op, binary.Left).Concat(Chain(op, binary.Right)) : new[] { expression };

    protected virtual string Table(SqlTable table) => Identifier(table.Database) + "." + Identifier(table.Table);

    private string Order(IEnumerable<SqlOrder> keys) =>
        string.Join(", ", keys.Select(k => Expression(k.Expression) + (k.Descending ? " DESC NULLS LAST" : " ASC NULLS FIRST")));

    public string Expression(SqlExpr expression) => expression switch
    {
        SqlColumn column => Identifier(column.Name),
        SqlMember member => Expression(member.Struct) + "." + Identifier(member.Member),
        SqlArrayItem item => ArrayItem(Expression(item.Array), item.Index),
        SqlJsonScalar json => JsonScalar(Expression(json.Json), json.Path.ToArray()),
        SqlEpochMillis time => EpochMillis(Expression(time.Text)),
        SqlText text => Text(text.Value),
        SqlNumber number => Number(number.Value),
        SqlBool b => b.Value ? "TRUE" : "FALSE",
        SqlNull => "NULL",
        SqlBinary { Operator: "AND" or "OR" } logic => "(" + string.Join(" " + logic.Operator + " ", Chain(logic.Operator, logic).Select(Expression)) + ")",
        SqlBinary binary => "(" + Expression(binary.Left) + " " + binary.Operator + " " + Expression(binary.Right) + ")",
        SqlNot not => "(NOT " + Expression(not.Operand) + ")",
        SqlNegate negate => "(-" + Expression(negate.Operand) + ")",
        SqlIsNull isNull => "(" + Expression(isNull.Operand) + (isNull.Negated ? " IS NOT NULL)" : " IS NULL)"),
        SqlIn inList => "(" + Expression(inList.Value) + (inList.Negated ? " NOT IN (" : " IN (") + string.Join(", ", inList.Items.Select(Expression)) + "))",
        SqlToNumber toNumber => "TRY_CAST(" + Expression(toNumber.Operand) + " AS DOUBLE)",
        SqlToText toText => "CAST(" + Expression(toText.Operand) + " AS VARCHAR)",
        SqlToInteger toInteger => "CAST(" + Expression(toInteger.Operand) + " AS BIGINT)",
        SqlCall call when call.Function == SqlFunctions.RegexpLike => RegexpLike(Expression(call.Arguments[0]), Expression(call.Arguments[1])),
        SqlCall call => call.Function + "(" + string.Join(", ", call.Arguments.Select(Expression)) + ")",
        SqlCountAll => "count(*)",
        SqlCountDistinct distinct => "count(DISTINCT " + Expression(distinct.Operand) + ")",
        SqlRowNumber rowNumber => "row_number() OVER ("
                                 + (rowNumber.PartitionBy.Count == 0 ? "" : "PARTITION BY " + string.Join(", ", rowNumber.PartitionBy.Select(Expression)) + " ")
                                 + "ORDER BY " + (rowNumber.OrderBy.Count == 0 ? "NULL" : Order(rowNumber.OrderBy)) + ")",
        _ => throw new ArgumentException($"No printing for {expression.GetType().Name}.", nameof(expression)),
    };

    /// <summary>A quoted identifier; both dialects quote with double quotes.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public static string Text(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>A whole number as an integer literal; any other as a DOUBLE literal (1.5E0), never a DECIMAL.</summary>
    public static string Number(double value)
    {
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return value.ToString("0", CultureInfo.InvariantCulture);
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('E') >= 0 ? text : text + "E0";
    }

    /// <summary>A JSON path: $.key for a plain key, a bracketed index for a number, else the dialect's quoted key.</summary>
    protected string JsonPath(string[] path)
    {
        var sb = new StringBuilder("$");
        foreach (var key in path)
        {
            if (key.All(char.IsDigit) && key.Length < 10) sb.Append('[').Append(key).Append(']');
            else if (PlainKey.IsMatch(key)) sb.Append('.').Append(key);
            else sb.Append(QuotedKey(key));
        }
        return Text(sb.ToString());
    }

    protected abstract string QuotedKey(string key);

    protected abstract string JsonScalar(string json, string[] path);

    protected abstract string EpochMillis(string text);

    protected abstract string ArrayItem(string array, int index);

    protected abstract string RegexpLike(string text, string pattern);
}

/// <summary>Trino, as Athena engine version 3 runs it, over the CloudTrail table of the AWS Athena guide.</summary>
public sealed class TrinoPrinter : SqlPrinter
{
    public static readonly TrinoPrinter Instance = new();

    protected override string QuotedKey(string key) => "[\"" + key.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"]";

    protected override string JsonScalar(string json, string[] path) => "json_extract_scalar(" + json + ", " + JsonPath(path) + ")";

    /// <summary>An eventtime that is not a time gives null, as it does locally, rather than failing the whole query.</summary>
    protected override string EpochMillis(string text) => "(to_unixtime(try(from_iso8601_timestamp(" + text + "))) * 1000)";

    protected override string ArrayItem(string array, int index) =>
        "element_at(" + array + ", " + (index + 1).ToString(CultureInfo.InvariantCulture) + ")";

    protected override string RegexpLike(string text, string pattern) => "regexp_like(" + text + ", " + pattern + ")";
}

/// <summary>DuckDB over a table of the same shape, with Trino's meaning: json_extract_scalar's nulls for objects and arrays.</summary>
public sealed class DuckDbPrinter : SqlPrinter
{
    public static readonly DuckDbPrinter Instance = new();

    protected override string QuotedKey(string key) => ".\"" + key.Replace("\"", "\\\"") + "\"";

    protected override string JsonScalar(string json, string[] path)
    {
        string p = JsonPath(path);
        return "(CASE WHEN json_type(" + json + ", " + p + ") IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(" + json + ", " + p + ") END)";
    }

    protected override string EpochMillis(string text) => "CAST(epoch_ms(TRY_CAST(" + text + " AS TIMESTAMP)) AS DOUBLE)";

    protected override string ArrayItem(string array, int index) => array + "[" + (index + 1).ToString(CultureInfo.InvariantCulture) + "]";

    protected override string RegexpLike(string text, string pattern) => "regexp_matches(" + text + ", " + pattern + ")";
}
