using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Tests;

/// <summary>
/// The in-memory Logs Insights and CloudTrail (DescribeTrails, and LookupEvents over <see cref="EventHistory"/> in the
/// Region each request is signed for) served over HTTP on 127.0.0.1 with the JSON 1.1 protocol, and AWS Account
/// Management's ListRegions (REST-JSON POST /listRegions) over <see cref="AccountRegions"/>, checking every request's
/// SigV4 signature against the key pairs it accepts (at first <see cref="AccessKey"/> and <see cref="SecretKey"/>).
/// </summary>
public sealed class FakeLogsInsightsServer : IDisposable
{
    public const string AccessKey = "AKIAIAMINSIGHTSTEST1";
    public const string SecretKey = "fake/secret/for/tests/only/0000000000000";

    private readonly LoopbackHttpListener listener;

    public FakeLogsInsightsServer(FakeLogsInsights logs)
    {
        Logs = logs;
        listener = new LoopbackHttpListener(Handle);
    }

    public FakeLogsInsights Logs { get; }

    public FakeEventHistory EventHistory { get; set; } = new();

    public Uri Endpoint => listener.Endpoint;

    /// <summary>Every request's X-Amz-Target, in order.</summary>
    public List<string> Targets { get; } = new();

    /// <summary>How long the server waits before it answers each request, as a network and a busy service would.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>A file that also receives every request's X-Amz-Target, a line each, as it arrives.</summary>
    public string? TargetLog { get; set; }

    public List<string> Trails { get; } = new();

    /// <summary>The account's Regions and their opt-in status (ENABLED, ENABLED_BY_DEFAULT, DISABLED...), for ListRegions.</summary>
    public List<(string Name, string Status)> AccountRegions { get; } = new();

    /// <summary>The most Regions a ListRegions page holds, whatever MaxResults asks, so that paging is exercised.</summary>
    public int RegionPageSize { get; set; } = 2;

    /// <summary>Each ListRegions request's NextToken (null for the first page), in order.</summary>
    public List<string?> RegionTokens { get; } = new();

    /// <summary>Whether ListRegions answers AccessDeniedException, as for a caller without account:ListRegions.</summary>
    public bool DenyListRegions { get; set; }

    /// <summary>How many of the next ListRegions requests are answered with TooManyRequestsException (HTTP 429).</summary>
    public int ThrottleListRegions { get; set; }

    /// <summary>The access keys the server accepts, with their secrets; a test changes them to rotate keys mid-run.</summary>
    public ConcurrentDictionary<string, string> AcceptedKeys { get; } = new(new[] { new KeyValuePair<string, string>(AccessKey, SecretKey) });

    /// <summary>Called with each request's number (from 1) once it is answered and before the answer is sent.</summary>
    public Action<int>? Answered { get; set; }

    /// <summary>Requests refused for an unknown access key or a wrong signature.</summary>
    public int Refused => refused;

    private int requests;
    private int refused;

