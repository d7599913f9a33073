using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.EventHistory;

namespace IamInsights.Tests;

/// <summary>Which Logs Insights the fake plays: today's, or yesterday's (an older endpoint or another partition).</summary>
public enum FakeLimits
{
    /// <summary>StartQuery takes a limit up to 100,000; GetQueryResults pages with maxItems (at most 10,000) and nextToken.</summary>
    Today,

    /// <summary>StartQuery refuses a limit above 10,000 (InvalidParameterException); GetQueryResults returns every row in one answer.</summary>
    Yesterday,
}

/// <summary>
/// An in-memory Logs Insights backed by the module's own evaluator: log groups (by name, or by ARN for those of linked
/// source accounts) of CloudTrail records, and queries that go Scheduled, Running (with the rows found so far and a
/// recordsMatched that grows), then Complete, under today's or yesterday's limits, with a cap on concurrent queries,
/// an optional rate per action, and faults to inject per action.
/// </summary>
public sealed class FakeLogsInsights : ILogsInsightsClient
{
    public const int MaxLimit = 100000;
    public const int MaxItems = 10000;

    private readonly Dictionary<string, List<CloudTrailRecord>> groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeQuery> queries = new();
    private readonly Dictionary<string, Queue<DateTime>> recent = new();
    private readonly object gate = new();
    private int nextId;

    private sealed class FakeQuery
    {
        public FakeQuery(StartQueryRequest request, int number)
        {
            Request = request;
            Number = number;
        }

        public StartQueryRequest Request { get; }

        public int Number { get; }

        public int Polls { get; set; }

        public string? Status { get; set; }

        /// <summary>Every match of the query, in the order found, evaluated at its first poll.</summary>
        public List<IReadOnlyList<KeyValuePair<string, string>>>? Matches { get; set; }

        /// <summary>Whether its results are gone (stopped, or expired as the test says): a nextToken of it is then refused.</summary>
        public bool Gone { get; set; }

        public int PagesServed { get; set; }
    }

    public FakeLimits Limits { get; set; } = FakeLimits.Today;

    public int ServerConcurrency { get; set; } = 30;

    /// <summary>The poll (from 1) at which a query completes; the first answers Scheduled, those between Running.</summary>
    public int PollsToComplete { get; set; } = 3;

    /// <summary>Error codes the next StartQuery calls throw, in order; "Drop" drops the connection.</summary>
    public Queue<string> StartFaults { get; } = new();

    /// <summary>Error codes the next GetQueryResults calls throw, in order; "Drop" drops the connection.</summary>
    public Queue<string> PollFaults { get; } = new();

    /// <summary>Error codes the next StopQuery calls throw, in order.</summary>
    public Queue<string> StopFaults { get; } = new();

    /// <summary>A status to end the nth started query (1-based) with instead of Complete.</summary>
    public Dictionary<int, string> EndStatus { get; } = new();

    /// <summary>The numbers of the queries whose results are gone once their first page has been served.</summary>
    public HashSet<int> GoneAfterFirstPage { get; } = new();

