namespace IamInsights;

/// <summary>A progress report of a long-running query.</summary>
public sealed class QueryProgress
{
    public QueryProgress(string activity, string status, int percentComplete, bool completed = false)
    {
        Activity = activity;
        Status = status;
        PercentComplete = percentComplete;
        Completed = completed;
    }

    public string Activity { get; }

    public string Status { get; }

    /// <summary>0 to 100, or -1 when unknown.</summary>
    public int PercentComplete { get; }

    public bool Completed { get; }
}
