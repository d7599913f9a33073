using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using IamInsights.Query;

namespace IamInsights.Records;

/// <summary>One property of a record type, as the record declares it: read from CloudTrail fields, or computed.</summary>
public sealed class RecordField
{
    internal RecordField(PropertyInfo property, IReadOnlyList<string> sources, bool isPolicyDocument, string? computation)
    {
        Property = property;
        Sources = sources;
        IsPolicyDocument = isPolicyDocument;
        Computation = computation;
    }

    /// <summary>The property's name, which is also the column the query gives it.</summary>
    public string Name => Property.Name;

    /// <summary>The property's type without Nullable: String, DateTime, Boolean, ChangeKind...</summary>
    public Type ValueType => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

    /// <summary>The CloudTrail fields it is read from, in the order they are tried; empty for a computed property.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>True for a policy document, URL-decoded when it is read.</summary>
    public bool IsPolicyDocument { get; }

    /// <summary>How a computed property is computed; null for one read from CloudTrail.</summary>
    public string? Computation { get; }

    public bool IsComputed => Computation != null;

    /// <summary>Where the value comes from, in words: "requestParameters.policyArn, else responseElements.policy.arn", or the computation.</summary>
    public string Origin => Computation ?? string.Join(", else ", Sources);

    internal PropertyInfo Property { get; }

    /// <summary>The projection that selects the value in the query: the field, or a coalesce of the fields, under the property's name.</summary>
    internal Projection ToProjection()
    {
        Expr expression = Sources.Count == 1
            ? new FieldExpr(Sources[0])
            : new CallExpr("coalesce", new Sequence<Expr>(Sources.Select(s => (Expr)new FieldExpr(s))));
        return new Projection(expression, Name);
    }

    public override string ToString() => Name + ": " + Origin;
}
