namespace IamInsights.Records;

/// <summary>What a record knows that the risk rules look at, besides the common properties.</summary>
public sealed class RiskFacts
{
    public static readonly RiskFacts None = new();

    /// <summary>The IAM user the call acted on (requestParameters.userName).</summary>
    public string? TargetUser { get; init; }

    public string? PolicyArn { get; init; }

    public string? PermissionsBoundary { get; init; }

    public string? PolicyDocument { get; init; }

    /// <summary>A role's trust policy (CreateRole, UpdateAssumeRolePolicy).</summary>
    public string? TrustPolicy { get; init; }

    /// <summary>The role switched or assumed into.</summary>
    public string? TargetRoleArn { get; init; }

    /// <summary>Success or Failure, for ConsoleLogin and SwitchRole.</summary>
    public string? Result { get; init; }

    /// <summary>additionalEventData.MFAUsed of a console sign-in.</summary>
    public bool? ConsoleMfaUsed { get; init; }
}
