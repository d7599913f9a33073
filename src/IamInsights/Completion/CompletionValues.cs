using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace IamInsights.Completion;

/// <summary>What the completers share: matching the word typed so far, quoting a value, and reading what the command line binds.</summary>
internal static class CompletionValues
{
    /// <summary>
    /// The values that match the word typed so far (its quotes taken off): those that start with it, ignoring case, or
    /// that match it as a wildcard pattern when it holds * or ?. Each comes back quoted when PowerShell needs it.
    /// </summary>
    public static IEnumerable<CompletionResult> Complete(string? wordToComplete, IEnumerable<KeyValuePair<string, string>> valuesWithTooltips)
    {
        string word = (wordToComplete ?? "").Trim('\'', '"');
        Func<string, bool> matches = word.IndexOfAny(new[] { '*', '?' }) >= 0
            ? new WildcardPattern(word.EndsWith("*", StringComparison.Ordinal) ? word : word + "*", WildcardOptions.IgnoreCase).IsMatch
            : value => value.StartsWith(word, StringComparison.OrdinalIgnoreCase);
        return valuesWithTooltips.Where(v => matches(v.Key))
            .Select(v => new CompletionResult(Quote(v.Key), v.Key, CompletionResultType.ParameterValue, v.Value));
    }

    /// <summary>Values whose tooltip is the value itself.</summary>
    public static IEnumerable<CompletionResult> Complete(string? wordToComplete, IEnumerable<string> values) =>
        Complete(wordToComplete, values.Select(v => new KeyValuePair<string, string>(v, v)));

    /// <summary>The value as it can be typed: in single quotes when it holds a space or a character PowerShell reads itself.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./:@+=".IndexOf(c) >= 0) && value[0] != '-' && value[0] != '@'
            ? value
            : "'" + value.Replace("'", "''") + "'";

    /// <summary>A parameter already bound on the command line, converted to T; null when it is absent or cannot be.</summary>
    public static T? Bound<T>(IDictionary fakeBoundParameters, string name) where T : class
    {
        if (fakeBoundParameters == null || !fakeBoundParameters.Contains(name)) return null;
        object? value = fakeBoundParameters[name];
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        return value != null && LanguagePrimitives.TryConvertTo<T>(value, out T converted) ? converted : null;
    }
}
