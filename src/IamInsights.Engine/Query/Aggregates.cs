using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IamInsights.Query;

/// <summary>The aggregate functions of `stats`, and the accumulators that compute them.</summary>
public static class Aggregates
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.OrdinalIgnoreCase)
    {
        ["count"] = (0, 1),
        ["count_distinct"] = (1, 1),
        ["sum"] = (1, 1),
        ["avg"] = (1, 1),
        ["min"] = (1, 1),
        ["max"] = (1, 1),
        ["pct"] = (2, 2),
        ["stddev"] = (1, 1),
        ["earliest"] = (1, 1),
        ["latest"] = (1, 1),
        ["sortsfirst"] = (1, 1),
        ["sortslast"] = (1, 1),
        ["rate"] = (2, 2),
        ["count_over_time"] = (1, 1),
        ["sum_over_time"] = (1, 1),
        ["histogram"] = (2, 2),
    };

    private static readonly HashSet<string> TimeSeries = new(StringComparer.OrdinalIgnoreCase) { "rate", "count_over_time", "sum_over_time", "histogram" };

    /// <summary>True for the time-series functions, which only Logs Insights evaluates.</summary>
    public static bool IsTimeSeries(string name) => TimeSeries.Contains(name);

    public static bool IsKnown(string name) => Arity.ContainsKey(name);

    public static IEnumerable<string> Names => Arity.Keys;

    internal static void CheckArity(Token name, IReadOnlyList<Expr> arguments)
    {
        var (min, max) = Arity[name.Text];
        if (arguments.Count < min || arguments.Count > max)
        {
            string expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
            throw new QuerySyntaxException(
                $"function '{name.Text}' takes {expected} argument{(expected == "1" ? "" : "s")}, not {arguments.Count}", name.Line, name.Column);
        }
        if (arguments.Any(a => a is StarExpr) && !name.Text.Equals("count", StringComparison.OrdinalIgnoreCase))
        {
            throw new QuerySyntaxException($"only count takes '*'", name.Line, name.Column);
        }
        if (name.Text.Equals("pct", StringComparison.OrdinalIgnoreCase)
            && !(arguments[1] is NumberExpr { Value: >= 0 and <= 100 }))
        {
            throw new QuerySyntaxException("pct takes a percentile from 0 to 100 as its second argument", name.Line, name.Column);
        }
        if (name.Text.Equals("rate", StringComparison.OrdinalIgnoreCase) && arguments[1] is not PeriodExpr)
        {
            throw new QuerySyntaxException("rate takes a period such as 5m as its second argument", name.Line, name.Column);
        }
        if (name.Text.Equals("histogram", StringComparison.OrdinalIgnoreCase)
            && !(arguments[1] is NumberExpr { Value: >= 1 } buckets && buckets.Value == Math.Floor(buckets.Value)))
        {
            throw new QuerySyntaxException("histogram takes a whole number of buckets as its second argument", name.Line, name.Column);
        }
    }

    /// <summary>True when the expression holds an aggregate call.</summary>
    internal static bool Contains(Expr expression) => Calls(expression).Any();

    /// <summary>The aggregate calls in an expression, outermost first.</summary>
    internal static IEnumerable<CallExpr> Calls(Expr expression)
    {
        switch (expression)
        {
            case CallExpr call when IsKnown(call.Function):
                yield return call;
                break;
            case CallExpr call:
                foreach (var a in call.Arguments) foreach (var c in Calls(a)) yield return c;
                break;
            case BinaryExpr b:
                foreach (var c in Calls(b.Left)) yield return c;
                foreach (var c in Calls(b.Right)) yield return c;
                break;
            case UnaryExpr u:
                foreach (var c in Calls(u.Operand)) yield return c;
                break;
        }
    }

    /// <summary>A field used outside every aggregate call, if any.</summary>
    internal static FieldExpr? FieldOutside(Expr expression) => expression switch
    {
        FieldExpr f => f,
        CallExpr call when IsKnown(call.Function) => null,
        CallExpr call => call.Arguments.Select(FieldOutside).FirstOrDefault(f => f != null),
        BinaryExpr b => FieldOutside(b.Left) ?? FieldOutside(b.Right),
        UnaryExpr u => FieldOutside(u.Operand),
        InExpr i => FieldOutside(i.Value),
        _ => null,
    };

    internal static Accumulator Create(CallExpr call) => call.Function switch
    {
        "count" => new CountAccumulator(call.Arguments.Count == 0 || call.Arguments[0] is StarExpr ? null : call.Arguments[0]),
        "count_distinct" => new CountDistinctAccumulator(call.Arguments[0]),
        "sum" => new NumberAccumulator(call.Arguments[0], values => values.Count == 0 ? null : values.Sum()),
        "avg" => new NumberAccumulator(call.Arguments[0], values => values.Count == 0 ? null : values.Average()),
        "stddev" => new NumberAccumulator(call.Arguments[0], StandardDeviation),
        "pct" => new NumberAccumulator(call.Arguments[0], values => Percentile(values, ((NumberExpr)call.Arguments[1]).Value)),
        "min" => new ExtremeAccumulator(call.Arguments[0], smallest: true),
        "max" => new ExtremeAccumulator(call.Arguments[0], smallest: false),
        "earliest" => new TimedAccumulator(call.Arguments[0], earliest: true),
        "sortsfirst" => new ExtremeAccumulator(call.Arguments[0], smallest: true, Values.SortCompare),
        "sortslast" => new ExtremeAccumulator(call.Arguments[0], smallest: false, Values.SortCompare),
        _ => new TimedAccumulator(call.Arguments[0], earliest: false),
    };

    /// <summary>Sample standard deviation, as Logs Insights gives; null for fewer than two values.</summary>
    private static object? StandardDeviation(List<double> values)
    {
        if (values.Count < 2) return null;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least p% of the values at or below it.</summary>
    private static object? Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return null;
        values.Sort();
        int rank = (int)Math.Ceiling(p / 100 * values.Count);
        return values[Math.Min(Math.Max(rank, 1), values.Count) - 1];
    }

    internal abstract class Accumulator
    {
        public abstract void Add(WorkingRow row);

        public abstract object? Result { get; }
    }

    private sealed class CountAccumulator : Accumulator
    {
        private readonly Expr? field;
        private double count;

        public CountAccumulator(Expr? field) => this.field = field;

        public override void Add(WorkingRow row)
        {
            if (field == null || Evaluator.Evaluate(field, row) != null) count++;
        }

        public override object? Result => count;
    }

    private sealed class CountDistinctAccumulator : Accumulator
    {
        private readonly Expr field;
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);

        public CountDistinctAccumulator(Expr field) => this.field = field;

        public override void Add(WorkingRow row)
        {
            if (Values.ToText(Evaluator.Evaluate(field, row)) is { } text) seen.Add(text);
        }

        public override object? Result => (double)seen.Count;
    }

    private sealed class NumberAccumulator : Accumulator
    {
        private readonly Expr field;
        private readonly Func<List<double>, object?> finish;
        private readonly List<double> values = new();

        public NumberAccumulator(Expr field, Func<List<double>, object?> finish)
        {
            this.field = field;
            this.finish = finish;
        }

        public override void Add(WorkingRow row)
        {
            if (Values.TryNumber(Evaluator.Evaluate(field, row), out double n)) values.Add(n);
        }

        public override object? Result => finish(values);
    }

    /// <summary>
    /// The smallest or largest value, nulls aside, in an order: min and max compare values as comparisons do;
    /// sortsFirst and sortsLast take the value that `sort ... asc` puts first or last.
    /// </summary>
    private sealed class ExtremeAccumulator : Accumulator
    {
        private static readonly Func<object, object, int> ComparisonOrder = (a, b) => Values.Compare(a, b) ?? 0;

        private readonly Expr field;
        private readonly bool smallest;
        private readonly Func<object, object, int> compare;
        private object? best;

        public ExtremeAccumulator(Expr field, bool smallest, Func<object, object, int>? compare = null)
        {
            this.field = field;
            this.smallest = smallest;
            this.compare = compare ?? ComparisonOrder;
        }

        public override void Add(WorkingRow row)
        {
            var value = Evaluator.Evaluate(field, row);
            if (value == null) return;
            if (best == null) { best = value; return; }
            int c = compare(value, best);
            if (smallest ? c < 0 : c > 0) best = value;
        }

        public override object? Result => best;
    }

    private sealed class TimedAccumulator : Accumulator
    {
        private readonly Expr field;
        private readonly bool earliest;
        private DateTime? bestTime;
        private object? best;

        public TimedAccumulator(Expr field, bool earliest)
        {
            this.field = field;
            this.earliest = earliest;
        }

        public override void Add(WorkingRow row)
        {
            var value = Evaluator.Evaluate(field, row);
            if (value == null || row.GetField("@timestamp") is not DateTime time) return;
            if (bestTime == null || (earliest ? time < bestTime : time > bestTime))
            {
                bestTime = time;
                best = value;
            }
        }

        public override object? Result => best;
    }
}
