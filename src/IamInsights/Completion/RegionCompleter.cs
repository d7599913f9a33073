using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;

namespace IamInsights.Completion;

/// <summary>Completes -Region with the Regions AWSSDK.Core knows; each one's display name is its tooltip.</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(wordToComplete, Regions());

    /// <summary>Kept apart so that only completing a Region loads the AWS assemblies.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<KeyValuePair<string, string>> Regions() => IamInsights.Aws.Completion.KnownRegions.All();
}
