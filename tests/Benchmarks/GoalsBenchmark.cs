using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using DuckDB.NET.Data;
using IamInsights.Sources.Files;

namespace IamInsights.Benchmarks;

/// <summary>
/// The goals of the scan and analytics work, measured in one run: for each, the module's engine (in a child process,
/// so that its peak working set is its own), the anchor the goal names, and their ratio. Every time is the median of
/// several runs after one warm-up run, so the files are in the page cache.
/// </summary>
public static class GoalsBenchmark
{
    /// <summary>The module's queries, by name; each anchor below answers the same question.</summary>
    internal static readonly Dictionary<string, string> Queries = new()
    {
        ["stats"] = "stats count(*) as n by eventSource, eventName | sort n desc | limit 5",
        ["sort"] = "fields eventTime, eventName | sort eventTime desc | limit 5",
        ["dedup"] = "fields eventSource, eventName | dedup eventSource, eventName",
    };

    private static readonly Dictionary<string, string> DuckDbQueries = new()
    {
        ["filter"] = "SELECT count(*) FROM records WHERE r.eventSource = 'iam.amazonaws.com' AND r.eventName = 'CreateUser'",
        ["stats"] = "SELECT count(*) FROM (SELECT r.eventSource, r.eventName, count(*) AS n FROM records GROUP BY ALL ORDER BY n DESC LIMIT 5)",
        ["sort"] = "SELECT count(*) FROM (SELECT r.eventTime, r.eventName FROM records ORDER BY r.eventTime DESC LIMIT 5)",
        ["dedup"] = "SELECT count(*) FROM (SELECT DISTINCT r.eventSource, r.eventName FROM records)",
    };

    public static void Run(string folder, int runs)
    {
        var files = Directory.GetFiles(folder, "*.json.gz", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Goals, medians of {0} runs after a warm-up; load average before: {1}", runs, LoadAverage()));
        Console.WriteLine($"{"goal",-46} {"ours (s)",9} {"anchor (s)",11} {"ratio",7} {"rows",7} {"peak MB",8}");

        double zcat = Median(runs, () => TwoZcats(files));
        var filter = Engine(folder, "filter", runs);
        Print("1. filter scan vs two zcat processes (<= 1.1)", filter, zcat, "");

        foreach (var name in new[] { "filter", "stats", "sort", "dedup" })
        {
            long answer = 0;
            double duck = Median(runs, () => answer = DuckDb(folder, DuckDbQueries[name]));
            var ours = name == "filter" ? filter : Engine(folder, name, runs);
            string goal = name == "filter" ? "   filter scan vs DuckDB" : $"2. {name} over every record vs DuckDB (<= 0.5)";
            Print(goal, ours, duck, answer.ToString(CultureInfo.InvariantCulture));
        }
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "load average after: {0}", LoadAverage()));
    }

    /// <summary>The engine's side, run by a child process: prints 'median-seconds rows peak-bytes'.</summary>
    public static int RunEngine(string folder, string name, int runs)
    {
        long rows = 0;
        Func<long> run = name == "filter"
            ? () => EngineRun.Count(folder, "CreateUser")
            : () => new FileSource(new[] { folder }).Run(Queries[name], TimeWindow.All, new NullObserver(), CancellationToken.None).LongCount();
        double seconds = Median(runs, () => rows = run());
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}", seconds, rows, Process.GetCurrentProcess().PeakWorkingSet64));
        return 0;
    }

    private sealed record Result(double Seconds, long Rows, long PeakBytes);

    private static Result Engine(string folder, string name, int runs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(GoalsBenchmark).Assembly.Location, "engine-query", folder, name, runs.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var parts = output.Trim().Split('\n').Last().Split(' ');
        if (process.ExitCode != 0 || parts.Length != 3) throw new InvalidOperationException($"The engine run of '{name}' failed: {output}");
        return new Result(double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static void Print(string goal, Result ours, double anchor, string anchorRows) =>
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-46} {1,9:F3} {2,11:F3} {3,7:F2} {4,7} {5,8:F0}",
            goal, ours.Seconds, anchor, ours.Seconds / anchor, anchorRows.Length == 0 ? ours.Rows.ToString(CultureInfo.InvariantCulture) : $"{ours.Rows}/{anchorRows}",
            ours.PeakBytes / 1048576.0));

    /// <summary>Decompression alone on two cores: two zcat processes, each given every other file.</summary>
    private static long TwoZcats(string[] files)
    {
        var halves = new[] { files.Where((_, i) => i % 2 == 0), files.Where((_, i) => i % 2 == 1) };
        var processes = halves.Select(half =>
        {
            var start = new ProcessStartInfo("zcat") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var f in half) start.ArgumentList.Add(f);
            var p = Process.Start(start)!;
            return (Process: p, Drain: p.StandardOutput.BaseStream.CopyToAsync(Stream.Null));
        }).ToList();
        foreach (var (p, drain) in processes)
        {
            drain.Wait();
            p.WaitForExit();
            p.Dispose();
        }
        return 0;
    }

    private static long DuckDb(string folder, string query)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        string glob = Path.Combine(folder, "AWSLogs", "**", "*.json.gz").Replace("'", "''");
        command.CommandText = $"WITH records AS (SELECT unnest(Records) AS r FROM read_json('{glob}', maximum_object_size = 104857600)) {query}";
        return (long)command.ExecuteScalar()!;
    }

    internal static double Median(int runs, Func<long> run)
    {
        run();
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
