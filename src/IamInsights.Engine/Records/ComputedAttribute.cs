using System;

namespace IamInsights.Records;

/// <summary>Declares a record property that is computed from the record's other properties rather than read from CloudTrail.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ComputedAttribute : Attribute
{
    public ComputedAttribute(string description) => Description = description;

    /// <summary>How the value is computed, as the help shows it.</summary>
    public string Description { get; }
}
