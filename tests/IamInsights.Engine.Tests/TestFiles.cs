using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using IamInsights.Sources;
using IamInsights.Sources.Files;

namespace IamInsights.Tests;

/// <summary>A temporary folder of test files, deleted afterwards.</summary>
public sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "iaminsights-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteGzip(string name, string text) => Write(name, Gzip(Encoding.UTF8.GetBytes(text)));

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(data, 0, data.Length);
        return output.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Reads one file, returning its records and the problems it reported.</summary>
    public static (List<CloudTrailRecord> Records, List<SourceProblem> Problems) ReadFile(string path)
    {
        var problems = new List<SourceProblem>();
        var records = CloudTrailFileReader.Read(path, problems.Add).ToList();
        return (records, problems);
    }
}

/// <summary>Collects what a source reports.</summary>
public sealed class RecordingObserver : IQueryObserver
{
    public List<SourceProblem> Problems { get; } = new();

    public List<string> Messages { get; } = new();

    public void Problem(SourceProblem problem) => Problems.Add(problem);

    public void Progress(QueryProgress progress) { }

    public void Verbose(string message) => Messages.Add(message);

    public List<string> Warnings { get; } = new();

    public void Warning(string message) => Warnings.Add(message);
}

/// <summary>Builds CloudTrail events for tests.</summary>
public static class Events
{
    public static string Make(string name, string time = "2026-11-20T08:00:00Z", string source = "iam.amazonaws.com",
        string identity = IamUser, string? request = null, string? response = null, string? extra = null)
    {
        var sb = new StringBuilder();
        sb.Append("{\"eventVersion\":\"1.10\",\"userIdentity\":").Append(identity)
          .Append(",\"eventTime\":\"").Append(time).Append("\",\"eventSource\":\"").Append(source)
          .Append("\",\"eventName\":\"").Append(name).Append("\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"203.0.113.5\"")
          .Append(",\"userAgent\":\"aws-cli/2.0\",\"requestParameters\":").Append(request ?? "null")
          .Append(",\"responseElements\":").Append(response ?? "null")
          .Append(",\"eventID\":\"").Append(Guid.NewGuid()).Append("\",\"recipientAccountId\":\"111122223333\"");
        if (extra != null) sb.Append(',').Append(extra);
        return sb.Append('}').ToString();
    }

    public const string IamUser =
        "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/alice\",\"accountId\":\"111122223333\",\"userName\":\"alice\",\"sessionContext\":{\"attributes\":{\"mfaAuthenticated\":\"true\"}}}";

    public const string SsoSession =
        "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:bob@example.com\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_abc/bob@example.com\",\"accountId\":\"111122223333\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"userName\":\"AWSReservedSSO_Admin_abc\"},\"attributes\":{\"mfaAuthenticated\":\"false\"}}}";

    public const string Root =
        "{\"type\":\"Root\",\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\"}";

    public const string AwsService = "{\"type\":\"AWSService\",\"invokedBy\":\"lambda.amazonaws.com\"}";

    /// <summary>The eventID an event made by <see cref="Make"/> holds.</summary>
    public static string IdOf(string json)
    {
        int start = json.IndexOf("\"eventID\":\"", StringComparison.Ordinal) + 11;
        return json.Substring(start, json.IndexOf('"', start) - start);
    }

    public static string Records(params string[] events) => "{\"Records\":[" + string.Join(",", events) + "]}";
}
