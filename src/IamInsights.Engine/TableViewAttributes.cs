using System;
using System.Collections.Generic;

namespace IamInsights;

/// <summary>
/// Declares the default table view of a type: its columns, in order. A column is a property of the type or a
/// <see cref="FirstGivenColumnAttribute"/> of it. The build writes the module's format file from these declarations.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TableViewAttribute : Attribute
{
    public TableViewAttribute(params string[] columns) => Columns = columns;

    public IReadOnlyList<string> Columns { get; }
}

/// <summary>Declares a table column that shows the first of some properties that has a value.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FirstGivenColumnAttribute : Attribute
{
    public FirstGivenColumnAttribute(string label, string property, params string[] others)
    {
        Label = label;
        var properties = new List<string> { property };
        properties.AddRange(others);
        Properties = properties;
    }

    /// <summary>The column's header.</summary>
    public string Label { get; }

    /// <summary>The properties it looks at, in order; the last one is shown when none of the others has a value.</summary>
    public IReadOnlyList<string> Properties { get; }
}

/// <summary>Declares a list view of a type, shown by Format-List: its items, in order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ListViewAttribute : Attribute
{
    public ListViewAttribute(params string[] items) => Items = items;

    public IReadOnlyList<string> Items { get; }
}
