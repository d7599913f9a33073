using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources.Athena.Sql;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.EventHistory;

namespace IamInsights.Sources.Athena;

/// <summary>
/// A CloudTrail table in Amazon Athena. The query tree is translated to Trino SQL (refused before any call when it
/// cannot be), sent with StartQueryExecution, polled with GetQueryExecution, and read back 1,000 rows a page with
/// GetQueryResults; Ctrl+C sends StopQueryExecution. The rows are typed as a local run types its values.
/// </summary>
public sealed class AthenaSource : IQuerySource
{
    public const int PageSize = 1000;

    private readonly IAthenaClient client;
    private readonly AthenaSourceOptions options;

    public AthenaSource(IAthenaClient client, AthenaSourceOptions options)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public string Description => $"the Athena table '{options.Table.Database}.{options.Table.Table}'";

    public SourceCapabilities Capabilities => SourceCapabilities.TimeWindow | SourceCapabilities.Filters | SourceCapabilities.WholeQuery;

    public IEnumerable<ResultRow> Run(QueryRequest request, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var translation = SqlTranslator.Translate(request.Query, options.Table, request.Window, options.AccountIds, options.Regions);
        string sql = TrinoPrinter.Instance.Print(translation.Select);
        return Rows(translation, sql, observer, cancellationToken);
    }

    /// <summary>
    /// Runs one statement (such as New-IamInsightsAthenaTable's CREATE TABLE) in the table's database and waits until
    /// it succeeds; returns its query execution id.
    /// </summary>
    public string Execute(string statement, IQueryObserver observer, CancellationToken cancellationToken)
    {
        observer.Verbose("Athena SQL:" + Environment.NewLine + statement);
        return Start(statement, observer, cancellationToken);
    }

    private string Start(string sql, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var start = new AthenaQueryRequest(sql, options.Table.Database, options.WorkGroup, options.OutputLocation, Guid.NewGuid().ToString("N"));
        string id = Call(ct => client.StartQueryExecutionAsync(start, ct), null, cancellationToken);
        var execution = WaitForResults(id, observer, cancellationToken);
        observer.Verbose($"Athena query {id} scanned {Bytes(execution.DataScannedInBytes)} ({execution.DataScannedInBytes.ToString(CultureInfo.InvariantCulture)} bytes).");
        return id;
    }

