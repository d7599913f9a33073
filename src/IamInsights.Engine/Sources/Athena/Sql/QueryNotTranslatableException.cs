using IamInsights.Errors;

namespace IamInsights.Sources.Athena.Sql;

/// <summary>A query with a command, function or field that has no SQL equivalent over the CloudTrail table.</summary>
public sealed class QueryNotTranslatableException : IamInsightsException
{
    public QueryNotTranslatableException(string what, string reason)
        : base(ErrorCatalog.QueryNotTranslatable, $"'{what}' cannot be translated to SQL for Athena: {reason}. Nothing was sent.", what)
    {
        What = what;
    }

    /// <summary>The command, function or field at fault, as the query writes it.</summary>
    public string What { get; }
}
