using System;
using System.Globalization;
using System.Linq;
using IamInsights.Query;

namespace IamInsights.Records;

/// <summary>
/// The properties every IAM record has, read from a result row of the catalog's common fields. A record type adds its
/// own properties, each declared with the CloudTrail field it is read from (<see cref="FromCloudTrailAttribute"/>) or
/// as computed (<see cref="ComputedAttribute"/>); see <see cref="RecordSchema"/>.
/// </summary>
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
    /// Who made the call: see <see cref="IdentityName"/>. For a SwitchRole logged in the account switched into, the
    /// principal that switched (additionalEventData.SwitchFrom), not the new role session.
    /// </summary>
    public string? RequestUser { get; private set; }

    /// <summary>The caller's ARN (userIdentity.arn); for a SwitchRole logged in the account switched into, the ARN of the principal that switched.</summary>
    public string? RequestUserArn { get; private set; }

    /// <summary>
    /// IAMUser, AssumedRole, Root, AWSService, AWSAccount, FederatedUser, IdentityCenterUser, SAMLUser,
    /// WebIdentityUser, Unknown: userIdentity.type as CloudTrail recorded it.
    /// </summary>
    public string? UserIdentityType { get; private set; }

    /// <summary>Whether the caller's session was MFA-authenticated; null when CloudTrail does not say.</summary>
    public bool? MfaAuthenticated { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>The caller's account (userIdentity.accountId); for a SwitchRole logged in the account switched into, the account of the principal that switched.</summary>
    public string? RequestAccountId { get; private set; }

    /// <summary>
    /// The log group the record came from, as Logs Insights names it in @log: "account-id:log-group-name" (the account
    /// is the log group's, which for a linked source account's group is that account). Null for every other source.
    /// </summary>
    public string? LogGroup { get; private set; }

    /// <summary>The risk flags that apply to this event; see <see cref="IamRisk"/>.</summary>
    public IamRisk Risk { get; private set; }

    internal void Read(ResultRow row, RecordSchema schema)
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
            row.GetText(CommonFields.IdentityPrincipalId), row.GetText(CommonFields.IdentityOnBehalfOfUserId),
            row.GetText(CommonFields.IdentityAccountId), row.GetText(CommonFields.IdentityInvokedBy));
        MfaAuthenticated = ParseBool(row.GetText(CommonFields.MfaAuthenticated));
        ErrorCode = row.GetText(CommonFields.ErrorCode);
        ErrorMessage = row.GetText(CommonFields.ErrorMessage);
        RequestAccountId = row.GetText(CommonFields.IdentityAccountId);
        LogGroup = row.GetText(CommonFields.LogGroup);
        schema.Fill(this, row);
        Derive();
        Risk = RiskRules.Evaluate(this, Facts());
    }

    /// <summary>Sets what this kind of event computes from the properties read, after they are read.</summary>
    protected virtual void Derive()
    {
    }

    /// <summary>What this kind of event tells the risk rules.</summary>
    protected virtual RiskFacts Facts() => RiskFacts.None;

    /// <summary>Added, Removed or Updated, from the verb that starts the event name.</summary>
    protected ChangeKind ChangeOf() => ChangeKinds.Of(EventName);

    /// <summary>
    /// The caller's name. The user name when CloudTrail gives one (IAM users, SAML and web identity users, Identity
    /// Center users); otherwise, by identity type:
    /// Root: "root";
    /// AssumedRole: the session name (the last segment of the ARN), else the principal id, else the invoking service;
    /// IdentityCenterUser: the last segment of the ARN, else onBehalfOf.userId, else the principal id (never the
    /// invoking service, which is the sign-in or SSO service and not the user);
    /// Unknown: the last segment of the ARN, the principal id, onBehalfOf.userId or the account, whichever it holds
    /// first, else the invoking service;
    /// any other type (AWSAccount, AWSService, FederatedUser...): the principal id, else the invoking service.
    /// </summary>
    internal static string? IdentityName(string? type, string? userName, string? arn, string? principalId, string? onBehalfOfUserId,
        string? accountId, string? invokedBy)
    {
        if (!string.IsNullOrEmpty(userName)) return userName;
        return type switch
        {
            "Root" => "root",
            "AssumedRole" => FirstGiven(LastSegment(arn), principalId, invokedBy),
            "IdentityCenterUser" => FirstGiven(LastSegment(arn), onBehalfOfUserId, principalId),
            "Unknown" => FirstGiven(LastSegment(arn), principalId, onBehalfOfUserId, accountId, invokedBy),
            _ => FirstGiven(principalId, invokedBy),
        };
    }

    /// <summary>
    /// The name in a principal's ARN: "root" for an account's root user, otherwise the last segment (the user name of
    /// arn:aws:iam::111122223333:user/bob, the session name of an assumed-role session ARN).
    /// </summary>
    private static string? NameInArn(string? arn)
    {
        if (string.IsNullOrEmpty(arn)) return null;
        return arn!.EndsWith(":root", StringComparison.Ordinal) ? "root" : LastSegment(arn);
    }

    /// <summary>
    /// Says that the request was made by another principal than userIdentity: the principal that switched role, for a
    /// SwitchRole logged in the account switched into. RequestUser, RequestUserArn and RequestAccountId then name it.
    /// </summary>
    protected void RequestedBy(string principalArn)
    {
        RequestUserArn = principalArn;
        RequestUser = NameInArn(principalArn) ?? principalArn;
        RequestAccountId = RiskRules.AccountOf(principalArn) ?? RequestAccountId;
    }

    private static string? LastSegment(string? arn)
    {
        if (string.IsNullOrEmpty(arn)) return null;
        int slash = arn!.LastIndexOf('/');
        return slash >= 0 && slash < arn.Length - 1 ? arn.Substring(slash + 1) : null;
    }

    private static string? FirstGiven(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    internal static bool? ParseBool(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => null,
    };

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0:u} {1} by {2}", EventTime, EventName, RequestUser);
}
