using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IamInsights.Query;

namespace IamInsights.Sources.CloudWatch;

/// <summary>CloudWatch Logs log groups that a CloudTrail trail delivers to, queried with Logs Insights.</summary>
public sealed class CloudWatchSource : IQuerySource
{
    private readonly ILogsInsightsClient client;
    private readonly IReadOnlyList<string> logGroups;
    private readonly InsightsRunnerOptions? options;

    public CloudWatchSource(ILogsInsightsClient client, IEnumerable<string> logGroups, InsightsRunnerOptions? options = null)
    {
        this.client = client;
        this.logGroups = logGroups.ToArray();
        this.options = options;
    }

    public string Description => logGroups.Count == 1 ? $"the log group '{logGroups[0]}'" : $"{logGroups.Count} log groups";

    /// <summary>CloudWatch runs the whole query over the window: the engine only types the values it returns.</summary>
    public SourceCapabilities Capabilities => SourceCapabilities.TimeWindow | SourceCapabilities.Filters | SourceCapabilities.WholeQuery;

    public IEnumerable<ResultRow> Run(QueryRequest request, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var query = Sent(request);
        if (!ReferenceEquals(query, request.Query))
        {
            observer.Verbose("Logs Insights is sent the query with `| fields @log` at its end, so that each record names its log group.");
        }
        return CloudWatchErrors.Guard(new InsightsQueryRunner(client, options).Run(query, logGroups, request.Window, observer, cancellationToken),
            logGroups, query.ToString(), cancellationToken);
    }

    /// <summary>
    /// The tree sent to Logs Insights: the request's, with `fields @log` after it when the rows should carry their log
    /// group and no command combines records (a row of stats or dedup has no one log group).
    /// </summary>
    private static QueryAst Sent(QueryRequest request)
    {
        var query = request.Query;
        if (!request.WithLogGroup || query.Commands.Any(c => c.CombinesRecords)) return query;
        var logGroup = new FieldsCommand(new Sequence<Projection>(new[] { new Projection(new FieldExpr(CommonFields.LogGroup), null) }));
        return new QueryAst(new Sequence<Command>(query.Commands.Concat(new Command[] { logGroup })));
    }

    /// <summary>The name of a log group from its ARN (arn:aws:logs:region:account:log-group:NAME:*).</summary>
    public static string NameOf(string arnOrName)
    {
        const string marker = ":log-group:";
        int at = arnOrName.IndexOf(marker, System.StringComparison.Ordinal);
        if (at < 0) return arnOrName;
        string name = arnOrName.Substring(at + marker.Length);
        return name.EndsWith(":*", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - 2) : name;
    }
}