    /// <summary>Requests a second each action takes (on <see cref="Clock"/>) before it answers ThrottlingException; 0 for no cap.</summary>
    public int RatePerAction { get; set; }

    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>The account of the log groups added by name (the caller's): @log is "account:name" for them.</summary>
    public string AccountId { get; set; } = "111122223333";

    /// <summary>Called with the query's number and its poll count at each GetQueryResults without a nextToken.</summary>
    public Action<int, int>? Polled { get; set; }

    public List<StartQueryRequest> Started { get; } = new();

    public List<string> Stopped { get; } = new();

    /// <summary>The GetQueryResults calls: the query id, maxItems and nextToken of each.</summary>
    public List<(string QueryId, int? MaxItems, string? NextToken)> ResultCalls { get; } = new();

    /// <summary>ThrottlingException answers of each action for the rate cap.</summary>
    public Dictionary<string, int> Throttled { get; } = new();

    public int MostRunning { get; private set; }

    public void Add(string group, IEnumerable<CloudTrailRecord> records)
    {
        if (!groups.TryGetValue(group, out var list)) groups[group] = list = new List<CloudTrailRecord>();
        list.AddRange(records);
    }

    private int Running => queries.Values.Count(q => q.Status == null);

    public IEnumerable<string> GroupNames => groups.Keys.Where(k => !StartQueryRequest.IsArn(k)).OrderBy(k => k, StringComparer.Ordinal);

    /// <summary>The ids of the queries with this status ("Running" covers those not yet ended).</summary>
    public IReadOnlyList<string> QueriesWithStatus(string status)
    {
        lock (gate) return queries.Where(q => (q.Value.Status ?? "Running") == status).Select(q => q.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    public Task<string> StartQueryAsync(StartQueryRequest request, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Admit("StartQuery", StartFaults);
            int most = Limits == FakeLimits.Today ? MaxLimit : 10000;
            if (request.Limit < 1 || request.Limit > most)
            {
                throw new AwsServiceException("InvalidParameterException", $"1 validation error detected: Value '{request.Limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to {most}", 400);
            }
            foreach (var name in request.LogGroupNames)
            {
                if (!groups.ContainsKey(KeyOf(name))) throw new AwsServiceException("ResourceNotFoundException", $"Log group '{name}' does not exist.", 400);
            }
            if (Running >= ServerConcurrency) throw new AwsServiceException("LimitExceededException", "Too many concurrent queries.", 400);
            string id = "q-" + (++nextId).ToString("D4", CultureInfo.InvariantCulture);
            Started.Add(request);
            queries[id] = new FakeQuery(request, nextId);
            MostRunning = Math.Max(MostRunning, Running);
            return Task.FromResult(id);
        }
    }

    public Task<QueryResults> GetQueryResultsAsync(string queryId, int? maxItems, string? nextToken, CancellationToken cancellationToken)
    {
        FakeQuery? evaluating;
        lock (gate) evaluating = queries.TryGetValue(queryId, out var q) && q.Matches == null && q.Polls >= 1 && q.Status == null && RunsHere(q.Request) ? q : null;
        // A query's matches are worked out outside the lock, so that one large query does not hold up the others' calls.
        var evaluated = evaluating == null ? null : Evaluate(evaluating.Request).ToList();
        lock (gate)
        {
            if (evaluated != null && evaluating!.Matches == null && !evaluating.Gone) evaluating.Matches = evaluated;
            ResultCalls.Add((queryId, maxItems, nextToken));
            Admit("GetQueryResults", PollFaults);
            if (!queries.TryGetValue(queryId, out var query)) throw new AwsServiceException("ResourceNotFoundException", $"Query {queryId} does not exist.", 400);
            if (Limits == FakeLimits.Yesterday)
            {
                maxItems = null;
                nextToken = null;
            }
            if (maxItems is < 0 or > MaxItems)
            {
                throw new AwsServiceException("InvalidParameterException", $"1 validation error detected: Value '{maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to {MaxItems}", 400);
            }
            int page = maxItems is null or 0 ? (Limits == FakeLimits.Today ? MaxItems : int.MaxValue) : maxItems.Value;
            if (nextToken != null) return Task.FromResult(NextPage(queryId, query, nextToken, page));

            query.Polls++;
            Polled?.Invoke(query.Number, query.Polls);
            if (query.Status == null && query.Polls >= PollsToComplete) query.Status = EndStatus.TryGetValue(query.Number, out var end) ? end : "Complete";
            bool runsHere = RunsHere(query.Request);
            if (query.Status == "Complete" && !runsHere) query.Status = "Failed";
            string shown = query.Status ?? (query.Polls == 1 ? "Scheduled" : "Running");
            if (shown is "Scheduled" or "Failed" or "Cancelled" or "Timeout" || !runsHere)
            {
                return Task.FromResult(new QueryResults(shown, Array.Empty<IReadOnlyList<KeyValuePair<string, string>>>(), QueryStatistics.None));
            }
            query.Matches ??= Evaluate(query.Request).ToList();
            var matches = query.Matches;
            // While it runs, a query has found a share of its matches that grows with each poll; recordsMatched counts
            // them all, also those past the row limit.
            int found = shown == "Complete" ? matches.Count
                : (int)Math.Ceiling(matches.Count * (double)(query.Polls - 1) / Math.Max(1, PollsToComplete - 1));
            int available = Math.Min(found, query.Request.Limit);
            return Task.FromResult(Page(queryId, query, shown, 0, available, page, found));
        }
    }

    private QueryResults NextPage(string queryId, FakeQuery query, string nextToken, int page)
    {
        var parts = nextToken.Split('/');
        if (parts.Length != 2 || parts[0] != queryId || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
        {
            throw new AwsServiceException("InvalidParameterException", "The nextToken is not valid for this query.", 400);
        }
        if (query.Gone || query.Matches == null)
        {
            throw new AwsServiceException("InvalidParameterException", $"The nextToken has expired: the results of query {queryId} are gone.", 400);
        }
        return Page(queryId, query, query.Status ?? "Running", offset, Math.Min(query.Matches.Count, query.Request.Limit), page, query.Matches.Count);
    }

    /// <summary>The rows from the offset, at most a page of them, with a token for the rest of the available ones.</summary>
    private QueryResults Page(string queryId, FakeQuery query, string status, int offset, int available, int page, int matched)
    {
        var rows = query.Matches!.Skip(offset).Take(Math.Max(0, Math.Min(page, available - offset))).ToList();
        int next = offset + rows.Count;
        string? token = status == "Complete" && next < available ? queryId + "/" + next.ToString(CultureInfo.InvariantCulture) : null;
        if (status == "Complete" && ++query.PagesServed == 1 && GoneAfterFirstPage.Contains(query.Number)) query.Gone = true;
        return new QueryResults(status, rows, new QueryStatistics(matched, matched * 10.0, matched * 1500.0), token);
    }

    public Task StopQueryAsync(string queryId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Admit("StopQuery", StopFaults);
            Stopped.Add(queryId);
            var query = queries[queryId];
            query.Status ??= "Cancelled";
            query.Gone = true;
            query.Matches = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>Throws the next injected fault of the action, or ThrottlingException past its rate.</summary>
    private void Admit(string action, Queue<string> faults)
    {
        if (faults.Count > 0)
        {
            string code = faults.Dequeue();
            if (code == "Drop") throw new HttpRequestException($"The connection of {action} was dropped by the fake.");
            throw new AwsServiceException(code, code + " injected by the fake.", code is "ServiceUnavailableException" or "InternalFailure" ? 503 : 400);
        }
        if (RatePerAction <= 0) return;
        var now = Clock.UtcNow;
        if (!recent.TryGetValue(action, out var times)) recent[action] = times = new Queue<DateTime>();
        while (times.Count > 0 && times.Peek() <= now - TimeSpan.FromSeconds(1)) times.Dequeue();
        if (times.Count >= RatePerAction)
        {
            Throttled[action] = Throttled.TryGetValue(action, out int n) ? n + 1 : 1;
            throw new AwsServiceException("ThrottlingException", "Rate exceeded", 400);
        }
        times.Enqueue(now);
    }

    /// <summary>The group a name or ARN stands for: a group added under its ARN (of a linked source account), else the group of that name.</summary>
    private string KeyOf(string logGroup)
    {
        string identifier = StartQueryRequest.Identifier(logGroup);
        return groups.ContainsKey(identifier) || !StartQueryRequest.IsArn(identifier) ? identifier : CloudWatchSource.NameOf(identifier);
    }

    /// <summary>A group's @log: "account:name", with the account of its ARN for a group added under one, else <see cref="AccountId"/>.</summary>
    private string LogOf(string key) =>
        StartQueryRequest.IsArn(key) ? key.Split(':')[4] + ":" + CloudWatchSource.NameOf(key) : AccountId + ":" + key;

    /// <summary>A record as a log group holds it: its @log names the group, every other field is the record's.</summary>
    private sealed class InLogGroup : ILogRecord
    {
        private readonly CloudTrailRecord record;
        private readonly string log;

        public InLogGroup(CloudTrailRecord record, string log)
        {
            this.record = record;
            this.log = log;
        }

        public object? GetField(string name) => name == "@log" ? log : record.GetField(name);
    }

    /// <summary>Whether the fake can answer the query: one with a command only the real service runs (pattern, anomaly...) ends Failed.</summary>
    private static bool RunsHere(StartQueryRequest request) => CompiledQuery.Parse(request.QueryString).InsightsOnlyCommand == null;

    private IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> Evaluate(StartQueryRequest request)
    {
        (string Log, List<CloudTrailRecord> Records)[] lists;
        lock (gate) lists = request.LogGroupNames.Select(g => (LogOf(KeyOf(g)), groups[KeyOf(g)])).ToArray();
        var records = lists.SelectMany(list => list.Records
                .Where(r => r.EventTime is { } t && InsightsQueryRunner.ToEpochSeconds(t) is var s && s >= request.StartTime && s <= request.EndTime)
                .Select(r => (ILogRecord)new InLogGroup(r, list.Log)))
            .ToList();
        var query = CompiledQuery.Parse(request.QueryString);
        bool plain = !query.Ast.Commands.Any(c => c is StatsCommand);
        var withPointer = plain ? CompiledQuery.Parse(request.QueryString + "\n| fields @ptr") : query;
        return withPointer.Run(records)
            .Select(row => (IReadOnlyList<KeyValuePair<string, string>>)row.Columns
                .Where(c => row[c] != null)
                .Select(c => new KeyValuePair<string, string>(c, Values.ToText(row[c])!)).ToList());
    }
}
