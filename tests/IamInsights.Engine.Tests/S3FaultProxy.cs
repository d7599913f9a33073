using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Tests;

/// <summary>A fault the proxy answers with instead of moto's answer.</summary>
public enum S3Fault
{
    /// <summary>503 SlowDown, S3's throttling answer.</summary>
    SlowDown,

    /// <summary>500 InternalError.</summary>
    InternalError,

    /// <summary>403 AccessDenied.</summary>
    AccessDenied,

    /// <summary>moto's status and headers, then half of the body, then the connection is dropped.</summary>
    CutMidBody,

    /// <summary>moto's whole answer with the eighth byte from the end of the body changed (a gzip object's CRC-32), so the length still matches.</summary>
    DamagedBody,
}

/// <summary>
/// An HTTP proxy on a free loopback port between the module and moto_server, which records every request and answers
/// chosen ones with a fault: the requests whose path and query contain a text get the faults queued for it, one per
/// request, or the same fault every time.
/// </summary>
public sealed class S3FaultProxy : IDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
        { "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Proxy-Connection" };

    private readonly LoopbackHttpListener listener;
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false });
    private readonly Uri target;
    private readonly List<(string Match, Queue<S3Fault> Faults, S3Fault? Always)> rules = new();

    public S3FaultProxy(Uri target)
    {
        this.target = target;
        listener = new LoopbackHttpListener(HandleAsync);
    }

    public Uri Endpoint => listener.Endpoint;

    /// <summary>Every request, as "METHOD /path?query", in the order they arrived.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The GetObject requests: a GET of a key, not a listing.</summary>
    public IReadOnlyList<string> ObjectReads => Requests.Where(r => r.StartsWith("GET ", StringComparison.Ordinal) && !r.Contains("list-type=")).ToList();

    /// <summary>Answers the next requests matching the text with these faults, one each.</summary>
    public void Inject(string match, params S3Fault[] faults)
    {
        lock (rules) rules.Add((match, new Queue<S3Fault>(faults), null));
    }

    /// <summary>Answers every request matching the text with this fault.</summary>
    public void Always(string match, S3Fault fault)
    {
        lock (rules) rules.Add((match, new Queue<S3Fault>(), fault));
    }

    private S3Fault? Take(string request)
    {
        lock (rules)
        {
            foreach (var rule in rules.Where(r => request.Contains(r.Match)))
            {
                if (rule.Always != null) return rule.Always;
                if (rule.Faults.Count > 0) return rule.Faults.Dequeue();
            }
        }
        return null;
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string pathAndQuery = request.Url!.PathAndQuery;
        Requests.Enqueue(request.HttpMethod + " " + Uri.UnescapeDataString(pathAndQuery));
        var response = context.Response;
        try
        {
            var fault = Take(Uri.UnescapeDataString(pathAndQuery));
            if (fault is S3Fault.SlowDown or S3Fault.InternalError or S3Fault.AccessDenied)
            {
                var (status, code) = fault switch
                {
                    S3Fault.SlowDown => (503, "SlowDown"),
                    S3Fault.InternalError => (500, "InternalError"),
                    _ => (403, "AccessDenied"),
                };
                byte[] error = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>Injected {code}</Message><RequestId>proxy</RequestId></Error>");
                response.StatusCode = status;
                response.ContentType = "application/xml";
                response.ContentLength64 = error.Length;
                await response.OutputStream.WriteAsync(error);
                response.Close();
                return;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(target, pathAndQuery));
            byte[] body;
            using (var buffer = new System.IO.MemoryStream())
            {
                await request.InputStream.CopyToAsync(buffer);
                body = buffer.ToArray();
            }
            if (body.Length > 0 || request.HttpMethod is "PUT" or "POST") forward.Content = new ByteArrayContent(body);
            foreach (string? name in request.Headers.AllKeys)
            {
                if (name == null || HopHeaders.Contains(name)) continue;
                string value = request.Headers[name]!;
                if (!forward.Headers.TryAddWithoutValidation(name, value)) forward.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            using var answer = await http.SendAsync(forward);
            byte[] content = await answer.Content.ReadAsByteArrayAsync();
            response.StatusCode = (int)answer.StatusCode;
            foreach (var header in answer.Headers.Concat(answer.Content.Headers))
            {
                if (HopHeaders.Contains(header.Key)) continue;
                try
                {
                    response.Headers[header.Key] = string.Join(",", header.Value);
                }
                catch (ArgumentException)
                {
                    // A header HttpListener sets itself.
                }
            }
            response.ContentLength64 = content.Length;
            if (fault == S3Fault.CutMidBody)
            {
                await response.OutputStream.WriteAsync(content.AsMemory(0, content.Length / 2));
                await response.OutputStream.FlushAsync();
                response.Abort();
                return;
            }
            if (fault == S3Fault.DamagedBody && content.Length >= 8) content[content.Length - 8] ^= 0xFF;
            await response.OutputStream.WriteAsync(content);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or HttpRequestException or ObjectDisposedException or InvalidOperationException)
        {
            response.Abort();
        }
    }

    public void Dispose()
    {
        listener.Dispose();
        http.Dispose();
    }
}
