using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using IamInsights.Query;

namespace IamInsights.Sources.Files;

/// <summary>
/// Rules out records before they are parsed. From the query's leading filters it derives groups of literals: a record
/// that matches the query contains, in its raw JSON text, at least one literal of every group (an `=` or `in` against
/// a string, or a `like` substring). A record that lacks a group is skipped, unless it holds a \u or \/ escape, which
/// could spell a literal in other bytes.
/// </summary>
public sealed class RecordPrefilter
{
    private static readonly byte[] UnicodeEscape = Encoding.ASCII.GetBytes("\\u");
    private static readonly byte[] SlashEscape = Encoding.ASCII.GetBytes("\\/");

    private readonly byte[][][] groups;

    private RecordPrefilter(byte[][][] groups) => this.groups = groups;

    /// <summary>The literal groups, for -Verbose and tests.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Groups => groups.Select(g => (IReadOnlyList<string>)g.Select(b => Encoding.ASCII.GetString(b)).ToList()).ToList();

    /// <summary>The prefilter of a query, or null when its filters require no literal.</summary>
    public static RecordPrefilter? For(QueryAst query)
    {
        var groups = new List<byte[][]>();
        foreach (var command in query.Commands)
        {
            if (command is not FilterCommand filter) break;
            groups.AddRange(Required(filter.Condition));
        }
        return groups.Count == 0 ? null : new RecordPrefilter(groups.ToArray());
    }

    /// <summary>Whether the record's raw JSON may match the query, so it must be parsed.</summary>
    public bool MayMatch(ReadOnlySpan<byte> record)
    {
        foreach (var group in groups)
        {
            bool found = false;
            foreach (var literal in group)
            {
                if (record.IndexOf(literal) >= 0)
                {
                    found = true;
                    break;
                }
            }
            if (!found) return record.IndexOf(UnicodeEscape) >= 0 || record.IndexOf(SlashEscape) >= 0;
        }
        return true;
    }

    /// <summary>
    /// The same test as <see cref="MayMatch(ReadOnlySpan{byte})"/> for records of one buffer asked about in order of
    /// position: each literal, and each escape, is searched for once over the buffer instead of once per record.
    /// </summary>
    public BufferSearch Over(byte[] data, int length) => new(this, data, length);

    /// <summary>Where each literal next occurs in a buffer, found by vectorised searches that run ahead of the records.</summary>
    public sealed class BufferSearch
    {
        private readonly byte[] data;
        private readonly int length;
        private readonly Occurrence[][] groups;
        private readonly Occurrence[] escapes;

        internal BufferSearch(RecordPrefilter prefilter, byte[] data, int length)
        {
            this.data = data;
            this.length = length;
            groups = prefilter.groups.Select(g => g.Select(l => new Occurrence(l)).ToArray()).ToArray();
            escapes = new[] { new Occurrence(UnicodeEscape), new Occurrence(SlashEscape) };
        }

        /// <summary>Whether the record in data[start..end) may match the query.</summary>
        public bool MayMatch(int start, int end)
        {
            foreach (var group in groups)
            {
                bool found = false;
                foreach (var literal in group)
                {
                    if (literal.Within(data, length, start, end))
                    {
                        found = true;
                        break;
                    }
                }
                if (!found) return escapes[0].Within(data, length, start, end) || escapes[1].Within(data, length, start, end);
            }
            return true;
        }

        private sealed class Occurrence
        {
            private readonly byte[] literal;
            private int searchedFrom = int.MaxValue;
            private int at = -1;

            public Occurrence(byte[] literal) => this.literal = literal;

            /// <summary>Whether the literal occurs inside data[start..end); searches again only when the last answer does not cover start.</summary>
            public bool Within(byte[] data, int length, int start, int end)
            {
                if (searchedFrom > start || (at >= 0 && at < start))
                {
                    int next = new ReadOnlySpan<byte>(data, start, length - start).IndexOf(literal);
                    searchedFrom = start;
                    at = next < 0 ? -1 : start + next;
                }
                return at >= 0 && at + literal.Length <= end;
            }
        }
    }

    /// <summary>The literal groups a condition requires; empty when it requires none that can be checked in raw bytes.</summary>
    private static List<byte[][]> Required(Expr condition)
    {
        switch (condition)
        {
            case BinaryExpr { Operator: "and" } and:
                return Required(and.Left).Concat(Required(and.Right)).ToList();
            case BinaryExpr { Operator: "or" } or:
            {
                var left = Required(or.Left);
                var right = Required(or.Right);
                if (left.Count == 0 || right.Count == 0) return new List<byte[][]>();
                return new List<byte[][]> { left[0].Concat(right[0]).ToArray() };
            }
            case BinaryExpr { Operator: "=" or "like" } compare when Literal(compare.Left, compare.Right, compare.Operator == "like") is { } literal:
                return new List<byte[][]> { new[] { literal } };
            case InExpr { Negated: false, Value: FieldExpr field } inList when IsJsonField(field):
            {
                var literals = inList.Items.Select(i => i is StringExpr s ? Bytes(s.Value) : null).ToList();
                return literals.Any(l => l == null) ? new List<byte[][]>() : new List<byte[][]> { literals.ToArray()! };
            }
            default:
                return new List<byte[][]>();
        }
    }

    private static byte[]? Literal(Expr left, Expr right, bool like)
    {
        if (left is FieldExpr field && IsJsonField(field) && right is StringExpr value) return Bytes(value.Value);
        if (!like && right is FieldExpr other && IsJsonField(other) && left is StringExpr reversed) return Bytes(reversed.Value);
        return null;
    }

    private static bool IsJsonField(FieldExpr field) => !field.Name.StartsWith("@", StringComparison.Ordinal);

    /// <summary>
    /// The bytes a literal has in raw JSON, or null when they cannot be known: text with quotes, backslashes, control
    /// or non-ASCII characters (JSON may escape them), or text that reads as a number (it may equal 10.0 written as 10).
    /// </summary>
    private static byte[]? Bytes(string literal)
    {
        if (literal.Length == 0 || literal.Any(c => c < 0x20 || c > 0x7e || c == '"' || c == '\\')) return null;
        if (double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return null;
        return Encoding.ASCII.GetBytes(literal);
    }
}
