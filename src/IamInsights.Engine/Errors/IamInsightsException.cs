using System;

namespace IamInsights.Errors;

/// <summary>A failure that ends a call: one of the documented errors, with the input at fault as its target.</summary>
public class IamInsightsException : Exception
{
    public IamInsightsException(ErrorDefinition error, string message, object? target, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        Target = target;
    }

    public ErrorDefinition Error { get; }

    /// <summary>The input at fault: a path, a query text, a log group, a query id, a setting's value.</summary>
    public object? Target { get; }
}
