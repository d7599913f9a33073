namespace IamInsights.Aws;

/// <summary>Where the S3 archive is, as the cmdlet was told: one of an s3:// URI, a bucket with a key prefix, or a trail.</summary>
public sealed class S3ArchiveRequest
{
    public string? S3Uri { get; set; }

    public string? BucketName { get; set; }

    public string? KeyPrefix { get; set; }

    /// <summary>A trail's name or ARN, whose S3BucketName and S3KeyPrefix are read with cloudtrail:DescribeTrails.</summary>
    public string? Trail { get; set; }
}
