using System;

namespace IamInsights.Sources.Files;

/// <summary>How the file source reads: each speed-up can be turned off, and tests check that the results do not change.</summary>
public sealed class FileSourceOptions
{
    /// <summary>Every speed-up on, with as many files in flight as there are cores.</summary>
    public static readonly FileSourceOptions Fast = new();

    /// <summary>One file at a time, every record parsed, every file read.</summary>
    public static readonly FileSourceOptions Plain = new() { Parallelism = 1, Prefilter = false, PrunePaths = false, WholeFileInflate = false, Projection = false };

    /// <summary>How many files are decompressed and parsed at once; results still come out in file order.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Skip, before JSON parsing, the records that lack every literal the query's filters require.</summary>
    public bool Prefilter { get; init; } = true;

    /// <summary>Skip S3-layout folders (YYYY/MM/DD) and files (_YYYYMMDDTHHMMZ_) that end before -Since.</summary>
    public bool PrunePaths { get; init; } = true;

    /// <summary>Read from each record only the properties the query uses, in one pass, instead of parsing it into a document.</summary>
    public bool Projection { get; init; } = true;

    /// <summary>Inflate a gzip file of one member in one pass into an array of its size, the runtime's decoder checking its CRC-32.</summary>
    public bool WholeFileInflate { get; init; } = true;
}