    private IEnumerable<ResultRow> Rows(SqlTranslation translation, string sql, IQueryObserver observer, CancellationToken cancellationToken)
    {
        observer.Verbose("Athena SQL:" + Environment.NewLine + sql);
        string id = Start(sql, observer, cancellationToken);

        var labels = translation.Select.Items.Select(i => i.Alias).ToList();
        string? token = null;
        bool first = true;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? pageToken = token;
            var page = Call(ct => client.GetQueryResultsAsync(id, pageToken, PageSize, ct), id, cancellationToken);
            foreach (var cells in page.Rows)
            {
                // The first row Athena returns for a SELECT holds the column names.
                bool header = first && cells.Count == labels.Count && cells.Select((c, i) => string.Equals(c, labels[i], StringComparison.OrdinalIgnoreCase)).All(x => x);
                first = false;
                if (!header) yield return translation.ToRow(cells);
            }
            first = false;
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Polls until the query succeeds; a failure or cancellation by Athena is AthenaQueryFailed; Ctrl+C stops the query.</summary>
    private AthenaExecution WaitForResults(string id, IQueryObserver observer, CancellationToken cancellationToken)
    {
        string activity = "Athena query " + id;
        try
        {
            while (true)
            {
                var execution = Call(ct => client.GetQueryExecutionAsync(id, ct), id, cancellationToken);
                observer.Progress(new QueryProgress(activity, $"{execution.State}, {Bytes(execution.DataScannedInBytes)} scanned", -1));
                switch (execution.State)
                {
                    case "SUCCEEDED":
                        observer.Progress(new QueryProgress(activity, $"{execution.State}, {Bytes(execution.DataScannedInBytes)} scanned", 100, completed: true));
                        return execution;
                    case "FAILED":
                    case "CANCELLED":
                        throw new IamInsightsException(ErrorCatalog.AthenaQueryFailed,
                            $"The Athena query {id} ended {execution.State}: {execution.StateChangeReason ?? "Athena gave no reason"}.", id);
                }
                options.Clock.Delay(options.PollInterval, cancellationToken).GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Stop(id);
            throw;
        }
    }

    /// <summary>StopQueryExecution after Ctrl+C: tried once, briefly, so that stopping never hangs.</summary>
    private void Stop(string id)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            client.StopQueryExecutionAsync(id, stop.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or OperationCanceledException)
        {
            // The query ends by itself; nothing more can be done once the user has asked to stop.
        }
    }

    /// <summary>One call, retried with back-off while Athena throttles or fails on its side; its failures as documented errors.</summary>
    private T Call<T>(Func<CancellationToken, Task<T>> call, string? id, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return call(cancellationToken).GetAwaiter().GetResult();
            }
            catch (AwsServiceException e) when (IsRetried(e) && attempt < options.MaxAttempts)
            {
                options.Clock.Delay(RetryDelay.Ceiling(attempt, options.FirstRetryDelay, TimeSpan.MaxValue), cancellationToken).GetAwaiter().GetResult();
            }
            catch (Exception e) when (Map(e, id, cancellationToken) is { } mapped)
            {
                throw mapped;
            }
        }
    }

    private static bool IsRetried(AwsServiceException e) => e.IsTransient || e.ErrorCode == "TooManyRequestsException";

    private IamInsightsException? Map(Exception e, string? id, CancellationToken cancellationToken)
    {
        string table = options.Table.Database + "." + options.Table.Table;
        return e switch
        {
            IamInsightsException => null,
            AwsServiceException { ErrorCode: "TooManyRequestsException" } or AwsServiceException { ErrorCode: "ThrottlingException" } =>
                new IamInsightsException(ErrorCatalog.AthenaQuotaExceeded,
                    $"Athena refused the query on '{table}' for too many queries or calls at once, after {options.MaxAttempts} attempts: {e.Message}", table, e),
            AwsServiceException { ErrorCode: "InvalidRequestException" or "ResourceNotFoundException" or "MetadataException" } =>
                new IamInsightsException(ErrorCatalog.AthenaQueryFailed, $"Athena refused the query on '{table}': {e.Message}", id ?? table, e),
            AwsServiceException { ErrorCode: "ExpiredTokenException" or "UnrecognizedClientException" or "InvalidSignatureException" or "AccessDeniedException" or "InvalidClientTokenId" } =>
                new IamInsightsException(ErrorCatalog.AwsAccessDenied, $"AWS refused the credentials or the Athena call on '{table}': {e.Message}", table, e),
            AwsServiceException => new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"Athena failed on '{table}': {e.Message}", table, e),
            HttpRequestException => new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"Athena could not be reached: {e.Message}", table, e),
            OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                new IamInsightsException(ErrorCatalog.AwsRequestFailed, $"Athena did not answer in time for '{table}'.", table, e),
            _ => null,
        };
    }

    /// <summary>Bytes in the unit Athena's console shows: B, KB, MB, GB, TB (powers of 1,024).</summary>
    public static string Bytes(long bytes)
    {
        string[] units = { "B", "KB", "MB", "GB", "TB", "PB" };
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) + " B" : value.ToString("0.##", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}

/// <summary>Where and how the Athena source runs its queries.</summary>
public sealed class AthenaSourceOptions
{
    public AthenaSourceOptions(SqlTable table) => Table = table ?? throw new ArgumentNullException(nameof(table));

    /// <summary>The CloudTrail table, as -AthenaTable database.table names it.</summary>
    public SqlTable Table { get; }

    /// <summary>-AthenaWorkGroup; null for the primary workgroup.</summary>
    public string? WorkGroup { get; set; }

    /// <summary>-AthenaOutputLocation (s3://...); null when the workgroup sets it.</summary>
    public string? OutputLocation { get; set; }

    /// <summary>The -AccountId values, which become a predicate on the account partition column.</summary>
    public IReadOnlyList<string>? AccountIds { get; set; }

    /// <summary>The -Region values, which become a predicate on the region partition column.</summary>
    public IReadOnlyList<string>? Regions { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a throttled call is tried before the call fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>
    /// The table of -AthenaTable 'database.table'; anything else is AthenaTableInvalid. Names are kept as written:
    /// they are quoted in the SQL.
    /// </summary>
    public static SqlTable ParseTable(string? text)
    {
        var parts = (text ?? "").Split('.');
        if (parts.Length != 2 || parts.Any(p => p.Trim().Length == 0 || p.Trim() != p))
        {
            throw new IamInsightsException(ErrorCatalog.AthenaTableInvalid,
                $"-AthenaTable '{text}' is not 'database.table', such as 'default.cloudtrail_logs'.", text);
        }
        return new SqlTable(parts[0], parts[1]);
    }

    /// <summary>The -AthenaOutputLocation, which must be an s3:// address; AthenaTableInvalid otherwise.</summary>
    public static string? ParseOutputLocation(string? text)
    {
        if (text == null) return null;
        if (!text.StartsWith("s3://", StringComparison.Ordinal) || text.Length <= "s3://".Length)
        {
            throw new IamInsightsException(ErrorCatalog.AthenaTableInvalid, $"-AthenaOutputLocation '{text}' is not an s3:// address, such as 's3://my-athena-results/'.", text);
        }
        return text;
    }
}
