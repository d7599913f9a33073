using System.Collections.Generic;

namespace IamInsights.Query;

/// <summary>A row while a query runs: the input record plus the fields that commands have computed.</summary>
internal sealed class WorkingRow
{
    private Dictionary<string, object?>? computed;

    public WorkingRow(ILogRecord record) => Record = record;

    /// <summary>A row that no input record stands behind, such as a group made by stats.</summary>
    public static WorkingRow Computed() => new(NoRecord.Instance);

    public ILogRecord Record { get; }

    /// <summary>A computed field, a path into a computed map or list (`js.user.name`), or else the record's field.</summary>
    public object? GetField(string name)
    {
        if (computed != null)
        {
            if (computed.TryGetValue(name, out var value)) return value;
            if (computed is FieldsWithStructures && InStructure(name, out var inner)) return inner;
        }
        return Record.GetField(name);
    }

    public void SetField(string name, object? value)
    {
        if (value is StructuredValue && computed is not FieldsWithStructures)
        {
            computed = computed == null ? new FieldsWithStructures() : new FieldsWithStructures(computed);
        }
        (computed ??= new Dictionary<string, object?>())[name] = value;
    }

    /// <summary>A copy of this row with one more field set.</summary>
    public WorkingRow With(string name, object? value)
    {
        var copy = new WorkingRow(Record);
        if (computed != null) copy.computed = computed is FieldsWithStructures ? new FieldsWithStructures(computed) : new Dictionary<string, object?>(computed);
        copy.SetField(name, value);
        return copy;
    }

    /// <summary>Computed fields of which one or more is a map or a list, so that paths into them are looked up.</summary>
    private sealed class FieldsWithStructures : Dictionary<string, object?>
    {
        public FieldsWithStructures()
        {
        }

        public FieldsWithStructures(IDictionary<string, object?> fields)
            : base(fields)
        {
        }
    }

    private bool InStructure(string name, out object? value)
    {
        for (int dot = name.IndexOf('.'); dot > 0; dot = name.IndexOf('.', dot + 1))
        {
            if (computed!.TryGetValue(name.Substring(0, dot), out var holder) && holder is StructuredValue structure)
            {
                value = structure.Lookup(name.Substring(dot + 1));
                return true;
            }
        }
        value = null;
        return false;
    }
}

/// <summary>The empty record behind a computed row: it has no fields.</summary>
internal sealed class NoRecord : ILogRecord
{
    public static readonly NoRecord Instance = new();

    public object? GetField(string name) => null;
}
