using System;
using System.Linq;
using System.Management.Automation;
using IamInsights.Checkpoints;
using IamInsights.Query;
using IamInsights.Records;

namespace IamInsights.Commands;

/// <summary>
/// A cmdlet that runs one query of the catalog and writes its typed records, with the filters every catalog cmdlet
/// has. The value filters go into the query text; -Risk and the exact RequestUser check run on the records.
/// A derived cmdlet only names its entry.
/// </summary>
public abstract class CatalogQueryCommand : QueryCommandBase
{
    /// <summary>Only events that act on these IAM users (requestParameters.userName). Wildcards are allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? UserName { get; set; }

    /// <summary>Only events made by these callers (RequestUser: user name, role session name or root). Wildcards are allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? RequestUser { get; set; }

    /// <summary>Only events from these source addresses. Wildcards are allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? SourceIPAddress { get; set; }

    /// <summary>Only events recorded in these accounts (recipientAccountId).</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? AccountId { get; set; }

    protected override string[]? ArchiveAccountIds => AccountId;

    /// <summary>Leave out failed calls and failed sign-ins.</summary>
    [Parameter]
    public SwitchParameter ExcludeFailed { get; set; }

    /// <summary>Only events that carry at least one of these risk flags.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public IamRisk[]? Risk { get; set; }

    /// <summary>The catalog query this cmdlet runs.</summary>
    protected abstract CatalogEntry Entry { get; }

    /// <summary>The query before the filter parameters are added.</summary>
    protected virtual QueryAst BaseQuery => Entry.Ast;

    /// <summary>The entry's tree with the filter parameters as one more filter; nothing is parsed.</summary>
    protected override QueryAst BuildQuery() => Filters.Apply(BaseQuery);

    protected override string QueryDescription => Entry.EventNames.Count == 0 ? Entry.Synopsis : string.Join(", ", Entry.EventNames) + " events";

    protected override string ResultNoun => "event";

    /// <summary>Records carry their log group (LogGroup) when they come from Logs Insights.</summary>
    protected override bool WithLogGroup => true;

    /// <summary>
    /// The cmdlet's name, and with filter parameters a hash of the query's filters only, so that a checkpoint outlives
    /// changes to the fields a catalog query selects.
    /// </summary>
    protected override string CheckpointName(QueryAst query) =>
        query.Equals(Entry.Ast)
            ? Entry.Command
            : Entry.Command + " " + CheckpointRun.NameOfQueryText(string.Join("\n", query.Commands.OfType<FilterCommand>()));

    protected override object ToOutput(ResultRow row) => Entry.CreateRecord(row);

    protected override bool Keep(object output)
    {
        var record = (IamEvent)output;
        if (Risk != null && !Risk.Any(flag => (record.Risk & flag) != 0)) return false;
        if (ExcludeFailed && (record.Risk & IamRisk.Failed) != 0) return false;
        if (RequestUser != null && !RequestUser.Any(v => QueryFilters.Matches(record.RequestUser, v))) return false;
        return true;
    }

    private QueryFilters Filters => new()
    {
        UserName = UserName,
        RequestUser = RequestUser,
        SourceIPAddress = SourceIPAddress,
        AccountId = AccountId,
        ExcludeFailed = ExcludeFailed,
    };
}
