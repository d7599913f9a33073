using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace IamInsights.Query;

/// <summary>An immutable list with structural equality, so that syntax trees compare by value.</summary>
public sealed class Sequence<T> : IReadOnlyList<T>
{
    private readonly T[] items;

    public Sequence(IEnumerable<T> items) => this.items = items.ToArray();

    public T this[int index] => items[index];

    public int Count => items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public override bool Equals(object? obj) => obj is Sequence<T> other && items.SequenceEqual(other.items);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = 17;
            foreach (var item in items) hash = hash * 31 + (item?.GetHashCode() ?? 0);
            return hash;
        }
    }

    public override string ToString() => string.Join(", ", items.Select(i => i?.ToString()));
}
