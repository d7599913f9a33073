using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.RegularExpressions;

namespace IamInsights.Query;

/// <summary>Evaluates expressions against a row.</summary>
internal static class Evaluator
{
    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new();

    public static object? Evaluate(Expr expression, WorkingRow row)
    {
        switch (expression)
        {
            case FieldExpr field:
                return row.GetField(field.Name);
            case StringExpr s:
                return s.Value;
            case NumberExpr n:
                return n.Value;
            case RegexExpr r:
                return r.Pattern;
            case PeriodExpr p:
                return p.Period;
            case CallExpr aggregate when Aggregates.IsKnown(aggregate.Function):
                return row.GetField(AggregateKey(aggregate));
            case CallExpr { Function: Functions.Bin } bin:
                return Functions.Invoke(Functions.Bin, new[] { row.GetField("@timestamp"), Evaluate(bin.Arguments[0], row) });
            case UnaryExpr { Operator: "not" } not:
                return Evaluate(not.Operand, row) is { } v ? !Values.IsTrue(v) : (object?)null;
            case UnaryExpr negate:
                return Values.TryNumber(Evaluate(negate.Operand, row), out double d) ? -d : (object?)null;
            case InExpr inExpr:
            {
                var value = Evaluate(inExpr.Value, row);
                if (value == null) return null;
                bool found = inExpr.Items.Any(item => Values.Compare(value, Evaluate(item, row)) == 0);
                return found != inExpr.Negated;
            }
            case CallExpr call:
                return Functions.Invoke(call.Function, call.Arguments.Select(a => Evaluate(a, row)).ToArray());
            case BinaryExpr binary:
                return EvaluateBinary(binary, row);
            default:
                throw new NotSupportedException($"Cannot evaluate '{expression}'.");
        }
    }

    /// <summary>Where a stats row keeps the result of an aggregate call.</summary>
    internal static string AggregateKey(CallExpr call) => "\0" + call;

    internal static Regex GetRegex(string pattern) => RegexCache.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant));

    private static object? EvaluateBinary(BinaryExpr binary, WorkingRow row)
    {
        switch (binary.Operator)
        {
            case "and":
                return Values.IsTrue(Evaluate(binary.Left, row)) && Values.IsTrue(Evaluate(binary.Right, row));
            case "or":
                return Values.IsTrue(Evaluate(binary.Left, row)) || Values.IsTrue(Evaluate(binary.Right, row));
        }

        var left = Evaluate(binary.Left, row);
        var right = Evaluate(binary.Right, row);
        switch (binary.Operator)
        {
            case "=": return Values.Compare(left, right) is { } c1 ? c1 == 0 : (object?)null;
            case "!=": return Values.Compare(left, right) is { } c2 ? c2 != 0 : (object?)null;
            case "<": return Values.Compare(left, right) is { } c3 ? c3 < 0 : (object?)null;
            case "<=": return Values.Compare(left, right) is { } c4 ? c4 <= 0 : (object?)null;
            case ">": return Values.Compare(left, right) is { } c5 ? c5 > 0 : (object?)null;
            case ">=": return Values.Compare(left, right) is { } c6 ? c6 >= 0 : (object?)null;
            case "like":
            case "=~":
                return Matches(Values.ToText(left), binary.Right, Values.ToText(right));
        }

        if (!Values.TryNumber(left, out double l) || !Values.TryNumber(right, out double r)) return null;
        return binary.Operator switch
        {
            "+" => l + r,
            "-" => l - r,
            "*" => l * r,
            "/" => r == 0 ? null : l / r,
            "%" => r == 0 ? null : l % r,
            "^" => Math.Pow(l, r),
            _ => throw new NotSupportedException($"Unknown operator '{binary.Operator}'."),
        };
    }

    /// <summary>`like` and `=~`: a /regex/ matches as a regular expression, a string as a case-sensitive substring.</summary>
    private static object? Matches(string? text, Expr patternExpression, string? pattern)
    {
        if (text == null || pattern == null) return null;
        if (patternExpression is RegexExpr)
        {
            return GetRegex(pattern).IsMatch(text);
        }
        return text.IndexOf(pattern, StringComparison.Ordinal) >= 0;
    }
}
