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

    public IEnumerable<ResultRow> Run(QueryRequest request, IQueryObserver observer, CancellationToken cancellationToken) =>
        CloudWatchErrors.Guard(new InsightsQueryRunner(client, options).Run(request.Query, logGroups, request.Window, observer, cancellationToken),
            logGroups, request.Text, cancellationToken);

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