    private async Task Handle(HttpListenerContext context)
    {
        int status = 200;
        string answer;
        bool drop = false;
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync().ConfigureAwait(false);
            string path = context.Request.Url!.AbsolutePath;
            string target = context.Request.Headers["X-Amz-Target"] ?? (path == ListRegionsPath ? path : "");
            lock (Targets)
            {
                Targets.Add(target);
                // A StartQuery line also carries its request body, so that a test can read the query text sent.
                if (TargetLog != null)
                {
                    File.AppendAllText(TargetLog, DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture) + " " + target
                        + (target.EndsWith(".StartQuery", StringComparison.Ordinal) ? " " + body : "") + Environment.NewLine);
                }
            }
            var (region, service) = Verify(context.Request, body);
            if (path == ListRegionsPath) answer = ListRegions(region, service, body);
            else if (target == LookupEventsTarget) (answer, drop) = EventHistory.LookupEvents(region, body);
            else answer = Dispatch(target, body);
        }
        catch (System.Net.Http.HttpRequestException)
        {
            // The fake's "Drop" fault: the connection is cut halfway through an answer.
            (answer, drop) = ("{\"status\":\"Running\",\"results\":[]}", true);
        }
        catch (AwsServiceException e)
        {
            if (e.ErrorCode is "UnrecognizedClientException" or "InvalidSignatureException") Interlocked.Increment(ref refused);
            status = e.StatusCode;
            answer = JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = e.ErrorCode, ["message"] = e.Message });
        }
        Answered?.Invoke(Interlocked.Increment(ref requests));
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency).ConfigureAwait(false);
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        if (drop)
        {
            // The connection is cut halfway through the page, after the headers promised all of it.
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length / 2).ConfigureAwait(false);
            await context.Response.OutputStream.FlushAsync().ConfigureAwait(false);
            context.Response.Abort();
            return;
        }
        await context.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
        context.Response.Close();
    }

    private string Dispatch(string target, string body)
    {
        using var request = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        var root = request.RootElement;
        switch (target)
        {
            case "Logs_20140328.StartQuery":
            {
                var given = new[] { "logGroupName", "logGroupNames", "logGroupIdentifiers" }.Where(p => root.TryGetProperty(p, out _)).ToList();
                if (given.Count != 1)
                {
                    throw new AwsServiceException("InvalidParameterException", "A StartQuery must include exactly one of logGroupName, logGroupNames or logGroupIdentifiers.", 400);
                }
                var names = given[0] == "logGroupName"
                    ? new List<string> { root.GetProperty("logGroupName").GetString()! }
                    : root.GetProperty(given[0]).EnumerateArray().Select(e => e.GetString()!).ToList();
                if (names.Count is < 1 or > 50) throw new AwsServiceException("InvalidParameterException", "Name from 1 to 50 log groups.", 400);
                // A log group name may not hold ':' (the model's pattern is [\.\-_/#A-Za-z0-9]+): an ARN goes in logGroupIdentifiers.
                if (given[0] != "logGroupIdentifiers" && names.FirstOrDefault(n => n.Contains(':')) is { } arn)
                {
                    throw new AwsServiceException("InvalidParameterException", $"1 validation error detected: Value '{arn}' at 'logGroupNames' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+", 400);
                }
                int limit = root.TryGetProperty("limit", out var l) ? l.GetInt32() : 10000;
                string id = Logs.StartQueryAsync(new StartQueryRequest(names, root.GetProperty("startTime").GetInt64(),
                    root.GetProperty("endTime").GetInt64(), root.GetProperty("queryString").GetString()!, limit), CancellationToken.None).Result;
                return JsonSerializer.Serialize(new { queryId = id });
            }
            case "Logs_20140328.GetQueryResults":
            {
                int? maxItems = root.TryGetProperty("maxItems", out var m) ? m.GetInt32() : null;
                string? nextToken = root.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
                QueryResults results;
                try
                {
                    results = Logs.GetQueryResultsAsync(root.GetProperty("queryId").GetString()!, maxItems, nextToken, CancellationToken.None).Result;
                }
                catch (AggregateException e) when (e.InnerException != null)
                {
                    throw e.InnerException;
                }
                return JsonSerializer.Serialize(new
                {
                    status = results.Status,
                    results = results.Rows.Select(r => r.Select(f => new { field = f.Key, value = f.Value })),
                    statistics = new { recordsMatched = results.Statistics.RecordsMatched, recordsScanned = results.Statistics.RecordsScanned, bytesScanned = results.Statistics.BytesScanned },
                    nextToken = results.NextToken,
                }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
            }
            case "Logs_20140328.StopQuery":
                Logs.StopQueryAsync(root.GetProperty("queryId").GetString()!, CancellationToken.None).Wait();
                return "{\"success\":true}";
            case "Logs_20140328.DescribeLogGroups":
            {
                string prefix = root.TryGetProperty("logGroupNamePrefix", out var p) ? p.GetString()! : "";
                return JsonSerializer.Serialize(new { logGroups = Logs.GroupNames.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => new { logGroupName = n }) });
            }
            case "Logs_20140328.DescribeQueries":
            {
                string status = root.TryGetProperty("status", out var st) ? st.GetString()! : "Running";
                return JsonSerializer.Serialize(new { queries = Logs.QueriesWithStatus(status).Select(id => new { queryId = id, status }) });
            }
            case "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails":
                return JsonSerializer.Serialize(new { trailList = Trails.Select(t => new { Name = "trail", CloudWatchLogsLogGroupArn = t }) });
            default:
                throw new AwsServiceException("UnknownOperationException", $"Unknown operation {target}.", 400);
        }
    }

    public const string LookupEventsTarget = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";

    public const string ListRegionsPath = "/listRegions";

    /// <summary>
    /// ListRegions as AWS Account Management answers it: signed for the service "account" in us-east-1, the Regions
    /// whose status is in RegionOptStatusContains (all when it is absent), at most MaxResults (1 to 50) and
    /// <see cref="RegionPageSize"/> a page, and a NextToken while more remain.
    /// </summary>
    private string ListRegions(string region, string service, string body)
    {
        if (service != "account" || region != "us-east-1")
        {
            throw new AwsServiceException("InvalidSignatureException", $"Credential should be scoped to a valid region and to the service 'account', not '{region}/{service}'.", 403);
        }
        if (DenyListRegions)
        {
            throw new AwsServiceException("AccessDeniedException", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: account:ListRegions", 403);
        }
        lock (RegionTokens)
        {
            if (ThrottleListRegions > 0)
            {
                ThrottleListRegions--;
                RegionTokens.Add("throttled");
                throw new AwsServiceException("TooManyRequestsException", "Rate exceeded", 429);
            }
        }
        using var request = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        var root = request.RootElement;
        var statuses = root.TryGetProperty("RegionOptStatusContains", out var s) ? s.EnumerateArray().Select(e => e.GetString()).ToHashSet() : null;
        int max = root.TryGetProperty("MaxResults", out var m) ? m.GetInt32() : 20;
        if (max is < 1 or > 50) throw new AwsServiceException("ValidationException", "MaxResults must be between 1 and 50.", 400);
        string? token = root.TryGetProperty("NextToken", out var t) ? t.GetString() : null;
        int start = 0;
        if (token != null && !(token.StartsWith("regions-", StringComparison.Ordinal) && int.TryParse(token.Substring(8), out start)))
        {
            throw new AwsServiceException("ValidationException", "The NextToken is not valid.", 400);
        }
        List<(string Name, string Status)> listed;
        lock (RegionTokens)
        {
            RegionTokens.Add(token);
            listed = AccountRegions.Where(r => statuses == null || statuses.Contains(r.Status)).ToList();
        }
        var page = listed.Skip(start).Take(Math.Min(max, RegionPageSize)).ToList();
        int next = start + page.Count;
        return JsonSerializer.Serialize(new
        {
            Regions = page.Select(r => new { RegionName = r.Name, RegionOptStatus = r.Status }),
            NextToken = next < listed.Count ? "regions-" + next : null,
        });
    }

    /// <summary>Recomputes the SigV4 signature of the request, as AWS does, and refuses it when it differs; returns the Region and the service it is signed for.</summary>
    private (string Region, string Service) Verify(HttpListenerRequest request, string body)
    {
        string authorization = request.Headers["Authorization"] ?? throw new AwsServiceException("MissingAuthenticationTokenException", "Request is missing Authentication Token", 403);
        if (request.Headers["X-Amz-Security-Token"] == "expired") throw new AwsServiceException("ExpiredTokenException", "The security token included in the request is expired", 400);
        var parts = authorization.Substring("AWS4-HMAC-SHA256 ".Length).Split(',').Select(p => p.Trim().Split(new[] { '=' }, 2)).ToDictionary(p => p[0], p => p[1]);
        var scope = parts["Credential"].Split('/');
        if (!AcceptedKeys.TryGetValue(scope[0], out var secretKey)) throw new AwsServiceException("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
        string amzDate = request.Headers["X-Amz-Date"]!;
        var signedHeaders = parts["SignedHeaders"].Split(';');
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => h + ":" + string.Join(",", (request.Headers.GetValues(h) ?? Array.Empty<string>()).Select(v => v.Trim())) + "\n"));
        string payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        string canonical = string.Join("\n", request.HttpMethod, request.Url!.AbsolutePath, request.Url.Query.TrimStart('?'), canonicalHeaders, parts["SignedHeaders"], payloadHash);
        string credentialScope = string.Join("/", scope.Skip(1));
        string toSign = string.Join("\n", "AWS4-HMAC-SHA256", amzDate, credentialScope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { scope[1], scope[2], scope[3], "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        string expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        if (!string.Equals(expected, parts["Signature"], StringComparison.Ordinal))
        {
            throw new AwsServiceException("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.", 403);
        }
        return (scope[2], scope[3]);
    }

    private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public void Dispose() => listener.Dispose();
}
