using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;

namespace IamInsights.Completion;

/// <summary>
/// Completes -ProfileName with the profiles that give credentials, from the shared credentials file (or -ProfileLocation,
/// when it is on the command line) and the config file, as -ProfileName resolves them.
/// </summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(wordToComplete, Profiles(CompletionValues.Bound<string>(fakeBoundParameters, "ProfileLocation")));

    /// <summary>Kept apart so that only completing a profile loads the AWS assemblies.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IReadOnlyList<string> Profiles(string? profileLocation) => IamInsights.Aws.Completion.KnownProfiles.Names(profileLocation);
}
