using System.Linq;
using IamInsights.Query;

namespace IamInsights;

/// <summary>The CloudTrail fields every catalog query returns, under their CloudTrail names.</summary>
public static class CommonFields
{
    public const string EventTime = "eventTime";
    public const string EventName = "eventName";
    public const string EventSource = "eventSource";
    public const string AwsRegion = "awsRegion";
    public const string AccountId = "recipientAccountId";
    public const string EventId = "eventID";
    public const string SourceIPAddress = "sourceIPAddress";
    public const string UserAgent = "userAgent";
    public const string IdentityType = "userIdentity.type";
    public const string IdentityUserName = "userIdentity.userName";
    public const string IdentityArn = "userIdentity.arn";
    public const string IdentityPrincipalId = "userIdentity.principalId";
    public const string IdentityAccountId = "userIdentity.accountId";
    public const string IdentityInvokedBy = "userIdentity.invokedBy";
    public const string IdentityOnBehalfOfUserId = "userIdentity.onBehalfOf.userId";
    public const string MfaAuthenticated = "userIdentity.sessionContext.attributes.mfaAuthenticated";
    public const string ErrorCode = "errorCode";
    public const string ErrorMessage = "errorMessage";

    /// <summary>
    /// Logs Insights' system field that names the log group of a row, as "account-id:log-group-name". It is not a
    /// CloudTrail field and is not in <see cref="Command"/>: only the Logs Insights source adds it to a catalog query.
    /// </summary>
    public const string LogGroup = "@log";

    /// <summary>The `fields` command that selects them, shared by every template.</summary>
    public static FieldsCommand Command { get; } = new(new Sequence<Projection>(new[]
    {
        EventTime, EventName, EventSource, AwsRegion, AccountId, EventId, SourceIPAddress, UserAgent, IdentityType, IdentityUserName,
        IdentityArn, IdentityPrincipalId, IdentityAccountId, IdentityInvokedBy, IdentityOnBehalfOfUserId, MfaAuthenticated, ErrorCode, ErrorMessage,
    }.Select(name => new Projection(new FieldExpr(name), null))));
}
