using System.Management.Automation;
using IamInsights.Completion;
using IamInsights.Records;

namespace IamInsights.Commands;

/// <summary>Any IAM, STS or sign-in event of the catalog; -EventName narrows it, -IncludeReadOnly widens it to Get*/List* calls.</summary>
[Cmdlet(VerbsCommon.Get, "IamEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(IamActivity))]
public sealed class GetIamEventCommand : CatalogQueryCommand
{
    /// <summary>Only these events. Tab completion offers the catalog's event names.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CatalogEventNameCompleter))]
    public string[]? EventName { get; set; }

    /// <summary>Also every other IAM, STS and sign-in call, read-only ones (Get*, List*) included.</summary>
    [Parameter]
    public SwitchParameter IncludeReadOnly { get; set; }

    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamEvent");

    protected override IamInsights.Query.QueryAst BaseQuery =>
        EventName == null && !IncludeReadOnly
            ? Entry.Ast
            : IamCatalog.QueryWithFilter(Entry, IamCatalog.AnyEventFilter(EventName, IncludeReadOnly));
}
