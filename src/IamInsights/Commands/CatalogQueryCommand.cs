using IamInsights.Query;

namespace IamInsights.Commands;

/// <summary>A cmdlet that runs one query of the catalog and writes its typed records. A derived cmdlet only names its entry.</summary>
public abstract class CatalogQueryCommand : QueryCommandBase
{
    /// <summary>The catalog query this cmdlet runs.</summary>
    protected abstract CatalogEntry Entry { get; }

    protected override string QueryText => Entry.Query;

    protected override string QueryDescription => string.Join(", ", Entry.EventNames) + " events";

    protected override string ResultNoun => "event";

    protected override string CheckpointName => Entry.Command;

    protected override object ToOutput(ResultRow row) => Entry.CreateRecord(row);
}
