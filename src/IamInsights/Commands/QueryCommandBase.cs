using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using IamInsights.Checkpoints;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Running;
using IamInsights.Sources;

namespace IamInsights.Commands;

/// <summary>
/// The shared parameters and the pipeline of every cmdlet that runs a query: where to read, when, and the checkpoint.
/// A derived cmdlet gives the query as a tree and turns each result row into its output; the source comes from
/// <see cref="SourceFactory"/>.
/// </summary>
public abstract partial class QueryCommandBase : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    protected const string LogGroupSet = "LogGroup";
    protected const string EventHistorySet = "EventHistory";
    protected const string S3UriSet = "S3Uri";
    protected const string S3BucketSet = "S3Bucket";
    protected const string S3TrailSet = "S3Trail";
    protected const string AthenaSet = "Athena";

    private readonly List<string> paths = new();
    private readonly CancellationTokenSource cancellation = new();
    private QueryAst? query;
    private int problems;

    /// <summary>The query, built once per call: a catalog tree with the filter parameters, or the user's text parsed once.</summary>
    protected abstract QueryAst BuildQuery();

    /// <summary>What the query looks for, for -Verbose: "CreateUser events".</summary>
    protected abstract string QueryDescription { get; }

    /// <summary>What a checkpoint calls this query; a checkpoint written for another query is refused.</summary>
    protected virtual string CheckpointName(QueryAst query) => CheckpointRun.NameOfQueryText(query.ToString());

    /// <summary>Whether the outputs carry the log group each row came from, when the source reads log groups.</summary>
    protected virtual bool WithLogGroup => false;

    /// <summary>What one output is called in -Verbose: "event", "result".</summary>
    protected virtual string ResultNoun => "result";

    /// <summary>Turns one result row into the object written to the pipeline.</summary>
    protected abstract object ToOutput(ResultRow row);

    /// <summary>Whether to write an output: the filters that run after the query (such as -Risk) say no by returning false.</summary>
    protected virtual bool Keep(object output) => true;

    /// <summary>Builds the query before any input is read; a malformed query is a terminating error.</summary>
    protected override void BeginProcessing() => Guard(() => query = BuildQuery());

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LiteralPathSet)
        {
            foreach (var literal in LiteralPath) paths.Add(GetUnresolvedProviderPathFromPSPath(literal));
            return;
        }
        if (ParameterSetName == PathSet) foreach (var pattern in Path) ResolvePath(pattern);
    }

    protected override void EndProcessing()
    {
        bool remote = ParameterSetName is LogGroupSet or EventHistorySet or S3UriSet or S3BucketSet or S3TrailSet or AthenaSet;
        if (!remote && paths.Count == 0) return;
        Guard(() => Run(remote));
    }

    protected override void StopProcessing() => cancellation.Cancel();

    private void Run(bool remote)
    {
        var window = RequestedWindow.Of(Since, Until, remote, WriteVerbose);
        using var checkpoint = Checkpoint == null ? null : CheckpointSession.Start(GetUnresolvedProviderPathFromPSPath(Checkpoint),
            CheckpointName(query!), window, CheckpointOverlap, CheckpointLockTimeout, WriteVerbose, WriteWarning, cancellation.Token);
        var request = new QueryRequest(query!, checkpoint?.Window ?? window, WithLogGroup);
        var source = SourceFactory.Create(GetSourceParameters(remote), ModuleOptions.Current, WriteVerbose, cancellation.Token);
        var observer = new PipelineObserver(WriteSourceProblem, WriteProgress, WriteVerbose, WriteWarning);
        WriteVerbose($"{MyInvocation.MyCommand.Name}: reading {source.Description} for {QueryDescription} from {request.Window}.");
        WriteVerbose(SourceCapabilitiesText.Describe(source.Capabilities));
        WriteVerbose("Query:\n" + request.Text);
        int count = 0;
        foreach (var row in source.Run(request, observer, cancellation.Token))
        {
            var output = ToOutput(row);
            if (!Keep(output) || (checkpoint != null && !checkpoint.ShouldReport(row))) continue;
            WriteObject(output);
            count++;
        }
        WriteVerbose($"{MyInvocation.MyCommand.Name}: {count} {ResultNoun}{(count == 1 ? "" : "s")} found.");
        checkpoint?.Complete(problems);
    }

    /// <summary>Runs a step, turning the documented errors into terminating error records and Ctrl+C into a stopped pipeline.</summary>
    private void Guard(Action step)
    {
        try
        {
            step();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (IamInsightsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }

    private void ResolvePath(string pattern)
    {
        try
        {
            var resolved = GetResolvedProviderPathFromPSPath(pattern, out var provider);
            if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                paths.AddRange(resolved);
                return;
            }
            WriteSourceProblem(new SourceProblem(ErrorCatalog.CloudTrailPathNotFileSystem.Id, ProblemKind.NotFound, pattern,
                $"The path '{pattern}' is not a file system path; CloudTrail logs are read from files."));
        }
        catch (ItemNotFoundException)
        {
            WriteSourceProblem(new SourceProblem(ErrorCatalog.CloudTrailPathNotFound.Id, ProblemKind.NotFound, pattern,
                $"Cannot find the path '{pattern}' because it does not exist."));
        }
    }

    private void WriteSourceProblem(SourceProblem problem)
    {
        problems++;
        WriteError(ErrorRecords.From(problem));
    }
}
