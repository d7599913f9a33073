using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Security;
using IamInsights.Running;

namespace IamInsights.Completion;

/// <summary>
/// Completes a parameter with names the account has, reached with the credentials, -Region, -ProfileName and
/// -EndpointUrl already on the command line, or else as a cmdlet would find them ($StoredAWSCredentials, the
/// environment, the default profile). The names are kept for the session per account, Region and endpoint. Without
/// credentials, or when the call fails or takes more than a few seconds, it offers nothing and writes nothing.
/// </summary>
public abstract class AccountListingCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionValues.Complete(wordToComplete, Names(FromCommandLine(fakeBoundParameters)).Select(Value).OrderBy(n => n, StringComparer.Ordinal));

    /// <summary>The value offered for a name.</summary>
    private protected virtual string Value(string name) => name;

    /// <summary>The names, listed with these parameters; the AWS assemblies load only here.</summary>
    private protected abstract IReadOnlyList<string> Names(SourceParameters parameters);

    /// <summary>The AWS parameters bound so far, and the session's AWS.Tools variables, as a cmdlet takes them.</summary>
    private static SourceParameters FromCommandLine(IDictionary bound)
    {
        var region = CompletionValues.Bound<string[]>(bound, "Region");
        var endpoint = CompletionValues.Bound<string>(bound, "EndpointUrl");
        return new SourceParameters
        {
            ProfileName = CompletionValues.Bound<string>(bound, "ProfileName"),
            ProfileLocation = CompletionValues.Bound<string>(bound, "ProfileLocation"),
            Region = region is { Length: 1 } ? region : null,
            AccessKey = CompletionValues.Bound<string>(bound, "AccessKey"),
            SecretKey = Secret(bound, "SecretKey"),
            SessionToken = Secret(bound, "SessionToken"),
            Credential = AwsCredentialArguments.Credential(CompletionValues.Bound<object>(bound, "Credential")),
            EndpointUrl = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null,
            Variable = SessionVariable,
        };
    }

    /// <summary>-SecretKey or -SessionToken as text, whether the line gives a string or a SecureString.</summary>
    private static string? Secret(IDictionary bound, string name) =>
        CompletionValues.Bound<SecureString>(bound, name) is { } secure ? AwsCredentialArguments.Text(secure) : CompletionValues.Bound<string>(bound, name);

    /// <summary>
    /// A session variable ($StoredAWSCredentials, $StoredAWSRegion), read by a script block: a completer is called while
    /// the completion's own pipeline runs, when the runspace's SessionStateProxy refuses calls.
    /// </summary>
    private static object? SessionVariable(string name)
    {
        var values = ScriptBlock.Create("Get-Variable -Name " + name + " -ValueOnly -ErrorAction Ignore").Invoke();
        object? value = values.Count == 1 ? values[0] : null;
        return value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}

/// <summary>Completes -LogGroupName with the account's log groups (logs:DescribeLogGroups).</summary>
public sealed class LogGroupNameCompleter : AccountListingCompleter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected override IReadOnlyList<string> Names(SourceParameters parameters) =>
        IamInsights.Aws.Completion.AccountListings.LogGroupNames(SourceFactory.AwsSettings(parameters));
}

/// <summary>Completes -BucketName with the account's buckets (s3:ListAllMyBuckets).</summary>
public class BucketNameCompleter : AccountListingCompleter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected override IReadOnlyList<string> Names(SourceParameters parameters) =>
        IamInsights.Aws.Completion.AccountListings.BucketNames(SourceFactory.AwsSettings(parameters));
}

/// <summary>Completes -Trail with the names of the Region's trails (cloudtrail:DescribeTrails).</summary>
public sealed class TrailNameCompleter : AccountListingCompleter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected override IReadOnlyList<string> Names(SourceParameters parameters) =>
        IamInsights.Aws.Completion.AccountListings.TrailNames(SourceFactory.AwsSettings(parameters));
}

/// <summary>Completes -AthenaWorkGroup with the Region's Athena workgroups (athena:ListWorkGroups).</summary>
public sealed class WorkGroupCompleter : AccountListingCompleter
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected override IReadOnlyList<string> Names(SourceParameters parameters) =>
        IamInsights.Aws.Completion.AccountListings.WorkGroupNames(SourceFactory.AwsSettings(parameters));
}

/// <summary>Completes -S3Uri with s3://bucket/ for each of the account's buckets.</summary>
public sealed class S3UriCompleter : BucketNameCompleter
{
    private protected override string Value(string name) => "s3://" + name + "/";
}
