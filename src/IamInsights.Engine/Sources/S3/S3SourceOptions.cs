using System;
using System.Collections.Generic;

namespace IamInsights.Sources.S3;

/// <summary>How the S3 archive source reads: what it walks, and how many objects it reads at once.</summary>
public sealed class S3SourceOptions
{
    public const int DefaultMaxConcurrentDownloads = 8;

    /// <summary>Objects downloaded, decompressed and scanned at once; the records still come out in walk order.</summary>
    public int MaxConcurrentDownloads { get; init; } = DefaultMaxConcurrentDownloads;

    /// <summary>Tries of one object whose read fails midway (a dropped connection, or a server error that outlasts the client's retries).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The wait before the second try; it doubles for each try after.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Account folders to walk (12-digit ids, wildcards allowed); null for all.</summary>
    public IReadOnlyList<string>? AccountIds { get; init; }

    /// <summary>Region folders to walk (wildcards allowed); null for all.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>Skip, before JSON parsing, the records that lack every literal the query's filters require.</summary>
    public bool Prefilter { get; init; } = true;

    /// <summary>Read from each record only the properties the query uses, in one pass, instead of parsing it into a document.</summary>
    public bool Projection { get; init; } = true;
}
