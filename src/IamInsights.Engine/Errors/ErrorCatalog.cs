using System;
using System.Collections.Generic;
using System.Linq;

namespace IamInsights.Errors;

/// <summary>Every error the module reports, in one place. README's table of errors lists exactly these.</summary>
public static class ErrorCatalog
{
    public static readonly ErrorDefinition CloudTrailPathNotFound = new(nameof(CloudTrailPathNotFound), ErrorKind.ObjectNotFound, false,
        "a `-Path` or `-LiteralPath` that does not exist");

    public static readonly ErrorDefinition CloudTrailPathNotFileSystem = new(nameof(CloudTrailPathNotFileSystem), ErrorKind.InvalidArgument, false,
        "a `-Path` on another provider than the file system (a registry key, a variable)");

    public static readonly ErrorDefinition CloudTrailFileUnreadable = new(nameof(CloudTrailFileUnreadable), ErrorKind.ReadError, false,
        "a file that cannot be opened: no permission, a link loop, or a file that vanished between listing and reading");

    public static readonly ErrorDefinition CloudTrailFileInvalidJson = new(nameof(CloudTrailFileInvalidJson), ErrorKind.InvalidData, false,
        "not JSON, or cut short; or one record that is not valid UTF-8, holds half a surrogate pair, or nests deeper than 1,024 levels, which alone is lost. The message names the first bad line or element and counts the others; the good records still come out");

    public static readonly ErrorDefinition CloudTrailFileTruncated = new(nameof(CloudTrailFileTruncated), ErrorKind.InvalidData, false,
        "a gzip file cut short, failing its CRC-32 or length check, or holding corrupt compressed data; the records before a cut still come out, and after a CRC failure they come out but may be damaged");

    public static readonly ErrorDefinition CloudTrailFileEmpty = new(nameof(CloudTrailFileEmpty), ErrorKind.InvalidData, false,
        "an empty file, or one that is not a regular file (a named pipe, a socket, a device): it is never opened");

    public static readonly ErrorDefinition CloudTrailEventTimeInvalid = new(nameof(CloudTrailEventTimeInvalid), ErrorKind.InvalidData, false,
        "an event whose `eventTime` (or `@timestamp`, `p_event_time`) is not a date; the message names the file, the line or element and the eventID, and the event is left out whatever the window");

    public static readonly ErrorDefinition CloudTrailFileNotCloudTrail = new(nameof(CloudTrailFileNotCloudTrail), ErrorKind.InvalidData, false,
        "JSON whose records are not CloudTrail events (they need `eventName`, and `eventSource`, `eventTime` or `userIdentity`)");

    public static readonly ErrorDefinition InvalidTimeWindow = new(nameof(InvalidTimeWindow), ErrorKind.InvalidArgument, true,
        "`-Since` later than `-Until`");

    public static readonly ErrorDefinition MalformedQueryException = new(nameof(MalformedQueryException), ErrorKind.ParserError, true,
        "a query that does not parse, here or in CloudWatch: the message gives the line, the column and the query");

    public static readonly ErrorDefinition QueryNotSupportedLocally = new(nameof(QueryNotSupportedLocally), ErrorKind.InvalidOperation, true,
        "a query with `SOURCE`, `pattern`, `diff` or `anomaly` run over files: these run only in CloudWatch Logs Insights; the target is the command. Nothing is read");

    public static readonly ErrorDefinition CheckpointInvalid = new(nameof(CheckpointInvalid), ErrorKind.InvalidData, true,
        "a corrupt checkpoint, or one from a newer module; it is left as it is");

    public static readonly ErrorDefinition CheckpointQueryMismatch = new(nameof(CheckpointQueryMismatch), ErrorKind.InvalidData, true,
        "a checkpoint written for another query");

    public static readonly ErrorDefinition CheckpointLocked = new(nameof(CheckpointLocked), ErrorKind.ResourceBusy, true,
        "another run held the checkpoint for longer than `-CheckpointLockTimeout`");

    public static readonly ErrorDefinition CheckpointUnwritable = new(nameof(CheckpointUnwritable), ErrorKind.WriteError, true,
        "the checkpoint's folder is missing or not writable");

    public static readonly ErrorDefinition InvalidSetting = new(nameof(InvalidSetting), ErrorKind.InvalidArgument, true,
        "a setting (`Set-IamInsightsOption`, or a session variable such as `$IamInsightsRowLimit`) with a value it cannot take; the target is the value");

    public static readonly ErrorDefinition AwsCredentialsNotFound = new(nameof(AwsCredentialsNotFound), ErrorKind.AuthenticationError, true,
        "no credentials or no region (the message lists every source tried), or a `-Credential` object that gives no keys; the message names the parameter and the object's type");

    public static readonly ErrorDefinition AwsCredentialsIncomplete = new(nameof(AwsCredentialsIncomplete), ErrorKind.InvalidArgument, true,
        "`-AccessKey` without `-SecretKey`, or the reverse; or a PSCredential without a user name or a password");

    public static readonly ErrorDefinition LogGroupNotFound = new(nameof(LogGroupNotFound), ErrorKind.ObjectNotFound, true,
        "a log group that does not exist; the message and the target name the groups queried");

    public static readonly ErrorDefinition QueryNotSplittable = new(nameof(QueryNotSplittable), ErrorKind.LimitsExceeded, true,
        "a Logs Insights query that cannot be cut into pieces under the row limit: `stats`, `sort`, `limit` or `dedup` over more than 50 log groups, or more matches than the row limit within one second");

