using System;
using System.Collections.Generic;
using IamInsights.Query;
using IamInsights.Records;

namespace IamInsights;

/// <summary>One query of the catalog: the cmdlet that runs it, the events it finds, its Logs Insights text and its record type.</summary>
[TableView("Command", "EventSource", "EventNames")]
[ListView("Command", "Synopsis", "EventSource", "EventNames", "RecordType", "Query")]
public sealed class CatalogEntry
{
    private readonly Func<IamEvent> createRecord;
    private readonly RecordSchema schema;

    internal CatalogEntry(string command, string synopsis, string eventSource, IReadOnlyList<string> eventNames,
        QueryAst ast, Type recordType, Func<IamEvent> createRecord)
    {
        Command = command;
        Synopsis = synopsis;
        EventSource = eventSource;
        EventNames = eventNames;
        Ast = ast;
        Query = ast.ToString();
        RecordType = recordType;
        this.createRecord = createRecord;
        schema = RecordSchema.Of(recordType);
    }

    /// <summary>The cmdlet, such as Get-IamCreateUserEvent.</summary>
    public string Command { get; }

    public string Synopsis { get; }

    public string EventSource { get; }

    public IReadOnlyList<string> EventNames { get; }

    /// <summary>The query as a syntax tree: its filter first, then the common fields, then the event's own fields.</summary>
    public QueryAst Ast { get; }

    /// <summary>The Logs Insights query text, printed from the tree; it can be pasted into the CloudWatch console as it is.</summary>
    public string Query { get; }

    /// <summary>The .NET type of the records the cmdlet emits.</summary>
    public Type RecordType { get; }

    /// <summary>Makes the typed record of one result row.</summary>
    public IamEvent CreateRecord(ResultRow row)
    {
        var record = createRecord();
        record.Read(row, schema);
        return record;
    }

    public override string ToString() => Command;
}
