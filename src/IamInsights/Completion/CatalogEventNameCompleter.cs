using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using IamInsights.Records;

namespace IamInsights.Completion;

/// <summary>Completes -EventName of Get-IamEvent with the catalog's event names.</summary>
public sealed class CatalogEventNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(wordToComplete, IamCatalog.CatalogEventNames.OrderBy(n => n));
}
