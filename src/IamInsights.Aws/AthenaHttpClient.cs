using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Sources.Athena;

namespace IamInsights.Aws;

/// <summary>
/// Amazon Athena over its JSON 1.1 protocol (AmazonAthena.*): StartQueryExecution, GetQueryExecution,
/// GetQueryResults and StopQueryExecution, in the AwsDataCatalog catalog.
/// </summary>
public sealed class AthenaHttpClient : IAthenaClient
{
    private const string Target = "AmazonAthena.";

    private readonly AwsJsonClient client;
    private readonly Uri endpoint;

    public AthenaHttpClient(AwsJsonClient client, string region, Uri? endpointUrl = null)
    {
        this.client = client;
        endpoint = AwsJsonClient.EndpointOf("athena", region, endpointUrl);
    }

    public async Task<string> StartQueryExecutionAsync(AthenaQueryRequest request, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object>
        {
            ["QueryString"] = request.QueryString,
            ["ClientRequestToken"] = request.ClientRequestToken,
            ["QueryExecutionContext"] = new Dictionary<string, string> { ["Database"] = request.Database, ["Catalog"] = "AwsDataCatalog" },
        };
        if (request.WorkGroup != null) body["WorkGroup"] = request.WorkGroup;
        if (request.OutputLocation != null) body["ResultConfiguration"] = new Dictionary<string, string> { ["OutputLocation"] = request.OutputLocation };
        using var answer = await Call("StartQueryExecution", body, cancellationToken).ConfigureAwait(false);
        return answer.RootElement.GetProperty("QueryExecutionId").GetString()!;
    }

    public async Task<AthenaExecution> GetQueryExecutionAsync(string queryExecutionId, CancellationToken cancellationToken)
    {
        using var answer = await Call("GetQueryExecution", new Dictionary<string, object> { ["QueryExecutionId"] = queryExecutionId }, cancellationToken)
            .ConfigureAwait(false);
        var execution = answer.RootElement.GetProperty("QueryExecution");
        var status = execution.GetProperty("Status");
        long scanned = execution.TryGetProperty("Statistics", out var statistics) && statistics.TryGetProperty("DataScannedInBytes", out var bytes)
                       && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : 0;
        return new AthenaExecution(status.GetProperty("State").GetString()!,
            status.TryGetProperty("StateChangeReason", out var reason) ? reason.GetString() : null, scanned);
    }

    public async Task<AthenaResultPage> GetQueryResultsAsync(string queryExecutionId, string? nextToken, int maxResults, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object> { ["QueryExecutionId"] = queryExecutionId, ["MaxResults"] = maxResults };
        if (nextToken != null) body["NextToken"] = nextToken;
        using var answer = await Call("GetQueryResults", body, cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        var rows = new List<IReadOnlyList<string?>>();
        if (root.TryGetProperty("ResultSet", out var set) && set.TryGetProperty("Rows", out var list))
        {
            foreach (var row in list.EnumerateArray())
            {
                rows.Add(row.TryGetProperty("Data", out var data)
                    ? data.EnumerateArray().Select(d => d.TryGetProperty("VarCharValue", out var v) ? v.GetString() : null).ToList()
                    : new List<string?>());
            }
        }
        return new AthenaResultPage(rows, root.TryGetProperty("NextToken", out var token) ? token.GetString() : null);
    }

    public async Task StopQueryExecutionAsync(string queryExecutionId, CancellationToken cancellationToken)
    {
        using var _ = await Call("StopQueryExecution", new Dictionary<string, object> { ["QueryExecutionId"] = queryExecutionId }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The names of the Region's workgroups (ListWorkGroups, paged), as tab completion offers them.</summary>
    public async Task<IReadOnlyList<string>> ListWorkGroupNamesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var body = new Dictionary<string, object>();
            if (token != null) body["NextToken"] = token;
            using var answer = await Call("ListWorkGroups", body, cancellationToken).ConfigureAwait(false);
            var root = answer.RootElement;
            if (root.TryGetProperty("WorkGroups", out var groups) && groups.ValueKind == JsonValueKind.Array)
            {
                foreach (var group in groups.EnumerateArray())
                {
                    if (group.TryGetProperty("Name", out var name) && name.ValueKind == JsonValueKind.String) names.Add(name.GetString()!);
                }
            }
            token = root.TryGetProperty("NextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(token));
        return names;
    }

    private Task<JsonDocument> Call(string operation, Dictionary<string, object> body, CancellationToken cancellationToken) =>
        client.CallAsync(endpoint, "athena", Target + operation, JsonSerializer.Serialize(body), cancellationToken);
}
