using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace IamInsights.Tests;

/// <summary>
/// Amazon Athena's four query operations served over HTTP on 127.0.0.1 with the JSON 1.1 protocol, scripted by the
/// test: the states GetQueryExecution goes through, the rows GetQueryResults pages out by MaxResults, and faults
/// (an error type and status) for the next calls of an operation. It records every call with its body.
/// </summary>
public sealed class FakeAthena : IDisposable
{
    public const string QueryId = "11111111-2222-3333-4444-555555555555";

    private readonly LoopbackHttpListener listener;
    private int stateIndex;

    public FakeAthena()
    {
        listener = new LoopbackHttpListener(AnswerOrFail, oneAtATime: true);
    }

    public Uri Endpoint => listener.Endpoint;

    /// <summary>The states GetQueryExecution answers, one a call; the last one stays.</summary>
    public List<string> States { get; } = new() { "SUCCEEDED" };

    public string? StateChangeReason { get; set; }

    /// <summary>The bytes scanned GetQueryExecution reports, growing with each call up to this.</summary>
    public long DataScannedInBytes { get; set; }

    /// <summary>Every row GetQueryResults has, the header first.</summary>
    public List<string?[]> Rows { get; } = new();

    /// <summary>Faults by operation: each call of the operation takes the next one (error type, HTTP status) until none is left.</summary>
    public ConcurrentDictionary<string, Queue<(string Type, int Status)>> Faults { get; } = new();

    /// <summary>Called before GetQueryExecution answers, with how many times it was called (from 1).</summary>
    public Action<int>? OnGetQueryExecution { get; set; }

    /// <summary>Every call: the operation and its JSON body.</summary>
    public ConcurrentQueue<(string Operation, JsonElement Body)> Calls { get; } = new();

    public IEnumerable<JsonElement> CallsOf(string operation) => Calls.Where(c => c.Operation == operation).Select(c => c.Body);

    public void Fail(string operation, string type, int status, int times = 1)
    {
        var queue = Faults.GetOrAdd(operation, _ => new Queue<(string, int)>());
        for (int i = 0; i < times; i++) queue.Enqueue((type, status));
    }

    private Task AnswerOrFail(HttpListenerContext context)
    {
        try
        {
            Answer(context);
        }
        catch (Exception e) when (e is not HttpListenerException)
        {
            Write(context, 500, "{\"__type\":\"InternalServerException\",\"message\":" + JsonSerializer.Serialize(e.Message) + "}");
        }
        catch (HttpListenerException)
        {
            // The client went away (a cancelled call): the next request is served all the same.
        }
        return Task.CompletedTask;
    }

    private void Answer(HttpListenerContext context)
    {
        string target = context.Request.Headers["X-Amz-Target"] ?? "";
        string operation = target.StartsWith("AmazonAthena.", StringComparison.Ordinal) ? target.Substring("AmazonAthena.".Length) : target;
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
        Calls.Enqueue((operation, body));
        if (Faults.TryGetValue(operation, out var faults) && faults.Count > 0)
        {
            var (type, status) = faults.Dequeue();
            Write(context, status, "{\"__type\":\"" + type + "\",\"Message\":\"scripted " + type + "\"}");
            return;
        }
        switch (operation)
        {
            case "StartQueryExecution":
                Write(context, 200, "{\"QueryExecutionId\":\"" + QueryId + "\"}");
                break;
            case "GetQueryExecution":
            {
                int call = Interlocked.Increment(ref stateIndex);
                OnGetQueryExecution?.Invoke(call);
                string state = States[Math.Min(call, States.Count) - 1];
                long scanned = DataScannedInBytes * Math.Min(call, States.Count) / States.Count;
                var status = new Dictionary<string, object> { ["State"] = state };
                if (StateChangeReason != null) status["StateChangeReason"] = StateChangeReason;
                Write(context, 200, JsonSerializer.Serialize(new
                {
                    QueryExecution = new { QueryExecutionId = QueryId, Status = status, Statistics = new { DataScannedInBytes = scanned } },
                }));
                break;
            }
            case "GetQueryResults":
            {
                int max = body.TryGetProperty("MaxResults", out var m) ? m.GetInt32() : 1000;
                int offset = body.TryGetProperty("NextToken", out var t) ? int.Parse(t.GetString()!.Substring("page-".Length), System.Globalization.CultureInfo.InvariantCulture) : 0;
                var page = Rows.Skip(offset).Take(max).Select(r => new { Data = r.Select(c => c == null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["VarCharValue"] = c }) });
                var answer = new Dictionary<string, object> { ["ResultSet"] = new { Rows = page } };
                if (offset + max < Rows.Count) answer["NextToken"] = "page-" + (offset + max);
                Write(context, 200, JsonSerializer.Serialize(answer));
                break;
            }
            case "StopQueryExecution":
                Write(context, 200, "{}");
                break;
            default:
                Write(context, 400, "{\"__type\":\"UnknownOperationException\"}");
                break;
        }
    }

    private static void Write(HttpListenerContext context, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.OutputStream.Write(bytes, 0, bytes.Length);
        context.Response.Close();
    }

    public void Dispose() => listener.Dispose();
}
