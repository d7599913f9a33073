using IamInsights.Errors;

namespace IamInsights.Query;

/// <summary>A query with a command that only CloudWatch Logs Insights runs (see <see cref="Command.InsightsOnlyKeyword"/>), run locally.</summary>
public sealed class QueryNotSupportedLocallyException : IamInsightsException
{
    public const string Id = "QueryNotSupportedLocally";

    public QueryNotSupportedLocallyException(Command command)
        : base(ErrorCatalog.QueryNotSupportedLocally,
            $"The command '{command}' runs only in CloudWatch Logs Insights, not over local CloudTrail files; " +
            $"send the query to a log group instead, or remove '{command.InsightsOnlyKeyword}'.", command.ToString())
    {
        Command = command;
    }

    /// <summary>The stable error id: QueryNotSupportedLocally.</summary>
    public string ErrorId => Id;

    /// <summary>The command that cannot run locally.</summary>
    public Command Command { get; }
}
