using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using IamInsights.Query;

namespace IamInsights;

/// <summary>
/// The cmdlets' filter parameters (-UserName, -RequestUser, -SourceIPAddress, -AccountId, -ExcludeFailed) turned into
/// one more `filter` of the query, so that the source (CloudWatch too) scans less. Values become string literals or
/// anchored, case-insensitive regexes built from syntax trees, so quotes, backslashes, slashes, pipes and regex
/// metacharacters in a value match only themselves (the regexes end in \z, not $, which would also match before a
/// final newline). In a value, * and ? are wildcards and ` escapes the next character.
/// </summary>
public sealed class QueryFilters
{
    public IReadOnlyList<string>? UserName { get; set; }

    public IReadOnlyList<string>? RequestUser { get; set; }

    public IReadOnlyList<string>? SourceIPAddress { get; set; }

    public IReadOnlyList<string>? AccountId { get; set; }

    public bool ExcludeFailed { get; set; }

    public bool IsEmpty => Condition() == null;

    /// <summary>The condition all the given filters make, or null when none is given.</summary>
    public Expr? Condition()
    {
        var parts = new List<Expr>();
        if (UserName is { Count: > 0 }) parts.Add(AnyOf(UserName, v => Match("requestParameters.userName", v)));
        if (RequestUser is { Count: > 0 })
        {
            // A superset of the caller's RequestUser: its user name, or the last segment of its ARN (role session, root).
            parts.Add(AnyOf(RequestUser, v => new BinaryExpr("or", Match("userIdentity.userName", v),
                new BinaryExpr("=~", new FieldExpr("userIdentity.arn"), new RegexExpr("(?i)[/:]" + WildcardRegex(v) + "\\z")))));
        }
        if (SourceIPAddress is { Count: > 0 }) parts.Add(AnyOf(SourceIPAddress, v => Match("sourceIPAddress", v)));
        if (AccountId is { Count: > 0 }) parts.Add(AnyOf(AccountId, v => Match("recipientAccountId", v)));
        if (ExcludeFailed) parts.Add(new UnaryExpr("not", new CallExpr("ispresent", new Sequence<Expr>(new Expr[] { new FieldExpr("errorCode") }))));
        return parts.Count == 0 ? null : parts.Aggregate((a, b) => new BinaryExpr("and", a, b));
    }

    /// <summary>The query with the filters' condition as a second command, right after the template's own filter.</summary>
    public QueryAst Apply(QueryAst query)
    {
        var condition = Condition();
        if (condition == null) return query;
        var commands = query.Commands.ToList();
        commands.Insert(Math.Min(1, commands.Count), new FilterCommand(condition));
        return new QueryAst(new Sequence<Command>(commands));
    }

    /// <summary>Whether a text matches a value the way the pushed filter does: whole, case-insensitive, with wildcards.</summary>
    public static bool Matches(string? text, string value) =>
        text != null && Regex.IsMatch(text, "^(?i)" + WildcardRegex(value) + "\\z", RegexOptions.CultureInvariant);

    private static Expr AnyOf(IEnumerable<string> values, Func<string, Expr> condition) =>
        values.Select(condition).Aggregate((a, b) => new BinaryExpr("or", a, b));

    private static Expr Match(string field, string value) =>
        new BinaryExpr("=~", new FieldExpr(field), new RegexExpr("(?i)^" + WildcardRegex(value) + "\\z"));

    /// <summary>A regex for a PowerShell-style wildcard: * any run, ? any one character, ` escapes; the rest literal.</summary>
    public static string WildcardRegex(string value)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '`' && i + 1 < value.Length) sb.Append(Regex.Escape(value[++i].ToString()));
            else if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
