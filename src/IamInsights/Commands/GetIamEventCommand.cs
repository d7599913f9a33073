using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
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

/// <summary>Completes -EventName with the catalog's event names.</summary>
public sealed class CatalogEventNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return IamCatalog.CatalogEventNames.Where(n => pattern.IsMatch(n)).OrderBy(n => n)
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
