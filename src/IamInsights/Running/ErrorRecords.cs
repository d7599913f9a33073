using System;
using System.IO;
using System.Management.Automation;
using IamInsights.Checkpoints;
using IamInsights.Errors;

namespace IamInsights.Running;

/// <summary>Turns the engine's documented errors into PowerShell error records: the ErrorId, category and target come from the error catalog.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(ErrorDefinition error, Exception exception, object? target) =>
        new(exception, error.Id, (ErrorCategory)Enum.Parse(typeof(ErrorCategory), error.Kind.ToString()), target);

    public static ErrorRecord From(IamInsightsException e) => From(e.Error, e, e.Target);

    public static ErrorRecord From(CheckpointException e) => From(ErrorCatalog.Get(e.ErrorId), e, e.Path);

    /// <summary>One bad input: a non-terminating error whose exception type says what kind of input failed.</summary>
    public static ErrorRecord From(SourceProblem problem)
    {
        Exception exception = problem.Kind switch
        {
            ProblemKind.NotFound => new FileNotFoundException(problem.Message, problem.Target),
            ProblemKind.Unreadable => new IOException(problem.Message, problem.Exception),
            _ => new InvalidDataException(problem.Message, problem.Exception),
        };
        return From(ErrorCatalog.Get(problem.ErrorId), exception, problem.Target);
    }
}
