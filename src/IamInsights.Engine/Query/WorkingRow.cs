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

    public object? GetField(string name) =>
        computed != null && computed.TryGetValue(name, out var value) ? value : Record.GetField(name);

    public void SetField(string name, object? value) => (computed ??= new Dictionary<string, object?>())[name] = value;
}

/// <summary>The empty record behind a computed row: it has no fields.</summary>
internal sealed class NoRecord : ILogRecord
{
    public static readonly NoRecord Instance = new();

    public object? GetField(string name) => null;
}
