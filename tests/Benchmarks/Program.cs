using System;
using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace IamInsights.Benchmarks;

/// <summary>
/// generate DIR MIB [SEED]: writes a synthetic CloudTrail archive in the S3 layout.
/// duckdb DIR EVENT: times DuckDB's read_json + unnest + filter for one event name, as the anchor.
/// engine DIR EVENT: times the module's engine on the same question, in this process.
/// goals DIR [RUNS]: each goal of the scan and analytics work: the engine, its anchor, the ratio, the peak memory.
/// s3scan DIR [RUNS]: the S3 source against the file source: from an in-memory S3 server and from a warm moto_server.
/// engine-query DIR NAME RUNS: one of the goals' engine runs, for goals to start in a process of its own.
/// insights [LATENCY-MS]: the Logs Insights source against the fake server over HTTP.
/// eventhistory [LATENCY-MS]: the Event History source against the fake server at the real rate.
/// micro [BenchmarkDotNet arguments]: the lexer/parser, evaluator and reader micro-benchmarks.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0) return Usage();
        switch (args[0])
        {
            case "generate" when args.Length >= 3:
                var stats = ArchiveGenerator.Generate(args[1], int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 42);
                Console.WriteLine($"generated: {stats.Files} files, {stats.Records} records, {stats.UncompressedBytes / 1048576.0:F1} MiB of JSON, {stats.CompressedBytes / 1048576.0:F1} MiB gzipped, {stats.CreateUsers} CreateUser");
                return 0;
            case "duckdb" when args.Length >= 3:
                return Report("duckdb", () => DuckDbAnchor.Count(args[1], args[2]));
            case "engine" when args.Length >= 3:
                return Report("engine", () => EngineRun.Count(args[1], args[2]));
            case "goals" when args.Length >= 2:
                GoalsBenchmark.Run(args[1], args.Length > 2 ? int.Parse(args[2]) : 3);
                return 0;
            case "s3scan" when args.Length >= 2:
                return S3ScanBenchmark.Run(args[1], args.Length > 2 ? int.Parse(args[2]) : 3);
            case "engine-query" when args.Length >= 4:
                return GoalsBenchmark.RunEngine(args[1], args[2], int.Parse(args[3]));
            case "insights":
                InsightsBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 50);
                return 0;
            case "eventhistory":
                EventHistoryBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 100);
                return 0;
            case "micro":
                // In-process, so the micro-benchmarks run from the built output wherever it is.
                var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..], config);
                return 0;
            default:
                return Usage();
        }
    }

    private static int Report(string what, Func<long> run)
    {
        run(); // warm-up: JIT, file cache
        var watch = Stopwatch.StartNew();
        long count = run();
        watch.Stop();
        Console.WriteLine($"{what}: {count} rows in {watch.Elapsed.TotalSeconds:F3} s");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: generate DIR MIB [SEED] | duckdb DIR EVENT | engine DIR EVENT | goals DIR [RUNS] | s3scan DIR [RUNS] | insights [LATENCY-MS] | eventhistory [LATENCY-MS] | micro [args]");
        return 2;
    }
}
