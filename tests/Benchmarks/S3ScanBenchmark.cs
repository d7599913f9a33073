using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Sources;
using IamInsights.Sources.Files;
using IamInsights.Sources.S3;
using IamInsights.Tests;

namespace IamInsights.Benchmarks;

/// <summary>
/// The S3 source against the file source once the bytes are there: the same archive read in this process from disk
/// (the page cache), through AWSSDK.S3 from <see cref="InMemoryS3Server"/> (so the server costs next to nothing), and
/// through AWSSDK.S3 from a warm moto_server. Each time is the median of several runs after one warm-up run, over
/// the archive's whole time window. The three must give the same rows; a difference is printed.
/// </summary>
public static class S3ScanBenchmark
{
    private const string Bucket = "bench-archive";
    private const string AccessKey = "AKIABENCH";
    private const string SecretKey = "bench-secret";
    private const string Region = "us-east-1";

    public static int Run(string folder, int runs)
    {
        var files = Directory.GetFiles(folder, "*.json.gz", SearchOption.AllDirectories);
        var delivered = files.Select(f => S3Layout.DeliveryTime(f)).OfType<DateTime>().ToList();
        if (delivered.Count == 0) throw new InvalidOperationException($"'{folder}' holds no CloudTrail files in the S3 layout.");
        var window = new TimeWindow(delivered.Min().AddHours(-1), delivered.Max().AddHours(1));
        var queries = new[]
        {
            ("filter: Get-IamCreateUserEvent", EngineRun.Query("CreateUser")),
            ("stats over every record", GoalsBenchmark.Queries["stats"]),
        };

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "S3 source against the file source, medians of {0} runs after a warm-up, window {1}; load average before: {2}",
            runs, window, GoalsBenchmark.LoadAverage()));
        using var memory = new InMemoryS3Server(Bucket, folder);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "in-memory S3 at {0}: {1} objects, {2:F1} MiB", memory.Endpoint, memory.ObjectCount, memory.TotalBytes / 1048576.0));
        using var moto = StartMoto(folder);
        Console.WriteLine(moto == null ? "moto_server or the AWS CLI is not on PATH: the moto column is left empty." : $"moto_server at {moto.Endpoint}, the archive uploaded.");
        Console.WriteLine($"{"query",-32} {"file (s)",9} {"in-memory S3 (s)",17} {"ratio",6} {"moto S3 (s)",12} {"ratio",6} {"rows",6}");

        int mismatches = 0;
        foreach (var (name, query) in queries)
        {
            var file = Time(runs, () => new FileSource(new[] { folder }), query, window);
            var inMemory = Time(runs, () => S3(memory.Endpoint), query, window);
            var onMoto = moto == null ? null : Time(runs, () => S3(moto.Endpoint), query, window);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-32} {1,9:F3} {2,17:F3} {3,6:F2} {4,12} {5,6} {6,6}",
                name, file.Seconds, inMemory.Seconds, inMemory.Seconds / file.Seconds,
                onMoto == null ? "" : onMoto.Seconds.ToString("F3", CultureInfo.InvariantCulture),
                onMoto == null ? "" : (onMoto.Seconds / file.Seconds).ToString("F2", CultureInfo.InvariantCulture),
                file.Rows.Count));
            foreach (var (route, other) in new[] { ("in-memory S3", inMemory), ("moto S3", onMoto) })
            {
                if (other == null || other.Rows.SequenceEqual(file.Rows)) continue;
                mismatches++;
                Console.WriteLine($"!!! ROWS DIFFER: '{name}' gave {file.Rows.Count} rows from the files and {other.Rows.Count} from {route}" +
                                  $" ({other.Rows.Except(file.Rows).Count()} only there, {file.Rows.Except(other.Rows).Count()} only in the files).");
            }
        }
        foreach (var request in memory.Unanswered.Distinct()) Console.WriteLine($"!!! the in-memory server did not answer: {request}");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "load average after: {0}", GoalsBenchmark.LoadAverage()));
        return mismatches == 0 && memory.Unanswered.IsEmpty ? 0 : 1;
    }

    private sealed record Timing(double Seconds, List<string> Rows);

    /// <summary>The median time of the query on a new source each run, and the rows of the last run, as sorted text.</summary>
    private static Timing Time(int runs, Func<IQuerySource> source, string query, TimeWindow window)
    {
        var rows = new List<string>();
        double seconds = GoalsBenchmark.Median(runs, () =>
        {
            rows = source().Run(query, window, new EngineRun.Quiet(), CancellationToken.None)
                .Select(r => string.Join("\t", r.Columns.Select(c => r.GetText(c)))).ToList();
            return rows.Count;
        });
        rows.Sort(StringComparer.Ordinal);
        return new Timing(seconds, rows);
    }

    /// <summary>The S3 source as -S3Uri makes it: the real S3ObjectStoreClient, as many connections as downloads.</summary>
    private static S3Source S3(Uri endpoint)
    {
        var options = new S3SourceOptions();
        var store = new S3ObjectStoreClient(new BasicAWSCredentials(AccessKey, SecretKey), Region, Bucket, endpoint, options.MaxConcurrentDownloads);
        return new S3Source(store, new S3Location(Bucket, null), options);
    }

    /// <summary>moto_server with the archive uploaded by the AWS CLI; null when either is missing.</summary>
    private static MotoServer? StartMoto(string folder)
    {
        if (!MotoServer.Available) return null;
        var moto = MotoServer.Start();
        try
        {
            moto.Aws(AccessKey, SecretKey, "s3api", "create-bucket", "--bucket", Bucket);
            moto.Aws(AccessKey, SecretKey, "s3", "cp", "--recursive", "--quiet", Path.Combine(folder, "AWSLogs"), $"s3://{Bucket}/AWSLogs/");
            return moto;
        }
        catch
        {
            moto.Dispose();
            throw;
        }
    }
}
