using System;

namespace IamInsights;

/// <summary>What kind of thing went wrong with one input.</summary>
public enum ProblemKind
{
    /// <summary>The input could not be opened or decompressed.</summary>
    Unreadable,

    /// <summary>The input is not valid JSON.</summary>
    InvalidData,

    /// <summary>The input is JSON but not CloudTrail records.</summary>
    WrongShape,

    /// <summary>The input does not exist.</summary>
    NotFound,
}

/// <summary>One bad input (a file, a line): reported once, while every other input is still read.</summary>
public sealed class SourceProblem
{
    public SourceProblem(string errorId, ProblemKind kind, string target, string message, Exception? exception = null)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        Message = message;
        Exception = exception;
    }

    /// <summary>A stable PascalCase identifier, such as CloudTrailFileInvalidJson.</summary>
    public string ErrorId { get; }

    public ProblemKind Kind { get; }

    /// <summary>The bad input: a file path.</summary>
    public string Target { get; }

    public string Message { get; }

    public Exception? Exception { get; }
}
