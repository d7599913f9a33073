using System;
using System.Management.Automation;

namespace IamInsights.Running;

/// <summary>Forwards what a running query reports to the cmdlet's streams, on the pipeline thread that enumerates it.</summary>
internal sealed class PipelineObserver : IQueryObserver
{
    private readonly Action<SourceProblem> problem;
    private readonly Action<ProgressRecord> progress;
    private readonly Action<string> verbose;
    private readonly Action<string> warning;

    public PipelineObserver(Action<SourceProblem> problem, Action<ProgressRecord> progress, Action<string> verbose, Action<string> warning)
    {
        this.problem = problem;
        this.progress = progress;
        this.verbose = verbose;
        this.warning = warning;
    }

    public void Problem(SourceProblem p) => problem(p);

    public void Progress(QueryProgress p) => progress(new ProgressRecord(1, p.Activity, p.Status)
    {
        PercentComplete = p.PercentComplete,
        RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
    });

    public void Verbose(string message) => verbose(message);

    public void Warning(string message) => warning(message);
}
