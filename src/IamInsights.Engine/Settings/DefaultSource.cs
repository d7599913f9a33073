namespace IamInsights.Settings;

/// <summary>Where a cmdlet reads when it is given neither -Path, -LiteralPath nor a source of its own.</summary>
public enum DefaultSource
{
    /// <summary>CloudWatch Logs Insights over the configured log groups, or the log groups of the account's trails.</summary>
    CloudWatchLogs,

    /// <summary>CloudTrail Event History (LookupEvents) in us-east-1 and the session's Region.</summary>
    EventHistory,

    /// <summary>The Amazon Athena CloudTrail table of Set-IamInsightsOption -AthenaTable.</summary>
    Athena,
}
