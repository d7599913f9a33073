using System;
using System.Collections.Generic;

namespace IamInsights.Query;

/// <summary>
/// Every field name a query can ask a record for when it runs locally: the fields its commands name, the system
/// fields among its output columns (@timestamp and @message when it names none), and @timestamp (which bin() and
/// the time aggregates read). Any other column is made by a command (an alias, an aggregate, a parsed name). A source
/// may read only these from each record.
/// </summary>
internal static class FieldsRead
{
    /// <summary>The names, or null when the query has a command that does not run locally.</summary>
    public static IReadOnlyCollection<string>? Of(QueryAst query, IReadOnlyList<string> columns)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "@timestamp" };
        foreach (var column in columns)
        {
            if (column.StartsWith("@", StringComparison.Ordinal)) names.Add(column);
        }
        foreach (var command in query.Commands)
        {
            switch (command)
            {
                case FieldsCommand fields:
                    foreach (var projection in fields.Projections) Add(projection.Expression, names);
                    break;
                case DisplayCommand display:
                    foreach (var field in display.Fields) names.Add(field.Name);
                    break;
                case FilterCommand filter:
                    Add(filter.Condition, names);
                    break;
                case FilterIndexCommand filterIndex:
                    Add(filterIndex.Condition, names);
                    break;
                case SortCommand sort:
                    foreach (var key in sort.Keys) Add(key.Expression, names);
                    break;
                case LimitCommand:
                    break;
                case StatsCommand stats:
                    foreach (var projection in stats.Aggregates) Add(projection.Expression, names);
                    foreach (var projection in stats.GroupBy) Add(projection.Expression, names);
                    break;
                case DedupCommand dedup:
                    foreach (var field in dedup.Fields) names.Add(field.Name);
                    break;
                case ParseCommand parse:
                    Add(parse.Source, names);
                    break;
                case UnnestCommand unnest:
                    names.Add(unnest.Source.Name);
                    break;
                default:
                    return null;
            }
        }
        return names;
    }

    private static void Add(Expr expression, HashSet<string> names)
    {
        switch (expression)
        {
            case FieldExpr field:
                names.Add(field.Name);
                break;
            case UnaryExpr unary:
                Add(unary.Operand, names);
                break;
            case BinaryExpr binary:
                Add(binary.Left, names);
                Add(binary.Right, names);
                break;
            case InExpr inExpr:
                Add(inExpr.Value, names);
                foreach (var item in inExpr.Items) Add(item, names);
                break;
            case CallExpr call:
                foreach (var argument in call.Arguments) Add(argument, names);
                break;
        }
    }
}
