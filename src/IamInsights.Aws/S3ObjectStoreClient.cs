using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Util;
using Amazon.S3;
using Amazon.S3.Model;
using IamInsights.Sources.S3;

namespace IamInsights.Aws;

/// <summary>
/// The archive source's two S3 calls with AWSSDK.S3: ListObjectsV2 with the <c>/</c> delimiter, and GetObject streamed.
/// The SDK finds a bucket's Region by itself (it follows S3's redirect and caches the Region), and retries throttling
/// (503 SlowDown) and server errors with back-off in its standard mode. An -EndpointUrl is addressed path-style, as
/// emulators need. Failures become <see cref="S3StoreException"/>s naming the bucket and key.
/// </summary>
public sealed class S3ObjectStoreClient : IS3ObjectStore
{
    private readonly AmazonS3Client client;

    public S3ObjectStoreClient(AWSCredentials credentials, string region, string bucket, Uri? endpointUrl, int maxConnections)
    {
        Bucket = bucket;
        client = new AmazonS3Client(credentials, Config(region, endpointUrl, maxConnections));
    }

    /// <summary>The names of the account's buckets (s3:ListAllMyBuckets), as tab completion offers them.</summary>
    public static async Task<IReadOnlyList<string>> ListBucketNamesAsync(AWSCredentials credentials, string region, Uri? endpointUrl, CancellationToken cancellationToken)
    {
        using var client = new AmazonS3Client(credentials, Config(region, endpointUrl, 2));
        var names = new List<string>();
        string? token = null;
        do
        {
            var answer = await client.ListBucketsAsync(new ListBucketsRequest { ContinuationToken = token }, cancellationToken).ConfigureAwait(false);
            if (answer.Buckets != null) names.AddRange(answer.Buckets.Select(b => b.BucketName));
            token = answer.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(token));
        return names;
    }

    /// <summary>Standard retries; an -EndpointUrl is addressed path-style and signed for the session's Region.</summary>
    private static AmazonS3Config Config(string region, Uri? endpointUrl, int maxConnections)
    {
        var config = new AmazonS3Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 4,
        };
#if NETFRAMEWORK
        config.ConnectionLimit = Math.Max(maxConnections, 2);
#else
        config.MaxConnectionsPerServer = Math.Max(maxConnections, 2);
#endif
        if (endpointUrl != null)
        {
            config.ServiceURL = endpointUrl.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return config;
    }

    public string Bucket { get; }

    public async Task<S3ListPage> ListAsync(string prefix, string? continuationToken, CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, Delimiter = "/", ContinuationToken = continuationToken };
        try
        {
            var answer = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            var objects = (answer.S3Objects ?? new List<S3Object>()).Select(o => new S3ObjectEntry(o.Key, o.Size ?? 0)).ToList();
            return new S3ListPage(answer.CommonPrefixes ?? new List<string>(), objects, answer.IsTruncated == true ? answer.NextContinuationToken : null);
        }
        catch (Exception e) when (Map(e, prefix, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>
    /// The object's body as the connection delivers it. AWSSDK.S3 wraps a body whose ETag is an MD5 in a stream that
    /// hashes every byte with a managed MD5 to compare at the end, which costs about as much CPU as the download itself.
    /// A gzip object (every object CloudTrail writes) is read without it: each gzip member carries its own CRC-32 and
    /// length, which the file reader checks, and a body cut short fails on its Content-Length. Other objects keep it.
    /// </summary>
    public async Task<Stream> OpenAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            bool gzip = key.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            return gzip && answer.ResponseStream is WrapperStream hashed ? hashed.GetNonWrapperBaseStream() : answer.ResponseStream;
        }
        catch (Exception e) when (Map(e, key, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    private S3StoreException? Map(Exception e, string key, CancellationToken cancellationToken)
    {
        string target = $"s3://{Bucket}/{key}";
        return e switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } => new S3StoreException(S3FailureKind.NoSuchBucket, target, e.Message, e),
            AmazonS3Exception { ErrorCode: "NoSuchKey" } => new S3StoreException(S3FailureKind.NoSuchKey, target, e.Message, e),
            AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden } s3 => new S3StoreException(S3FailureKind.AccessDenied, target,
                $"{s3.ErrorCode}: {e.Message}", e),
            AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } s =>
                new S3StoreException(S3FailureKind.Transient, target, $"{(int)s.StatusCode} {s.ErrorCode}: {e.Message}", e),
            AmazonServiceException s => new S3StoreException(S3FailureKind.Other, target, $"{s.ErrorCode}: {e.Message}", e),
            HttpRequestException or IOException => new S3StoreException(S3FailureKind.Transient, target, e.Message, e),
            // The client's timeout is a cancellation that nobody asked for: the service did not answer in time.
            OperationCanceledException when !cancellationToken.IsCancellationRequested => new S3StoreException(S3FailureKind.Transient, target,
                "S3 did not answer in time.", e),
            AmazonClientException => new S3StoreException(S3FailureKind.Other, target, e.Message, e),
            _ => null,
        };
    }
}
