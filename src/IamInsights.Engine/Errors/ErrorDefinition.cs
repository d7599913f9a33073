namespace IamInsights.Errors;

/// <summary>One documented error: its stable ErrorId, its category, and whether it ends the whole call.</summary>
public sealed class ErrorDefinition
{
    internal ErrorDefinition(string id, ErrorKind kind, bool terminating, string when)
    {
        Id = id;
        Kind = kind;
        Terminating = terminating;
        When = when;
    }

    /// <summary>A stable PascalCase identifier, such as CloudTrailFileInvalidJson.</summary>
    public string Id { get; }

    public ErrorKind Kind { get; }

    /// <summary>Whether the error ends the call (the whole call is unusable) rather than one input.</summary>
    public bool Terminating { get; }

    /// <summary>When it happens, as README's table of errors says.</summary>
    public string When { get; }

    public override string ToString() => Id;
}
