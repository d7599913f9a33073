using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;

namespace IamInsights.Tests;

/// <summary>
/// An in-memory Logs Insights backed by the module's own evaluator: log groups of CloudTrail records, queries that go
/// Scheduled, Running, Complete, a row limit, a cap on concurrent queries, and faults to inject.
/// </summary>
public sealed class FakeLogsInsights : ILogsInsightsClient
{
    private readonly Dictionary<string, List<CloudTrailRecord>> groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StartQueryRequest Request, int Polls, string? Status)> queries = new();
    private readonly object gate = new();
    private int nextId;

    public int ServerConcurrency { get; set; } = 30;

    public int PollsToComplete { get; set; } = 3;

    /// <summary>Error codes the next StartQuery calls throw, in order.</summary>
    public Queue<string> StartFaults { get; } = new();

    /// <summary>Error codes the next GetQueryResults calls throw, in order.</summary>
    public Queue<string> PollFaults { get; } = new();

    /// <summary>A status to end the nth started query (1-based) with instead of Complete.</summary>
    public Dictionary<int, string> EndStatus { get; } = new();

    public List<StartQueryRequest> Started { get; } = new();

    public List<string> Stopped { get; } = new();

    public int MostRunning { get; private set; }

    public void Add(string group, IEnumerable<CloudTrailRecord> records)
    {
        if (!groups.TryGetValue(group, out var list)) groups[group] = list = new List<CloudTrailRecord>();
        list.AddRange(records);
    }

    private int Running => queries.Values.Count(q => q.Status == null);

    public IEnumerable<string> GroupNames => groups.Keys.OrderBy(k => k, StringComparer.Ordinal);

    /// <summary>The ids of the queries with this status ("Running" covers those not yet ended).</summary>
    public IReadOnlyList<string> QueriesWithStatus(string status)
    {
        lock (gate) return queries.Where(q => (q.Value.Status ?? "Running") == status).Select(q => q.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    public Task<string> StartQueryAsync(StartQueryRequest request, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (StartFaults.Count > 0) throw Fault(StartFaults.Dequeue());
            foreach (var name in request.LogGroupNames)
            {
                if (!groups.ContainsKey(name)) throw new AwsServiceException("ResourceNotFoundException", $"Log group '{name}' does not exist.", 400);
            }
            if (Running >= ServerConcurrency) throw new AwsServiceException("LimitExceededException", "Too many concurrent queries.", 400);
            string id = "q-" + (++nextId).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            Started.Add(request);
            queries[id] = (request, 0, null);
            MostRunning = Math.Max(MostRunning, Running);
            return Task.FromResult(id);
        }
    }

    public Task<QueryResults> GetQueryResultsAsync(string queryId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (PollFaults.Count > 0) throw Fault(PollFaults.Dequeue());
            var (request, polls, status) = queries[queryId];
            polls++;
            int number = int.Parse(queryId.Substring(2), System.Globalization.CultureInfo.InvariantCulture);
            if (status == null && polls >= PollsToComplete) status = EndStatus.TryGetValue(number, out var end) ? end : "Complete";
            queries[queryId] = (request, polls, status);
            bool runsHere = RunsHere(request);
            if (status == "Complete" && !runsHere) queries[queryId] = (request, polls, status = "Failed");
            var all = status == "Complete" ? Evaluate(request).ToList() : null;
            var rows = all != null ? all.Take(request.Limit).ToList() : polls == 1 || !runsHere ? new List<IReadOnlyList<KeyValuePair<string, string>>>() : Evaluate(request).Take(1).ToList();
            var shown = status ?? (polls == 1 ? "Scheduled" : "Running");
            // Like Logs Insights, recordsMatched counts every match, also those past the row limit.
            double matched = all?.Count ?? rows.Count;
            return Task.FromResult(new QueryResults(shown, rows, new QueryStatistics(matched, matched * 10, matched * 1500)));
        }
    }

    public Task StopQueryAsync(string queryId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Stopped.Add(queryId);
            var (request, polls, status) = queries[queryId];
            queries[queryId] = (request, polls, status ?? "Cancelled");
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether the fake can answer the query: one with a command only the real service runs (pattern, anomaly...) ends Failed.</summary>
    private static bool RunsHere(StartQueryRequest request) => CompiledQuery.Parse(request.QueryString).InsightsOnlyCommand == null;

    private IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> Evaluate(StartQueryRequest request)
    {
        var records = request.LogGroupNames.SelectMany(g => groups[g])
            .Where(r => r.EventTime is { } t && InsightsQueryRunner.ToEpochSeconds(t) is var s && s >= request.StartTime && s <= request.EndTime)
            .ToList();
        var query = CompiledQuery.Parse(request.QueryString);
        bool plain = !query.Ast.Commands.Any(c => c is StatsCommand);
        var withPointer = plain ? CompiledQuery.Parse(request.QueryString + "\n| fields @ptr") : query;
        return withPointer.Run(records)
            .Select(row => (IReadOnlyList<KeyValuePair<string, string>>)row.Columns
                .Where(c => row[c] != null)
                .Select(c => new KeyValuePair<string, string>(c, Values.ToText(row[c])!)).ToList());
    }

    private static AwsServiceException Fault(string code) =>
        new(code, code + " injected by the fake.", code is "ServiceUnavailableException" or "InternalFailure" ? 503 : 400);
}
