using System;
using IamInsights.Errors;

namespace IamInsights.Checkpoints;

/// <summary>A checkpoint file that cannot be used: corrupt, from a newer version, locked, or written for another query.</summary>
public sealed class CheckpointException : IamInsightsException
{
    public const string InvalidId = "CheckpointInvalid";
    public const string LockedId = "CheckpointLocked";
    public const string QueryMismatchId = "CheckpointQueryMismatch";
    public const string UnwritableId = "CheckpointUnwritable";

    public CheckpointException(string errorId, string path, string message, Exception? inner = null)
        : base(ErrorCatalog.Get(errorId), message, path, inner)
    {
        ErrorId = errorId;
        Path = path;
    }

    public string ErrorId { get; }

    public string Path { get; }
}
