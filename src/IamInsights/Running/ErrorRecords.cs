using System;
using System.IO;
using System.Management.Automation;
using IamInsights.Errors;

namespace IamInsights.Running;

/// <summary>Turns the engine's documented errors into PowerShell error records: the ErrorId, category and target come from the error catalog.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(ErrorDefinition error, Exception exception, object? target) =>
        new(exception, error.Id, (ErrorCategory)Enum.Parse(typeof(ErrorCategory), error.Kind.ToString()), target);

    public static ErrorRecord From(IamInsightsException e) => From(e.Error, e, e.Target);

    /// <summary>One bad input: a non-terminating error whose exception type follows its category.</summary>
    public static ErrorRecord From(SourceProblem problem)
    {
        var error = ErrorCatalog.Get(problem.ErrorId);
        Exception exception = error.Kind switch
        {
            ErrorKind.ObjectNotFound => new FileNotFoundException(problem.Message, problem.Target),
            ErrorKind.ReadError => new IOException(problem.Message, problem.Exception),
            ErrorKind.InvalidArgument => new ArgumentException(problem.Message, problem.Exception),
            ErrorKind.PermissionDenied => new UnauthorizedAccessException(problem.Message, problem.Exception),
            _ => new InvalidDataException(problem.Message, problem.Exception),
        };
        return From(error, exception, problem.Target);
    }
}
