using System;

namespace IamInsights.Records;

/// <summary>Whether a change gave something, took it away, or altered it.</summary>
public enum ChangeKind
{
    Added,
    Removed,
    Updated,
}

internal static class ChangeKinds
{
    /// <summary>How a record's Change is computed, as the help shows it.</summary>
    public const string Description = "Added, Removed or Updated, from the verb that starts eventName";

    private static readonly string[] Removals = { "Delete", "Detach", "Remove", "Deactivate" };
    private static readonly string[] Updates = { "Update", "Change", "SetDefault" };

    /// <summary>Removed for Delete/Detach/Remove/Deactivate, Updated for Update/Change/SetDefault, otherwise Added.</summary>
    public static ChangeKind Of(string? eventName)
    {
        if (eventName == null) return ChangeKind.Added;
        foreach (var verb in Removals) if (eventName.StartsWith(verb, StringComparison.Ordinal)) return ChangeKind.Removed;
        foreach (var verb in Updates) if (eventName.StartsWith(verb, StringComparison.Ordinal)) return ChangeKind.Updated;
        return ChangeKind.Added;
    }
}
