using System;

namespace IamInsights.Records;

/// <summary>
/// A console role switch (signin SwitchRole), read from either of the two shapes CloudTrail records it in:
/// userIdentity is the caller and additionalEventData.SwitchTo the role; or, logged in the account switched into,
/// userIdentity is the new role session and additionalEventData.SwitchFrom the principal that switched, with no SwitchTo.
/// </summary>
internal sealed class RoleSwitch
{
    private RoleSwitch(string? from, string? to, bool loggedInDestination)
    {
        From = from;
        To = to;
        LoggedInDestination = loggedInDestination;
    }

    /// <summary>The ARN of the principal that switched.</summary>
    public string? From { get; }

    /// <summary>The ARN of the role switched to.</summary>
    public string? To { get; }

    /// <summary>True for the second shape: userIdentity is the new role session, not the principal that switched.</summary>
    public bool LoggedInDestination { get; }

    /// <summary>
    /// Reads a switch from userIdentity.arn and additionalEventData's SwitchFrom and SwitchTo (each may be missing).
    /// </summary>
    public static RoleSwitch Read(string? identityArn, string? switchFrom, string? switchTo)
    {
        bool loggedInDestination = !string.IsNullOrEmpty(switchFrom) && !string.Equals(switchFrom, identityArn, StringComparison.Ordinal);
        if (loggedInDestination)
        {
            return new RoleSwitch(switchFrom, RoleOf(string.IsNullOrEmpty(switchTo) ? identityArn : switchTo), true);
        }
        return new RoleSwitch(identityArn, RoleOf(switchTo), false);
    }

    /// <summary>
    /// The role ARN of an assumed-role session ARN (arn:aws:sts::111122223333:assumed-role/Ops/bob becomes
    /// arn:aws:iam::111122223333:role/Ops); any other ARN as it is.
    /// </summary>
    public static string? RoleOf(string? arn)
    {
        if (string.IsNullOrEmpty(arn)) return null;
        var parts = arn!.Split(new[] { ':' }, 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "sts") return arn;
        var resource = parts[5].Split('/');
        if (resource.Length < 3 || resource[0] != "assumed-role" || resource[1].Length == 0) return arn;
        return $"arn:{parts[1]}:iam::{parts[4]}:role/{resource[1]}";
    }
}
