using System;
using System.Collections.Generic;

namespace IamInsights.Records;

/// <summary>
/// Declares the CloudTrail field a record property is read from. With more than one field, the first one present wins
/// (the query selects them with coalesce). The catalog's `fields` command, the mapping of result rows and the help
/// table are all derived from these declarations.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class FromCloudTrailAttribute : Attribute
{
    public FromCloudTrailAttribute(string field, params string[] fallbacks)
    {
        var fields = new List<string> { field };
        fields.AddRange(fallbacks);
        Fields = fields;
    }

    /// <summary>The CloudTrail fields, as dotted paths, in the order they are tried.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>True for a policy document: JSON text that older events recorded URL-encoded; it is decoded when read.</summary>
    public bool PolicyDocument { get; set; }
}
