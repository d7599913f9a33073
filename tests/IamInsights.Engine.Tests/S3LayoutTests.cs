using System;
using System.Text.Json;
using IamInsights.Errors;
using IamInsights.Sources;
using IamInsights.Sources.S3;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The parts of the S3 archive source that need no server: locations, keys and the eventID set.</summary>
public sealed class S3LayoutTests
{
    [Theory]
    [InlineData("s3://bucket", "bucket", "", "bucket/AWSLogs/")]
    [InlineData("s3://bucket/", "bucket", "", "bucket/AWSLogs/")]
    [InlineData("s3://bucket/org/trail", "bucket", "org/trail/", "bucket/org/trail/AWSLogs/")]
    [InlineData("s3://bucket/org/AWSLogs/", "bucket", "org/", "bucket/org/AWSLogs/")]
    public void An_S3_uri_gives_the_bucket_and_the_prefix_before_AWSLogs(string uri, string bucket, string prefix, string logs)
    {
        var location = S3Location.Parse(uri);
        Assert.Equal(bucket, location.Bucket);
        Assert.Equal(prefix, location.KeyPrefix);
        Assert.Equal(logs, location.Bucket + "/" + location.LogsPrefix);
    }

    [Theory]
    [InlineData("https://bucket/prefix")]
    [InlineData("s3://")]
    [InlineData("bucket/prefix")]
    public void Anything_else_is_an_invalid_uri_naming_it(string uri)
    {
        var error = Assert.Throws<IamInsightsException>(() => S3Location.Parse(uri));
        Assert.Equal(ErrorCatalog.S3UriInvalid, error.Error);
        Assert.Equal(uri, error.Target);
        Assert.Contains(uri, error.Message);
    }

    [Theory]
    [InlineData("p/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T0815Z_abc.json.gz", true)]
    [InlineData("p/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/README.txt", false)]
    [InlineData("p/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/20/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261120T0815Z.json.gz", false)]
    [InlineData("p/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T0815Z_abc.json.gz.tmp", false)]
    public void Only_CloudTrail_log_files_are_log_keys(string key, bool log) => Assert.Equal(log, S3ArchiveWalker.IsLogKey(key));

    private static CloudTrailRecord Record(string id, string time) =>
        new(JsonDocument.Parse($"{{\"eventID\":\"{id}\",\"eventTime\":\"{time}\",\"eventName\":\"CreateUser\"}}").RootElement, "", "", 0);

    [Fact]
    public void An_event_id_is_let_out_once_until_its_day_is_forgotten()
    {
        var set = new EventIdSet();
        string guid = Guid.NewGuid().ToString();
        Assert.True(set.Add(Record(guid, "2026-11-20T23:59:00Z")));
        Assert.False(set.Add(Record(guid, "2026-11-20T23:59:00Z")));
        Assert.True(set.Add(Record("not-a-guid", "2026-11-21T00:01:00Z")));
        Assert.False(set.Add(Record("not-a-guid", "2026-11-21T00:01:00Z")));
        Assert.Equal(2, set.Count);
        set.ForgetBefore(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(1, set.Count);
        Assert.True(set.Add(Record(guid, "2026-11-20T23:59:00Z")));
    }
}
