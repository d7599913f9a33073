using System;
using System.Management.Automation;
using IamInsights.Completion;
using IamInsights.Running;

namespace IamInsights.Commands;

/// <summary>The parameters every query cmdlet shares: the sources (files, CloudWatch Logs, Event History, with AWS.Tools' credential parameters), the window and the checkpoint.</summary>
public abstract partial class QueryCommandBase
{
    /// <summary>CloudTrail log files or folders (searched recursively). Wildcards are allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>CloudTrail log files or folders, taken literally; binds from Get-ChildItem output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>CloudWatch Logs log groups that a CloudTrail trail delivers to, by name or ARN, queried with Logs Insights.</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[]? LogGroupName { get; set; }

    /// <summary>Queries every log group whose name starts with one of these (logs:DescribeLogGroups), besides -LogGroupName.</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [ValidateNotNullOrEmpty]
    public string[]? LogGroupNamePrefix { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string? ProfileName { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNullOrEmpty]
    public string? ProfileLocation { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    /// <summary>The secret access key, as a string or a SecureString.</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [SecretArgument]
    [ValidateNotNullOrEmpty]
    public object? SecretKey { get; set; }

    /// <summary>The session token of temporary credentials, as a string or a SecureString.</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [SecretArgument]
    [ValidateNotNullOrEmpty]
    public object? SessionToken { get; set; }

    /// <summary>
    /// An AWSCredentials object, such as AWS.Tools' Get-AWSCredential gives (asked for its keys at every request, so it
    /// keeps refreshing), or a PSCredential whose user name is the access key and whose password is the secret key.
    /// </summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNull]
    public object? Credential { get; set; }

    /// <summary>Another endpoint for CloudWatch Logs, CloudTrail and S3, such as a local emulator (S3 is then addressed path-style).</summary>
    [Parameter(ParameterSetName = LogGroupSet)]
    [Parameter(ParameterSetName = EventHistorySet)]
    [Parameter(ParameterSetName = S3UriSet)]
    [Parameter(ParameterSetName = S3BucketSet)]
    [Parameter(ParameterSetName = S3TrailSet)]
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNull]
    public Uri? EndpointUrl { get; set; }

    /// <summary>CloudTrail Event History (cloudtrail:LookupEvents): the management events of the last 90 days, in any account.</summary>
    [Parameter(Mandatory = true, ParameterSetName = EventHistorySet)]
    public SwitchParameter EventHistory { get; set; }

    /// <summary>The Amazon Athena CloudTrail table to query, as 'database.table' (New-IamInsightsAthenaTable makes one).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AthenaSet)]
    [ValidateNotNullOrEmpty]
    public string? AthenaTable { get; set; }

    /// <summary>The Athena workgroup to run the query in; the primary workgroup when not given.</summary>
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(WorkGroupCompleter))]
    public string? AthenaWorkGroup { get; set; }

    /// <summary>The s3:// location where Athena writes the query's results; needed unless the workgroup sets one.</summary>
    [Parameter(ParameterSetName = AthenaSet)]
    [ValidateNotNullOrEmpty]
    public string? AthenaOutputLocation { get; set; }

    /// <summary>Only events at or after this time. A time without a kind is local time, as Get-Date gives.</summary>
    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only events at or before this time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>A checkpoint file: later runs read on from where the last one ended and never repeat a result.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Checkpoint { get; set; }

    /// <summary>How far before the last run's end a checkpointed run starts reading, to catch late deliveries.</summary>
    [Parameter]
    public TimeSpan CheckpointOverlap { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How long to wait for another run that holds the checkpoint.</summary>
    [Parameter]
    public TimeSpan CheckpointLockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>CloudTrail's S3 archive, read in place: s3://bucket/prefix, the prefix being the trail's S3KeyPrefix (the part before AWSLogs/).</summary>
    [Parameter(Mandatory = true, ParameterSetName = S3UriSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(S3UriCompleter))]
    public string? S3Uri { get; set; }

    /// <summary>The bucket of CloudTrail's S3 archive, read in place.</summary>
    [Parameter(Mandatory = true, ParameterSetName = S3BucketSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BucketNameCompleter))]
    public string? BucketName { get; set; }

    /// <summary>The trail's S3KeyPrefix in -BucketName: the part of the keys before AWSLogs/.</summary>
    [Parameter(ParameterSetName = S3BucketSet)]
    [ValidateNotNull]
    public string? KeyPrefix { get; set; }

    /// <summary>A trail (name or ARN) whose S3 archive is read in place: cloudtrail:DescribeTrails gives its S3BucketName and S3KeyPrefix.</summary>
    [Parameter(Mandatory = true, ParameterSetName = S3TrailSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(TrailNameCompleter))]
    public string? Trail { get; set; }

    /// <summary>The catalog cmdlets' -AccountId: the accounts whose S3 archive folders are read, and Athena's account partitions.</summary>
    protected virtual string[]? ArchiveAccountIds => null;

    /// <summary>The source parameters as plain values, for <see cref="SourceFactory"/>.</summary>
    private SourceParameters GetSourceParameters(bool remote) => new()
    {
        Paths = remote ? null : paths,
        LogGroupName = LogGroupName,
        LogGroupNamePrefix = LogGroupNamePrefix,
        ProfileName = ProfileName,
        ProfileLocation = ProfileLocation,
        Region = Region,
        EventHistory = EventHistory.IsPresent,
        AccessKey = AccessKey,
        SecretKey = AwsCredentialArguments.Text(SecretKey),
        SessionToken = AwsCredentialArguments.Text(SessionToken),
        Credential = AwsCredentialArguments.Credential(Credential),
        EndpointUrl = EndpointUrl,
        S3Uri = S3Uri,
        BucketName = BucketName,
        KeyPrefix = KeyPrefix,
        Trail = Trail,
        AccountId = ArchiveAccountIds,
        AthenaTable = AthenaTable,
        AthenaWorkGroup = AthenaWorkGroup,
        AthenaOutputLocation = AthenaOutputLocation,
        Variable = name => Unwrap(SessionState.PSVariable.GetValue(name)),
    };

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
