using System.Linq;
using System.Threading;
using IamInsights.Sources.Files;

namespace IamInsights.Benchmarks;

/// <summary>The module's engine answering the same question as the anchors: the catalog query of one event.</summary>
public static class EngineRun
{
    /// <summary>An observer that ignores progress and stops the run at the first problem.</summary>
    internal sealed class Quiet : IQueryObserver
    {
        public void Problem(SourceProblem problem) => throw new System.InvalidOperationException(problem.Message);

        public void Progress(QueryProgress progress) { }

        public void Verbose(string message) { }

        public void Warning(string message) { }
    }

    public static long Count(string folder, string eventName, FileSourceOptions? options = null) =>
        new FileSource(new[] { folder }, options).Run(Query(eventName), TimeWindow.All, new Quiet(), CancellationToken.None).LongCount();

    /// <summary>The catalog query of the event, or Get-IamEvent's filtered to it when no catalog entry is for it alone.</summary>
    public static string Query(string eventName)
    {
        string query = IamCatalog.QueryWithFilter(IamCatalog.Get("Get-IamEvent"), IamCatalog.AnyEventFilter(new[] { eventName }, false)).ToString();
        var entry = IamCatalog.Entries.FirstOrDefault(e => e.EventNames.Count == 1 && e.EventNames[0] == eventName);
        return entry != null ? entry.Query : query;
    }
}
