using System.Management.Automation;
using IamInsights.Query;

namespace IamInsights.Commands;

/// <summary>Runs any Logs Insights query over CloudTrail logs and writes one object per result row.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "IamInsightsQuery", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(PSObject))]
public sealed class InvokeIamInsightsQueryCommand : QueryCommandBase
{
    /// <summary>The query, in the CloudWatch Logs Insights query language.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Query { get; set; } = "";

    /// <summary>The text parsed once; a malformed query is the terminating error MalformedQueryException.</summary>
    protected override QueryAst BuildQuery() => UserQuery.Parse(Query);

    /// <summary>Named by the text as typed, so that reformatting a query's printout never orphans a checkpoint.</summary>
    protected override string CheckpointName(QueryAst query) => IamInsights.Checkpoints.CheckpointRun.NameOfQueryText(Query);

    protected override string QueryDescription => "the query's results";

    /// <summary>A PSCustomObject whose properties are the row's columns, in the query's order. Whole numbers are Int64.</summary>
    protected override object ToOutput(ResultRow row)
    {
        var output = new PSObject();
        for (int i = 0; i < row.Columns.Count; i++) output.Properties.Add(new PSNoteProperty(row.Columns[i], ToPowerShell(row[i])));
        return output;
    }

    private static object? ToPowerShell(object? value) =>
        value is double d && d == System.Math.Floor(d) && System.Math.Abs(d) < 9e15 ? (long)d : value;
}
