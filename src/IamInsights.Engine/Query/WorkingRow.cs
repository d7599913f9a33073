using System.Collections.Generic;

namespace IamInsights.Query;

/// <summary>A row while a query runs: the input record plus the fields that commands have computed.</summary>
internal sealed class WorkingRow
{
    private Dictionary<string, object?>? computed;

    public WorkingRow(ILogRecord record) => Record = record;

    public ILogRecord Record { get; }

    public object? GetField(string name) =>
        computed != null && computed.TryGetValue(name, out var value) ? value : Record.GetField(name);

    public void SetField(string name, object? value) => (computed ??= new Dictionary<string, object?>())[name] = value;
}
