namespace IamInsights.Aws;

/// <summary>What DescribeTrails says of a trail: where it delivers.</summary>
public sealed class TrailDescription
{
    public TrailDescription(string? name, string? trailArn, string? s3BucketName, string? s3KeyPrefix, string? cloudWatchLogsLogGroupArn)
    {
        Name = name;
        TrailArn = trailArn;
        S3BucketName = s3BucketName;
        S3KeyPrefix = s3KeyPrefix;
        CloudWatchLogsLogGroupArn = cloudWatchLogsLogGroupArn;
    }

    public string? Name { get; }

    public string? TrailArn { get; }

    public string? S3BucketName { get; }

    public string? S3KeyPrefix { get; }

    public string? CloudWatchLogsLogGroupArn { get; }
}