    public static readonly ErrorDefinition InsightsQueryFailed = new(nameof(InsightsQueryFailed), ErrorKind.OperationStopped, true,
        "a Logs Insights query ended Failed, Cancelled or Timeout; the target is its query id");

    public static readonly ErrorDefinition AwsAccessDenied = new(nameof(AwsAccessDenied), ErrorKind.PermissionDenied, true,
        "expired or unknown credentials, a bad signature, or a denied call");

    public static readonly ErrorDefinition AwsRequestFailed = new(nameof(AwsRequestFailed), ErrorKind.ConnectionError, true,
        "any other AWS error, or no answer, after the retries (throttling and server errors are retried with back-off first)");

    public static readonly ErrorDefinition S3UriInvalid = new(nameof(S3UriInvalid), ErrorKind.InvalidArgument, true,
        "an `-S3Uri` that is not `s3://bucket/prefix`, or a `-BucketName` with a `/`; the target is the value");

    public static readonly ErrorDefinition S3BucketNotFound = new(nameof(S3BucketNotFound), ErrorKind.ObjectNotFound, true,
        "the S3 archive's bucket does not exist; the target is the bucket's name");

    public static readonly ErrorDefinition S3AccessDenied = new(nameof(S3AccessDenied), ErrorKind.PermissionDenied, false,
        "one prefix or object of the S3 archive that cannot be listed or read (s3:ListBucket, s3:GetObject, or kms:Decrypt for its key); the target is its s3:// name, and the rest is still read");

    public static readonly ErrorDefinition S3ObjectUnreadable = new(nameof(S3ObjectUnreadable), ErrorKind.ReadError, false,
        "one prefix or object of the S3 archive that still fails after the retries (throttling, server errors and broken connections are retried with back-off), or that vanished after it was listed; the target is its s3:// name");

    public static readonly ErrorDefinition TrailNotFound = new(nameof(TrailNotFound), ErrorKind.ObjectNotFound, true,
        "a `-Trail` that `cloudtrail:DescribeTrails` does not know in the session's Region, or that delivers to no bucket; the target is the name given");

    public static readonly ErrorDefinition EventHistoryWindowTooOld = new(nameof(EventHistoryWindowTooOld), ErrorKind.InvalidArgument, true,
        "`-Since` more than 90 days ago with CloudTrail Event History, which keeps 90 days; the message points to the S3 archive (`-Path`) and Logs Insights (`-LogGroupName`); the target is the `-Since` time");

    public static readonly ErrorDefinition RegionNotSingle = new(nameof(RegionNotSingle), ErrorKind.InvalidArgument, true,
        "several `-Region` values for CloudWatch Logs, which queries one Region; several are taken only with `-EventHistory`");

    public static readonly ErrorDefinition RegionWildcardMixed = new(nameof(RegionWildcardMixed), ErrorKind.InvalidArgument, true,
        "`-Region *` (every Region enabled in the account) given with Region names as well; the target is the `-Region` values");

    public static readonly ErrorDefinition QueryNotTranslatable = new(nameof(QueryNotTranslatable), ErrorKind.NotImplemented, true,
        "a query sent to Athena with a command, function or field that has no SQL equivalent over the CloudTrail table; the target is the command, function or field. Nothing is sent");

    public static readonly ErrorDefinition AthenaTableInvalid = new(nameof(AthenaTableInvalid), ErrorKind.InvalidArgument, true,
        "an `-AthenaTable` that is not `database.table`, or an `-AthenaOutputLocation` that is not an `s3://` address; the target is the value");

    public static readonly ErrorDefinition AthenaQueryFailed = new(nameof(AthenaQueryFailed), ErrorKind.OperationStopped, true,
        "an Athena query that ended FAILED or CANCELLED, or a call Athena refused as invalid; the message gives Athena's reason and the target is the query execution id");

    public static readonly ErrorDefinition AthenaQuotaExceeded = new(nameof(AthenaQuotaExceeded), ErrorKind.LimitsExceeded, true,
        "Athena still refused the query for too many queries at once or too many calls (TooManyRequestsException) after the retries");
    public static readonly ErrorDefinition ReportInputNotSupported = new(nameof(ReportInputNotSupported), ErrorKind.InvalidType, false,
        "an object piped to `Export-IamInsightsReport` that is not a record of a `Get-Iam…` cmdlet (a string, a row of `Invoke-IamInsightsQuery`, a deserialized record); the message names its type, the target is the object, and the other records still make the report");

    public static readonly ErrorDefinition ReportFileExists = new(nameof(ReportFileExists), ErrorKind.ResourceExists, true,
        "`Export-IamInsightsReport -NoClobber` and the file is there already; the target is the path");

    public static readonly ErrorDefinition ReportPathUnwritable = new(nameof(ReportPathUnwritable), ErrorKind.WriteError, true,
        "`Export-IamInsightsReport` cannot write its `-Path`: the folder is missing, no permission, a folder of that name, a read-only file without `-Force`, or a path on another provider than the file system; the target is the path");

    /// <summary>Every documented error.</summary>
    public static IReadOnlyList<ErrorDefinition> All { get; } = typeof(ErrorCatalog).GetFields()
        .Where(f => f.FieldType == typeof(ErrorDefinition)).Select(f => (ErrorDefinition)f.GetValue(null)!).ToList();

    /// <summary>The definition of an ErrorId; an id that is not in the catalog is a defect, so it throws.</summary>
    public static ErrorDefinition Get(string id) =>
        All.FirstOrDefault(e => e.Id == id) ?? throw new ArgumentException($"'{id}' is not a documented ErrorId.", nameof(id));
}
