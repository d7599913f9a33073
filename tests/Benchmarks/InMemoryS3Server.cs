using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using IamInsights.Tests;

namespace IamInsights.Benchmarks;

/// <summary>
/// An S3 endpoint on a free loopback port that serves one bucket, every file of a folder held in memory under its
/// path relative to the folder, so that reading it costs the client and not the server. It answers, path-style,
/// what AWSSDK.S3 and the AWS CLI send to read a bucket: ListObjectsV2 (prefix, delimiter, max-keys,
/// continuation-token, start-after, encoding-type=url), GetObject and HeadObject, HeadBucket, GetBucketLocation and
/// ListBuckets. Any other request gets 501 NotImplemented and is kept in <see cref="Unanswered"/>.
/// </summary>
public sealed class InMemoryS3Server : IDisposable
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private readonly LoopbackHttpListener listener;
    private readonly string bucket;
    private readonly string[] keys;
    private readonly Dictionary<string, StoredObject> objects;

    public InMemoryS3Server(string bucket, string folder)
    {
        this.bucket = bucket;
        objects = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'),
            f => new StoredObject(File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)),
            StringComparer.Ordinal);
        keys = objects.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        listener = new LoopbackHttpListener(context =>
        {
            Answer(context);
            return Task.CompletedTask;
        });
    }

    public Uri Endpoint => listener.Endpoint;

    /// <summary>The objects held and their total size in bytes.</summary>
    public int ObjectCount => keys.Length;

    public long TotalBytes => objects.Values.Sum(o => (long)o.Content.Length);

    /// <summary>Requests answered with 501, as "METHOD /path?query".</summary>
    public ConcurrentQueue<string> Unanswered { get; } = new();

    private sealed class StoredObject
    {
        public StoredObject(byte[] content, DateTime lastModified)
        {
            Content = content;
            LastModified = lastModified;
            ETag = "\"" + Convert.ToHexString(MD5.HashData(content)).ToLowerInvariant() + "\"";
        }

        public byte[] Content { get; }

        public DateTime LastModified { get; }

        public string ETag { get; }
    }

    private void Answer(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            Route(context.Request, response);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away (a cancelled run); nothing to answer.
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
        }
    }

    private void Route(HttpListenerRequest request, HttpListenerResponse response)
    {
        string raw = request.RawUrl ?? "/";
        int mark = raw.IndexOf('?');
        string path = Uri.UnescapeDataString(mark < 0 ? raw : raw.Substring(0, mark)).TrimStart('/');
        var query = ParseQuery(mark < 0 ? "" : raw.Substring(mark + 1));
        int slash = path.IndexOf('/');
        string bucketName = slash < 0 ? path : path.Substring(0, slash);
        string key = slash < 0 ? "" : path.Substring(slash + 1);
        bool get = request.HttpMethod == "GET", head = request.HttpMethod == "HEAD";

        if (bucketName.Length == 0 && get)
        {
            Xml(response, $"<ListAllMyBucketsResult xmlns=\"{Namespace}\"><Owner><ID>bench</ID></Owner><Buckets><Bucket><Name>{Escape(bucket)}</Name>" +
                          $"<CreationDate>{Timestamp(DateTime.UtcNow)}</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>");
        }
        else if (bucketName != bucket && (get || head))
        {
            Error(response, 404, "NoSuchBucket", "The specified bucket does not exist", bucketName);
        }
        else if (key.Length == 0 && head)
        {
            response.StatusCode = 200;
        }
        else if (key.Length == 0 && get && query.ContainsKey("location"))
        {
            Xml(response, $"<LocationConstraint xmlns=\"{Namespace}\"></LocationConstraint>");
        }
        else if (key.Length == 0 && get && query.TryGetValue("list-type", out var listType) && listType == "2")
        {
            ListObjectsV2(response, query);
        }
        else if (key.Length > 0 && (get || head) && query.Count == 0)
        {
            if (!objects.TryGetValue(key, out var stored))
            {
                Error(response, 404, "NoSuchKey", "The specified key does not exist.", key);
                return;
            }
            response.StatusCode = 200;
            response.ContentType = "application/octet-stream";
            response.ContentLength64 = stored.Content.Length;
            response.AddHeader("ETag", stored.ETag);
            response.AddHeader("Last-Modified", stored.LastModified.ToString("R", CultureInfo.InvariantCulture));
            response.AddHeader("Accept-Ranges", "bytes");
            if (get) response.OutputStream.Write(stored.Content, 0, stored.Content.Length);
        }
        else
        {
            Unanswered.Enqueue($"{request.HttpMethod} {raw}");
            Error(response, 501, "NotImplemented", "The in-memory server does not answer this request.", raw);
        }
    }

    /// <summary>
    /// One page of the keys under the prefix, in key order, with the keys that have the delimiter after the prefix
    /// rolled up into common prefixes; each key or common prefix counts once towards max-keys. The continuation token
    /// is the last key or common prefix of the page.
    /// </summary>
    private void ListObjectsV2(HttpListenerResponse response, Dictionary<string, string> query)
    {
        string prefix = query.GetValueOrDefault("prefix", "");
        string delimiter = query.GetValueOrDefault("delimiter", "");
        string? startAfter = query.GetValueOrDefault("start-after");
        string? token = query.GetValueOrDefault("continuation-token");
        bool urlEncoded = query.GetValueOrDefault("encoding-type") == "url";
        if (!int.TryParse(query.GetValueOrDefault("max-keys", "1000"), NumberStyles.None, CultureInfo.InvariantCulture, out int maxKeys)) maxKeys = 1000;
        maxKeys = Math.Min(maxKeys, 1000);
        string? after = token != null ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : startAfter;

        var contents = new StringBuilder();
        var prefixes = new StringBuilder();
        int count = 0;
        string? last = null;
        bool truncated = false;
        int start = Array.BinarySearch(keys, prefix, StringComparer.Ordinal);
        for (int i = start < 0 ? ~start : start; i < keys.Length && keys[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            string key = keys[i];
            int cut = delimiter.Length == 0 ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            string entry = cut < 0 ? key : key.Substring(0, cut + delimiter.Length);
            if (after != null && string.CompareOrdinal(entry, after) <= 0) continue;
            if (entry == last) continue;
            if (count == maxKeys)
            {
                truncated = true;
                break;
            }
            count++;
            last = entry;
            if (cut >= 0)
            {
                prefixes.Append("<CommonPrefixes><Prefix>").Append(Escape(Encode(entry, urlEncoded))).Append("</Prefix></CommonPrefixes>");
            }
            else
            {
                var stored = objects[key];
                contents.Append("<Contents><Key>").Append(Escape(Encode(key, urlEncoded))).Append("</Key><LastModified>")
                    .Append(Timestamp(stored.LastModified)).Append("</LastModified><ETag>").Append(Escape(stored.ETag)).Append("</ETag><Size>")
                    .Append(stored.Content.Length.ToString(CultureInfo.InvariantCulture)).Append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            }
        }

        var xml = new StringBuilder($"<ListBucketResult xmlns=\"{Namespace}\"><Name>{Escape(bucket)}</Name>");
        xml.Append("<Prefix>").Append(Escape(Encode(prefix, urlEncoded))).Append("</Prefix>");
        if (delimiter.Length > 0) xml.Append("<Delimiter>").Append(Escape(Encode(delimiter, urlEncoded))).Append("</Delimiter>");
        if (urlEncoded) xml.Append("<EncodingType>url</EncodingType>");
        if (startAfter != null) xml.Append("<StartAfter>").Append(Escape(Encode(startAfter, urlEncoded))).Append("</StartAfter>");
        if (token != null) xml.Append("<ContinuationToken>").Append(Escape(token)).Append("</ContinuationToken>");
        xml.Append("<MaxKeys>").Append(maxKeys.ToString(CultureInfo.InvariantCulture)).Append("</MaxKeys>");
        xml.Append("<KeyCount>").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</KeyCount>");
        xml.Append("<IsTruncated>").Append(truncated ? "true" : "false").Append("</IsTruncated>");
        if (truncated) xml.Append("<NextContinuationToken>").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(last!))).Append("</NextContinuationToken>");
        xml.Append(contents).Append(prefixes).Append("</ListBucketResult>");
        Xml(response, xml.ToString());
    }

    private static Dictionary<string, string> ParseQuery(string raw)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in raw.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
            values[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair.Substring(equals + 1).Replace('+', ' '));
        }
        return values;
    }

    /// <summary>S3's encoding-type=url: each character but the unreserved ones and <c>/</c> percent-encoded.</summary>
    private static string Encode(string value, bool urlEncoded) => urlEncoded ? Uri.EscapeDataString(value).Replace("%2F", "/") : value;

    private static string Escape(string value) => SecurityElement.Escape(value) ?? "";

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Xml(HttpListenerResponse response, string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
        response.StatusCode = 200;
        response.ContentType = "application/xml";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes, 0, bytes.Length);
    }

    private static void Error(HttpListenerResponse response, int status, string code, string message, string resource)
    {
        byte[] bytes = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{Escape(message)}</Message>" +
                                              $"<Resource>{Escape(resource)}</Resource><RequestId>bench</RequestId></Error>");
        response.StatusCode = status;
        response.ContentType = "application/xml";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes, 0, bytes.Length);
    }

    public void Dispose() => listener.Dispose();
}
