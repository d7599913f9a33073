using System;
using System.Globalization;
using IamInsights.Query;

namespace IamInsights.Records;

/// <summary>The properties every IAM record has, read from a result row of the catalog's common fields.</summary>
public abstract class IamEvent
{
    /// <summary>When the call was made, in UTC.</summary>
    public DateTime EventTime { get; private set; }

    public string? EventName { get; private set; }

    public string? EventSource { get; private set; }

    public string? AwsRegion { get; private set; }

    /// <summary>The account the event was recorded in (recipientAccountId).</summary>
    public string? AccountId { get; private set; }

    public string? EventId { get; private set; }

    /// <summary>An IP address, or a service name such as "AWS Internal" or "ec2.amazonaws.com".</summary>
    public string? SourceIPAddress { get; private set; }

    public string? UserAgent { get; private set; }

    /// <summary>
    /// Who made the call: the IAM user name, the session name of a role session, "root", the principal id, or for an
    /// AWS service the service (userIdentity.invokedBy).
    /// </summary>
    public string? RequestUser { get; private set; }

    public string? RequestUserArn { get; private set; }

    /// <summary>IAMUser, AssumedRole, Root, AWSService, AWSAccount, FederatedUser...</summary>
    public string? UserIdentityType { get; private set; }

    /// <summary>Whether the caller's session was MFA-authenticated; null when CloudTrail does not say.</summary>
    public bool? MfaAuthenticated { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>The caller's account (userIdentity.accountId).</summary>
    public string? RequestAccountId { get; private set; }

    /// <summary>The risk flags that apply to this event; see <see cref="IamRisk"/>.</summary>
    public IamRisk Risk { get; private set; }

    internal void Read(ResultRow row)
    {
        EventTime = Dates.Parse(row.GetText(CommonFields.EventTime)) ?? default;
        EventName = row.GetText(CommonFields.EventName);
        EventSource = row.GetText(CommonFields.EventSource);
        AwsRegion = row.GetText(CommonFields.AwsRegion);
        AccountId = row.GetText(CommonFields.AccountId);
        EventId = row.GetText(CommonFields.EventId);
        SourceIPAddress = row.GetText(CommonFields.SourceIPAddress);
        UserAgent = row.GetText(CommonFields.UserAgent);
        UserIdentityType = row.GetText(CommonFields.IdentityType);
        RequestUserArn = row.GetText(CommonFields.IdentityArn);
        RequestUser = IdentityName(UserIdentityType, row.GetText(CommonFields.IdentityUserName), RequestUserArn,
            row.GetText(CommonFields.IdentityPrincipalId), row.GetText(CommonFields.IdentityInvokedBy));
        MfaAuthenticated = ParseBool(row.GetText(CommonFields.MfaAuthenticated));
        ErrorCode = row.GetText(CommonFields.ErrorCode);
        ErrorMessage = row.GetText(CommonFields.ErrorMessage);
        RequestAccountId = row.GetText(CommonFields.IdentityAccountId);
        ReadSpecific(row);
        Risk = RiskRules.Evaluate(this, Facts());
    }

    /// <summary>Reads the properties of the event kind from the row's aliased columns.</summary>
    protected abstract void ReadSpecific(ResultRow row);

    /// <summary>What this kind of event tells the risk rules.</summary>
    protected virtual RiskFacts Facts() => RiskFacts.None;

    /// <summary>Added, Removed or Updated, from the verb that starts the event name.</summary>
    protected ChangeKind ChangeOf() => ChangeKinds.Of(EventName);

    /// <summary>
    /// The user name when CloudTrail gives one; for a role session the session name (the last segment of the ARN);
    /// "root" for the root user; otherwise the principal id, or failing that the service that invoked the call.
    /// </summary>
    internal static string? IdentityName(string? type, string? userName, string? arn, string? principalId, string? invokedBy)
    {
        if (!string.IsNullOrEmpty(userName)) return userName;
        if (string.Equals(type, "Root", StringComparison.Ordinal)) return "root";
        if (string.Equals(type, "AssumedRole", StringComparison.Ordinal) && !string.IsNullOrEmpty(arn))
        {
            int slash = arn!.LastIndexOf('/');
            if (slash >= 0 && slash < arn.Length - 1) return arn.Substring(slash + 1);
        }
        if (!string.IsNullOrEmpty(principalId)) return principalId;
        return string.IsNullOrEmpty(invokedBy) ? null : invokedBy;
    }

    internal static bool? ParseBool(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => null,
    };

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0:u} {1} by {2}", EventTime, EventName, RequestUser);
}
