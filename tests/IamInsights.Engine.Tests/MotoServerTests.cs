using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Sources.CloudWatch;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The client against moto_server, a third-party AWS emulator that speaks CloudWatch Logs' wire protocol.</summary>
public sealed class MotoServerTests : IDisposable
{
    private readonly MotoServer? moto;

    public MotoServerTests()
    {
        if (MotoServer.Available) moto = MotoServer.Start();
    }

    /// <summary>Skips the test when moto_server or the AWS CLI is not installed; build.ps1 fails a skip under CI.</summary>
    private void RequireMoto() => Skip.If(moto == null, "moto_server or the AWS CLI is not on PATH.");

    private Uri Endpoint => moto!.Endpoint;

    private LogsInsightsHttpClient Client => new(new AwsJsonClient(new BasicAWSCredentials("AKIAMOTO", "moto-secret"), "us-east-1"), "us-east-1", Endpoint);

    [SkippableFact]
    public async System.Threading.Tasks.Task Events_put_into_a_log_group_come_back_from_a_query_and_the_group_is_described()
    {
        RequireMoto();
        var now = DateTime.UtcNow;
        Aws("logs", "create-log-group", "--log-group-name", "/aws/cloudtrail/moto");
        Aws("logs", "create-log-stream", "--log-group-name", "/aws/cloudtrail/moto", "--log-stream-name", "111122223333_CloudTrail_us-east-1");
        string events = Path.Combine(Path.GetTempPath(), "iaminsights-moto-" + Guid.NewGuid().ToString("N") + ".json");
        long millis = InsightsQueryRunner.ToEpochSeconds(now) * 1000;
        File.WriteAllText(events, JsonSerializer.Serialize(Enumerable.Range(0, 3).Select(i => new
        {
            timestamp = millis + i,
            message = Events.Make("CreateUser", now.AddMilliseconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), request: "{\"userName\":\"moto" + i + "\"}"),
        })));
        try
        {
            Aws("logs", "put-log-events", "--log-group-name", "/aws/cloudtrail/moto", "--log-stream-name", "111122223333_CloudTrail_us-east-1",
                "--log-events", "file://" + events);
        }
        finally
        {
            File.Delete(events);
        }

        Assert.Contains("/aws/cloudtrail/moto", await Client.DescribeLogGroupsAsync("/aws/cloudtrail", CancellationToken.None));
        var rows = new InsightsQueryRunner(Client, new InsightsRunnerOptions { PollStart = TimeSpan.FromMilliseconds(20) })
            .Run("fields @timestamp, @message | sort @timestamp desc | limit 20", new[] { "/aws/cloudtrail/moto" },
                new TimeWindow(now.AddHours(-1), now.AddHours(1)), new RecordingObserver(), CancellationToken.None)
            .ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Contains("\"CreateUser\"", r.GetText("@message")));
        Assert.Equal(new[] { "@timestamp", "@message" }, rows[0].Columns);
    }

    [SkippableFact]
    public void A_missing_log_group_is_an_error_naming_it()
    {
        RequireMoto();
        var now = DateTime.UtcNow;
        var error = Assert.Throws<AwsServiceException>(() => new InsightsQueryRunner(Client)
            .Run("fields @timestamp", new[] { "/no/such/group" }, new TimeWindow(now.AddHours(-1), now), new RecordingObserver(), CancellationToken.None).ToList());
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    private void Aws(params string[] arguments) => moto!.Aws("AKIAMOTO", "moto-secret", arguments);

    public void Dispose() => moto?.Dispose();
}
