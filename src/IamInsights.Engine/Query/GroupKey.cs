using System;

namespace IamInsights.Query;

/// <summary>
/// The values of a stats group's `by` expressions. Two keys are equal when each pair of values is null on both
/// sides, or of the same type with the same text, so 1 and "1" stay apart.
/// </summary>
internal sealed class GroupKey : IEquatable<GroupKey>
{
    private int hash;

    public GroupKey(object?[] values)
    {
        Values = values;
        Rehash();
    }

    /// <summary>Computes the hash again after <see cref="Values"/> changed; a key in a dictionary never changes.</summary>
    public void Rehash()
    {
        hash = 0;
        foreach (var value in Values) hash = unchecked(hash * 31 + HashOf(value));
    }

    public object?[] Values { get; }

    public bool Equals(GroupKey? other)
    {
        if (other == null || other.hash != hash || other.Values.Length != Values.Length) return false;
        for (int i = 0; i < Values.Length; i++)
        {
            if (!Same(Values[i], other.Values[i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as GroupKey);

    public override int GetHashCode() => hash;

    private static bool Same(object? a, object? b)
    {
        if (a == null || b == null) return a == null && b == null;
        if (a.GetType() != b.GetType()) return false;
        return a is string text ? string.Equals(text, (string)b, StringComparison.Ordinal) : Query.Values.ToText(a) == Query.Values.ToText(b);
    }

    private static int HashOf(object? value) => value switch
    {
        null => 0,
        string text => StringComparer.Ordinal.GetHashCode(text),
        _ => value.GetType().GetHashCode() ^ StringComparer.Ordinal.GetHashCode(Query.Values.ToText(value)!),
    };
}
