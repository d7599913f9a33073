using System;
using IamInsights.Errors;

namespace IamInsights.Query;

/// <summary>A query a user typed: parsed once, and when it does not parse, the documented error that shows where.</summary>
public static class UserQuery
{
    public static QueryAst Parse(string text)
    {
        if (Parser.TryParse(text, out var query, out var error)) return query!;
        throw new IamInsightsException(ErrorCatalog.MalformedQueryException,
            error!.Message + Environment.NewLine + "Query:" + Environment.NewLine + text, text, error);
    }
}
