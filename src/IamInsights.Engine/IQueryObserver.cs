namespace IamInsights;

/// <summary>
/// What a running query reports besides its rows. A source calls it on the thread that enumerates its results,
/// so a cmdlet can forward each call to the pipeline directly.
/// </summary>
public interface IQueryObserver
{
    void Problem(SourceProblem problem);

    void Progress(QueryProgress progress);

    void Verbose(string message);

    /// <summary>Something the user should know that lost no data, such as bytes ignored at the end of a file.</summary>
    void Warning(string message);
}
