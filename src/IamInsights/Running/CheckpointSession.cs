using System;
using System.Globalization;
using System.Threading;
using IamInsights.Checkpoints;
using IamInsights.Errors;

namespace IamInsights.Running;

/// <summary>A cmdlet's use of a checkpoint: where it starts reading, what it suppresses, and what it says in -Verbose.</summary>
internal sealed class CheckpointSession : IDisposable
{
    private readonly CheckpointRun run;
    private readonly TimeSpan overlap;
    private readonly Action<string> verbose;
    private readonly Action<string> warning;

    private CheckpointSession(CheckpointRun run, TimeSpan overlap, Action<string> verbose, Action<string> warning)
    {
        this.run = run;
        this.overlap = overlap;
        this.verbose = verbose;
        this.warning = warning;
    }

    /// <summary>The window this run reads: the one asked for on a first run, else from the checkpoint less the overlap.</summary>
    public TimeWindow Window => run.Window;

    /// <summary>Takes the checkpoint's lock and reads it; throws <see cref="CheckpointException"/> when it cannot be used.</summary>
    public static CheckpointSession Start(string path, string name, TimeWindow requested, TimeSpan overlap, TimeSpan lockTimeout,
        Action<string> verbose, Action<string> warning, CancellationToken cancellationToken)
    {
        CheckpointRun run;
        try
        {
            run = CheckpointRun.Start(path, name, requested, overlap, lockTimeout, DateTime.UtcNow, cancellationToken);
        }
        catch (ArgumentException e)
        {
            // A negative overlap, or an -Until before the checkpoint less the overlap.
            throw new IamInsightsException(ErrorCatalog.InvalidTimeWindow, e.Message, path, e);
        }
        verbose(run.IsFirstRun
            ? $"Checkpoint '{path}' has no completed run yet: this run reads from {requested}."
            : $"Checkpoint '{path}' is at {Format(run.PreviousCheckpoint)}: reading on from {run.Window}, an overlap of {overlap}.");
        if (run.ForgottenBefore is { } forgotten)
        {
            warning($"The overlap reaches back before {Format(forgotten)}, further than the last run's; results older than that may be reported again.");
        }
        return new CheckpointSession(run, overlap, verbose, warning);
    }

    /// <summary>Whether a result is new; false when an earlier run reported it.</summary>
    public bool ShouldReport(Query.ResultRow row) => run.ShouldReport(row);

    /// <summary>Writes the checkpoint after every result went down the pipeline; it moves only when no input failed.</summary>
    public void Complete(int problems)
    {
        bool advance = problems == 0;
        var next = run.Complete(advance);
        verbose($"Checkpoint: {run.Suppressed} result{(run.Suppressed == 1 ? " was" : "s were")} already reported and suppressed.");
        if (advance)
        {
            verbose($"Checkpoint moved to {Format(next)}; the next run reads from {Format(next - overlap)}.");
        }
        else
        {
            warning($"{problems} input{(problems == 1 ? "" : "s")} could not be read, so the checkpoint did not move (it stays at {Format(next)}): the next run reads this window again, without repeating what this run reported.");
        }
    }

    public void Dispose() => run.Dispose();

    private static string Format(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "none";
}
