using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BenchmarkDotNet.Attributes;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.Files;

namespace IamInsights.Benchmarks;

/// <summary>The lexer and parser on every catalog template.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly string[] queries = IamCatalog.Entries.Select(e => e.Query).ToArray();

    [Benchmark]
    public int ParseCatalog()
    {
        int n = 0;
        foreach (var q in queries) n += Parser.Parse(q).Commands.Count;
        return n;
    }
}

/// <summary>The evaluator, per record: a catalog query over records already parsed.</summary>
[MemoryDiagnoser]
public class EvaluatorBenchmarks
{
    private ILogRecord[] records = Array.Empty<ILogRecord>();
    private readonly CompiledQuery query = CompiledQuery.Parse(IamCatalog.Get("Get-IamUserPolicyChange").Query);

    [GlobalSetup]
    public void Setup()
    {
        string folder = Path.Combine(Path.GetTempPath(), "iaminsights-micro");
        if (!Directory.Exists(folder)) ArchiveGenerator.Generate(folder, 2, 1);
        records = new FileSource(new[] { folder }, FileSourceOptions.Plain).ReadRecords(TimeWindow.All, new NullObserver(), CancellationToken.None)
            .Take(1000).Cast<ILogRecord>().ToArray();
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int EvaluatePerRecord() => query.Run(records).Count();
}

/// <summary>The reader, per MiB of JSON, with and without the prefilter.</summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private string file = "";
    private RecordPrefilter? prefilter;
    private RecordProjection? projection;

    [GlobalSetup]
    public void Setup()
    {
        string folder = Path.Combine(Path.GetTempPath(), "iaminsights-micro");
        if (!Directory.Exists(folder)) ArchiveGenerator.Generate(folder, 2, 1);
        file = Directory.EnumerateFiles(folder, "*.json.gz", SearchOption.AllDirectories).First();
        prefilter = RecordPrefilter.For(Parser.Parse(IamCatalog.Get("Get-IamCreateUserEvent").Query));
        projection = RecordProjection.For(CompiledQuery.Parse("stats count(*) as n by eventSource, eventName | sort n desc | limit 5"));
        compressed = File.ReadAllBytes(file);
        var content = GzipContent.Decompress(compressed);
        inflated = content.Data.AsSpan(0, content.Length).ToArray();
    }

    private byte[] compressed = Array.Empty<byte>();
    private byte[] inflated = Array.Empty<byte>();

    /// <summary>The floor: the runtime's gzip decoder into a buffer of the right size, nothing else.</summary>
    [Benchmark]
    public int InflateOnly()
    {
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        int total = 0, read;
        while ((read = gzip.Read(inflated, total, inflated.Length - total)) > 0) total += read;
        return total;
    }

    /// <summary>The reader's own gzip step: the whole file in one pass, the runtime checking the CRC-32 and length.</summary>
    [Benchmark]
    public int Decompress()
    {
        var content = GzipContent.Decompress(compressed);
        if (content.Rented) System.Buffers.ArrayPool<byte>.Shared.Return(content.Data);
        return content.Length;
    }

    [Benchmark]
    public int DecompressMemberByMember() => GzipContent.Decompress(compressed, wholeFileFirst: false).Data.Length;

    [Benchmark]
    public uint Crc32Only() => Crc32.Append(0, inflated, 0, inflated.Length);

    /// <summary>Finding where every record ends, and the prefilter's search, over data already inflated.</summary>
    [Benchmark]
    public int ScanAndPrefilter()
    {
        int position = Array.IndexOf(inflated, (byte)'[') + 1, kept = 0;
        var search = prefilter!.Over(inflated, inflated.Length);
        while (true)
        {
            while (inflated[position] is (byte)' ' or (byte)',' or (byte)'\n' or (byte)'\r' or (byte)'\t') position++;
            if (inflated[position] == (byte)']') return kept;
            int end = JsonScanner.ValueEnd(inflated, position);
            if (search.MayMatch(position, end)) kept++;
            position = end;
        }
    }

    [Benchmark]
    public int ReadEveryRecord() => CloudTrailFileReader.Read(file, _ => { }).Count();

    [Benchmark]
    public int ReadWithPrefilter() => CloudTrailFileReader.Read(file, _ => { }, prefilter).Count();

    /// <summary>Every record, reading only eventSource and eventName (and what every record needs) in one pass.</summary>
    [Benchmark]
    public int ReadEveryRecordProjected() => CloudTrailFileReader.Read(file, _ => { }, null, projection: projection).Count();
}

internal sealed class NullObserver : IQueryObserver
{
    public void Problem(SourceProblem problem) { }

    public void Progress(QueryProgress progress) { }

    public void Verbose(string message) { }

    public void Warning(string message) { }
}
