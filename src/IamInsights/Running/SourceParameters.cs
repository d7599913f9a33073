using System;
using System.Collections.Generic;

namespace IamInsights.Running;

/// <summary>
/// What a cmdlet was given about where to read: its parameters and the session variables of AWS.Tools' and this
/// module's conventions, as plain values. No AWS type appears here, so reading files never loads the AWS assemblies.
/// </summary>
internal sealed class SourceParameters
{
    /// <summary>The files and folders to read; null when the cmdlet reads a remote source.</summary>
    public IReadOnlyList<string>? Paths { get; set; }

    public IReadOnlyList<string>? LogGroupName { get; set; }

    public IReadOnlyList<string>? LogGroupNamePrefix { get; set; }

    public string? ProfileName { get; set; }

    public string? ProfileLocation { get; set; }

    /// <summary>-Region: one for CloudWatch Logs; one or more, or * alone for every Region enabled in the account, for Event History.</summary>
    public IReadOnlyList<string>? Region { get; set; }

    /// <summary>-EventHistory: read CloudTrail Event History.</summary>
    public bool EventHistory { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string? SessionToken { get; set; }

    public object? Credential { get; set; }

    public Uri? EndpointUrl { get; set; }

    /// <summary>-S3Uri: CloudTrail's S3 archive at s3://bucket/prefix.</summary>
    public string? S3Uri { get; set; }

    /// <summary>-BucketName, with -KeyPrefix: CloudTrail's S3 archive in that bucket.</summary>
    public string? BucketName { get; set; }

    public string? KeyPrefix { get; set; }

    /// <summary>-Trail: the S3 archive of that trail.</summary>
    public string? Trail { get; set; }

    /// <summary>-AccountId of the catalog cmdlets, which narrows the S3 archive's walk and becomes an Athena partition predicate.</summary>
    public IReadOnlyList<string>? AccountId { get; set; }

    /// <summary>Whether the S3 archive is read.</summary>
    public bool S3Archive => S3Uri != null || BucketName != null || Trail != null;

    /// <summary>-AthenaTable 'database.table': read the Athena CloudTrail table.</summary>
    public string? AthenaTable { get; set; }

    public string? AthenaWorkGroup { get; set; }

    public string? AthenaOutputLocation { get; set; }

    /// <summary>Reads a session variable ($StoredAWSCredentials, $IamInsightsRowLimit...), unwrapped; null when unset.</summary>
    public Func<string, object?> Variable { get; set; } = _ => null;
}
