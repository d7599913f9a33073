namespace IamInsights.Errors;

/// <summary>
/// The category of an error. The names are those of PowerShell's ErrorCategory, so that a cmdlet maps one to the
/// other by name; the engine itself never references PowerShell.
/// </summary>
public enum ErrorKind
{
    ObjectNotFound,
    ReadError,
    InvalidData,
    InvalidArgument,
    ParserError,
    NotImplemented,
    InvalidOperation,
    ResourceBusy,
    WriteError,
    AuthenticationError,
    PermissionDenied,
    OperationStopped,
    LimitsExceeded,
    ConnectionError,
    InvalidType,
    ResourceExists,
}
