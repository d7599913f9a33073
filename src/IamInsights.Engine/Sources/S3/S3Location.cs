using System;
using IamInsights.Errors;

namespace IamInsights.Sources.S3;

/// <summary>A bucket and the key prefix under which a trail writes (the part before <c>AWSLogs/</c>).</summary>
public sealed class S3Location
{
    public S3Location(string bucket, string? keyPrefix)
    {
        if (string.IsNullOrWhiteSpace(bucket) || bucket.IndexOf('/') >= 0)
        {
            throw new IamInsightsException(ErrorCatalog.S3UriInvalid, $"'{bucket}' is not a bucket name.", bucket);
        }
        Bucket = bucket;
        string prefix = (keyPrefix ?? "").Trim('/');
        if (prefix.EndsWith("AWSLogs", StringComparison.Ordinal)) prefix = prefix.Substring(0, prefix.Length - "AWSLogs".Length).TrimEnd('/');
        KeyPrefix = prefix.Length == 0 ? "" : prefix + "/";
    }

    public string Bucket { get; }

    /// <summary>Empty, or the prefix with one trailing <c>/</c>.</summary>
    public string KeyPrefix { get; }

    /// <summary>Where the logs start: <c>&lt;prefix&gt;/AWSLogs/</c>.</summary>
    public string LogsPrefix => KeyPrefix + "AWSLogs/";

    /// <summary>s3://bucket/prefix, or s3://bucket/prefix/AWSLogs/ (a trailing AWSLogs is taken as the layout's own).</summary>
    public static S3Location Parse(string uri)
    {
        const string scheme = "s3://";
        if (uri == null || !uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || uri.Length == scheme.Length)
        {
            throw new IamInsightsException(ErrorCatalog.S3UriInvalid, $"-S3Uri '{uri}' is not of the form s3://bucket/prefix.", uri);
        }
        string rest = uri.Substring(scheme.Length);
        int slash = rest.IndexOf('/');
        return slash < 0 ? new S3Location(rest, null) : new S3Location(rest.Substring(0, slash), rest.Substring(slash + 1));
    }

    /// <summary>The s3:// name of a key or prefix of this bucket.</summary>
    public string UriOf(string key) => "s3://" + Bucket + "/" + key;

    public override string ToString() => UriOf(KeyPrefix);
}
