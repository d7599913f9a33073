using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using IamInsights.Checkpoints;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.Files;

namespace IamInsights.Commands;

/// <summary>
/// The shared parameters and the run loop of every cmdlet that runs a query: where to read (-Path, -LiteralPath) and
/// when (-Since, -Until). A derived cmdlet gives the query text and turns each result row into its output.
/// </summary>
public abstract class QueryCommandBase : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    protected const string LogGroupSet = "LogGroup";

    /// <summary>The window of a remote query when -Since is not given.</summary>
    private static readonly TimeSpan RemoteDefaultWindow = TimeSpan.FromHours(24);

    private readonly List<string> paths = new();
    private readonly CancellationTokenSource cancellation = new();
    private int problems;

    /// <summary>CloudTrail log files or folders (searched recursively). Wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>CloudTrail log files or folders, taken literally; binds from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>CloudWatch Logs log groups that a CloudTrail trail delivers to, queried with Logs Insights.</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string[]? LogGroupName { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string? ProfileName { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string? ProfileLocation { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string? Region { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string? SessionToken { get; set; }

    /// <summary>An AWSCredentials object, such as AWS.Tools' Get-AWSCredential gives.</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNull]
    public object? Credential { get; set; }

    /// <summary>Another endpoint for CloudWatch Logs and CloudTrail, such as a local emulator.</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNull]
    public Uri? EndpointUrl { get; set; }

    /// <summary>Only events at or after this time. A time without a kind is local time, as Get-Date gives.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only events at or before this time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>A checkpoint file: later runs read on from where the last one ended and never repeat a result.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Checkpoint { get; set; }

    /// <summary>How far before the last run's end a checkpointed run starts reading, to catch late deliveries.</summary>
    [Parameter]
    public TimeSpan CheckpointOverlap { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How long to wait for another run that holds the checkpoint.</summary>
    [Parameter]
    public TimeSpan CheckpointLockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The Logs Insights query text to run.</summary>
    protected abstract string QueryText { get; }

    /// <summary>What the query looks for, for -Verbose: "CreateUser events".</summary>
    protected abstract string QueryDescription { get; }

    /// <summary>What a checkpoint calls this query; a checkpoint written for another query is refused.</summary>
    protected virtual string CheckpointName => CheckpointRun.NameOfQueryText(QueryText);

    /// <summary>What one output is called in -Verbose: "event", "result".</summary>
    protected virtual string ResultNoun => "result";

    /// <summary>Turns one result row into the object written to the pipeline.</summary>
    protected abstract object ToOutput(ResultRow row);

    /// <summary>Whether to write an output: the filters that run after the query (such as -Risk) say no by returning false.</summary>
    protected virtual bool Keep(object output) => true;

    /// <summary>Checks the query before any input is read; a malformed query is a terminating error.</summary>
    protected override void BeginProcessing()
    {
        if (!Parser.TryParse(QueryText, out _, out var error))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(error!.Message + Environment.NewLine + "Query:" + Environment.NewLine + QueryText, error),
                "MalformedQueryException", ErrorCategory.ParserError, QueryText));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LiteralPathSet)
        {
            foreach (var literal in LiteralPath) paths.Add(GetUnresolvedProviderPathFromPSPath(literal));
            return;
        }
        foreach (var pattern in Path) ResolvePath(pattern);
    }

    protected override void EndProcessing()
    {
        bool remote = ParameterSetName == LogGroupSet;
        if (!remote && paths.Count == 0) return;
        var window = CreateWindow(remote);
        using var checkpoint = StartCheckpoint(window);
        if (checkpoint != null) window = checkpoint.Window;

        IQuerySource source = remote ? CreateRemoteSource() : new FileSource(paths);
        var observer = new PipelineObserver(WriteSourceProblem, WriteQueryProgress, WriteVerbose, WriteWarning);
        WriteVerbose($"{MyInvocation.MyCommand.Name}: reading {source.Description} for {QueryDescription} from {window}.");
        WriteVerbose("Query:\n" + QueryText);
        int count = 0;
        try
        {
            foreach (var row in source.Run(QueryText, window, observer, cancellation.Token))
            {
                var output = ToOutput(row);
                if (!Keep(output)) continue;
                if (checkpoint != null && !checkpoint.ShouldReport(row)) continue;
                WriteObject(output);
                count++;
            }
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (RemoteError(e) is { } error)
        {
            ThrowTerminatingError(error);
        }
        WriteVerbose($"{MyInvocation.MyCommand.Name}: {count} {ResultNoun}{(count == 1 ? "" : "s")} found.");
        if (checkpoint != null) CompleteCheckpoint(checkpoint);
    }

    private CheckpointRun? StartCheckpoint(TimeWindow requested)
    {
        if (Checkpoint == null) return null;
        string path = GetUnresolvedProviderPathFromPSPath(Checkpoint);
        try
        {
            var run = CheckpointRun.Start(path, CheckpointName, requested, CheckpointOverlap, CheckpointLockTimeout, DateTime.UtcNow, cancellation.Token);
            WriteVerbose(run.IsFirstRun
                ? $"Checkpoint '{path}' has no completed run yet: this run reads from {requested}."
                : $"Checkpoint '{path}' is at {Format(run.PreviousCheckpoint)}: reading on from {run.Window}, an overlap of {CheckpointOverlap}.");
            if (run.ForgottenBefore is { } forgotten)
            {
                WriteWarning($"The overlap reaches back before {Format(forgotten)}, further than the last run's; results older than that may be reported again.");
            }
            return run;
        }
        catch (CheckpointException e)
        {
            var category = e.ErrorId switch
            {
                CheckpointException.LockedId => ErrorCategory.ResourceBusy,
                CheckpointException.UnwritableId => ErrorCategory.WriteError,
                _ => ErrorCategory.InvalidData,
            };
            ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, category, path));
            throw;
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidTimeWindow", ErrorCategory.InvalidArgument, path));
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
    }

    private void CompleteCheckpoint(CheckpointRun checkpoint)
    {
        bool advance = problems == 0;
        DateTime? next;
        try
        {
            next = checkpoint.Complete(advance);
        }
        catch (CheckpointException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.WriteError, e.Path));
            throw;
        }
        WriteVerbose($"Checkpoint: {checkpoint.Suppressed} result{(checkpoint.Suppressed == 1 ? " was" : "s were")} already reported and suppressed.");
        if (advance)
        {
            WriteVerbose($"Checkpoint moved to {Format(next)}; the next run reads from {Format(next - CheckpointOverlap)}.");
        }
        else
        {
            WriteWarning($"{problems} input{(problems == 1 ? "" : "s")} could not be read, so the checkpoint did not move (it stays at {Format(next)}): the next run reads this window again, without repeating what this run reported.");
        }
    }

    protected override void StopProcessing() => cancellation.Cancel();

    private void ResolvePath(string pattern)
    {
        try
        {
            var resolved = GetResolvedProviderPathFromPSPath(pattern, out var provider);
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                problems++;
                WriteError(new ErrorRecord(
                    new ArgumentException($"The path '{pattern}' is not a file system path; CloudTrail logs are read from files."),
                    "CloudTrailPathNotFileSystem", ErrorCategory.InvalidArgument, pattern));
                return;
            }
            paths.AddRange(resolved);
        }
        catch (ItemNotFoundException e)
        {
            problems++;
            WriteError(new ErrorRecord(new FileNotFoundException($"Cannot find the path '{pattern}' because it does not exist.", e),
                FileSource.NotFoundId, ErrorCategory.ObjectNotFound, pattern));
        }
    }

    private TimeWindow CreateWindow(bool remote)
    {
        try
        {
            if (!remote) return new TimeWindow(Since, Until);
            var until = Until ?? DateTime.UtcNow;
            var since = Since ?? until.ToUniversalTime() - RemoteDefaultWindow;
            if (Since == null) WriteVerbose($"No -Since: querying the {RemoteDefaultWindow.TotalHours:0} hours before {until.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z.");
            return new TimeWindow(since, until);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidTimeWindow", ErrorCategory.InvalidArgument, Since));
            throw;
        }
    }

    private IQuerySource CreateRemoteSource()
    {
        var settings = new IamInsights.Aws.AwsSettings
        {
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            SessionToken = SessionToken,
            Credential = Unwrap(Credential),
            ProfileName = ProfileName,
            ProfileLocation = ProfileLocation,
            StoredCredentials = Unwrap(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
            Region = Region,
            StoredRegion = Unwrap(SessionState.PSVariable.GetValue("StoredAWSRegion")),
            EndpointUrl = EndpointUrl,
        };
        var logGroups = LogGroupName
                        ?? (Unwrap(SessionState.PSVariable.GetValue(IamInsights.Aws.RemoteSourceFactory.LogGroupVariable)) is { } value
                            ? LanguagePrimitives.ConvertTo<string[]>(value)
                            : Environment.GetEnvironmentVariable(IamInsights.Aws.RemoteSourceFactory.LogGroupEnvironment)?.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries));
        try
        {
            var defaults = new InsightsRunnerOptions();
            var options = new InsightsRunnerOptions
            {
                RowLimit = Setting(IamInsights.Aws.RemoteSourceFactory.RowLimitVariable, defaults.RowLimit),
                MaxConcurrency = Setting(IamInsights.Aws.RemoteSourceFactory.ConcurrencyVariable, defaults.MaxConcurrency),
            };
            return IamInsights.Aws.RemoteSourceFactory.Create(settings, logGroups, options, WriteVerbose, cancellation.Token);
        }
        catch (Exception e) when (RemoteError(e) is { } error)
        {
            ThrowTerminatingError(error);
            throw;
        }
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    /// <summary>A positive whole number from a session variable, or the default.</summary>
    private int Setting(string variable, int fallback)
    {
        var value = Unwrap(SessionState.PSVariable.GetValue(variable));
        if (value == null) return fallback;
        if (LanguagePrimitives.TryConvertTo<int>(value, out int number) && number > 0) return number;
        ThrowTerminatingError(new ErrorRecord(new ArgumentException($"${variable} must be a positive whole number, not '{value}'."),
            "InvalidSetting", ErrorCategory.InvalidArgument, value));
        return fallback;
    }

    /// <summary>The terminating error of a remote failure, with a stable ErrorId; null for other exceptions.</summary>
    private ErrorRecord? RemoteError(Exception e) => e switch
    {
        IamInsights.Aws.AwsCredentialsException { Incomplete: true } => new ErrorRecord(e, "AwsCredentialsIncomplete", ErrorCategory.InvalidArgument, null),
        IamInsights.Aws.AwsCredentialsException => new ErrorRecord(e, "AwsCredentialsNotFound", ErrorCategory.AuthenticationError, null),
        IamInsights.Aws.NoLogGroupException => new ErrorRecord(e, "LogGroupNotSpecified", ErrorCategory.InvalidArgument, null),
        InsightsQueryFailedException failed => new ErrorRecord(e, "InsightsQueryFailed", ErrorCategory.OperationStopped, failed.QueryId),
        AwsServiceException { ErrorCode: "ResourceNotFoundException" } =>
            new ErrorRecord(e, "LogGroupNotFound", ErrorCategory.ObjectNotFound, LogGroupName),
        AwsServiceException { ErrorCode: "MalformedQueryException" } =>
            new ErrorRecord(new ArgumentException(e.Message + Environment.NewLine + "Query:" + Environment.NewLine + QueryText, e), "MalformedQueryException", ErrorCategory.ParserError, QueryText),
        AwsServiceException { ErrorCode: "ExpiredTokenException" or "UnrecognizedClientException" or "InvalidSignatureException" or "AccessDeniedException" } =>
            new ErrorRecord(e, "AwsAccessDenied", ErrorCategory.PermissionDenied, null),
        AwsServiceException => new ErrorRecord(e, "AwsRequestFailed", ErrorCategory.ConnectionError, null),
        System.Net.Http.HttpRequestException => new ErrorRecord(e, "AwsRequestFailed", ErrorCategory.ConnectionError, null),
        _ => null,
    };

    private static string Format(DateTime? time) =>
        time?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    private void WriteSourceProblem(SourceProblem problem)
    {
        problems++;
        Exception exception = problem.Kind switch
        {
            ProblemKind.NotFound => new FileNotFoundException(problem.Message, problem.Target),
            ProblemKind.Unreadable => new IOException(problem.Message, problem.Exception),
            _ => new InvalidDataException(problem.Message, problem.Exception),
        };
        var category = problem.Kind switch
        {
            ProblemKind.NotFound => ErrorCategory.ObjectNotFound,
            ProblemKind.Unreadable => ErrorCategory.ReadError,
            _ => ErrorCategory.InvalidData,
        };
        WriteError(new ErrorRecord(exception, problem.ErrorId, category, problem.Target));
    }

    private void WriteQueryProgress(QueryProgress progress)
    {
        var record = new ProgressRecord(1, progress.Activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
    }
}
