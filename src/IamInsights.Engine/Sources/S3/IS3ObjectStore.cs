using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Sources.S3;

/// <summary>
/// The two S3 calls the archive source makes on one bucket: one page of a listing with the <c>/</c> delimiter
/// (s3:ListBucket), and an object opened as a stream (s3:GetObject). A failure is an <see cref="S3StoreException"/>.
/// </summary>
public interface IS3ObjectStore
{
    /// <summary>The bucket, for messages and s3:// names.</summary>
    string Bucket { get; }

    /// <summary>One page of the keys and common prefixes right under <paramref name="prefix"/>; pass the page's token for the next.</summary>
    Task<S3ListPage> ListAsync(string prefix, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>The object's content, streamed as it arrives.</summary>
    Task<Stream> OpenAsync(string key, CancellationToken cancellationToken);
}

/// <summary>One page of a delimited listing.</summary>
public sealed class S3ListPage
{
    public S3ListPage(IReadOnlyList<string> commonPrefixes, IReadOnlyList<S3ObjectEntry> objects, string? nextContinuationToken)
    {
        CommonPrefixes = commonPrefixes;
        Objects = objects;
        NextContinuationToken = nextContinuationToken;
    }

    /// <summary>The "folders" right under the prefix, each ending with <c>/</c>.</summary>
    public IReadOnlyList<string> CommonPrefixes { get; }

    public IReadOnlyList<S3ObjectEntry> Objects { get; }

    /// <summary>Null on the last page.</summary>
    public string? NextContinuationToken { get; }
}

/// <summary>An object of a listing: its key and size in bytes.</summary>
public sealed class S3ObjectEntry
{
    public S3ObjectEntry(string key, long size)
    {
        Key = key;
        Size = size;
    }

    public string Key { get; }

    public long Size { get; }
}

/// <summary>What went wrong with an S3 call, as the archive source needs to tell it.</summary>
public enum S3FailureKind
{
    /// <summary>The bucket does not exist (NoSuchBucket).</summary>
    NoSuchBucket,

    /// <summary>The call was refused (403 AccessDenied, also for a KMS key the caller may not use).</summary>
    AccessDenied,

    /// <summary>The object is gone (NoSuchKey): deleted between the listing and the read.</summary>
    NoSuchKey,

    /// <summary>Throttling, a server error or a broken connection that outlasted the client's own retries; worth another try.</summary>
    Transient,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>An S3 call that failed, with the bucket and key or prefix it was about.</summary>
public sealed class S3StoreException : Exception
{
    public S3StoreException(S3FailureKind kind, string target, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Target = target;
    }

    public S3FailureKind Kind { get; }

    /// <summary>The s3:// name of the bucket, prefix or object.</summary>
    public string Target { get; }
}
