using System;
using System.IO;
using System.Linq;
using System.Threading;
using IamInsights.Records;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

public class FileSourceTests
{
    private static readonly string SampleFolder = Path.Combine(AppContext.BaseDirectory, "Sample", "AWSLogs");

    private static IamEvent[] RunCatalog(string command, string path, TimeWindow? window = null, RecordingObserver? observer = null)
    {
        var entry = IamCatalog.Get(command);
        var source = new FileSource(new[] { path });
        return source.Run(entry.Query, window ?? TimeWindow.All, observer ?? new RecordingObserver(), CancellationToken.None)
            .Select(entry.CreateRecord).ToArray();
    }

    [Theory]
    [InlineData("Get-IamCreateUserEvent", 2)]
    [InlineData("Get-IamDeleteUserEvent", 2)]
    [InlineData("Get-IamAddUserToGroupEvent", 1)]
    [InlineData("Get-IamRemoveUserFromGroupEvent", 1)]
    [InlineData("Get-IamPutUserPermissionsBoundaryEvent", 1)]
    [InlineData("Get-IamDeleteUserPermissionsBoundaryEvent", 1)]
    [InlineData("Get-IamPutUserPolicyEvent", 1)]
    [InlineData("Get-IamDetachUserPolicyEvent", 1)]
    [InlineData("Get-IamSwitchRoleEvent", 2)]
    [InlineData("Get-IamUserPolicyChange", 6)]
    public void Every_catalog_query_finds_its_events_in_the_sample(string command, int expected)
    {
        var observer = new RecordingObserver();
        var records = RunCatalog(command, SampleFolder, observer: observer);
        Assert.Empty(observer.Problems);
        Assert.Equal(expected, records.Length);
        Assert.All(records, r => Assert.Contains(r.EventName, IamCatalog.Get(command).EventNames));
    }

    [Fact]
    public void Files_are_read_in_path_order_so_the_s3_layout_comes_out_chronologically()
    {
        var times = RunCatalog("Get-IamUserPolicyChange", SampleFolder).Select(r => r.EventTime).ToArray();
        Assert.Equal(times.OrderBy(t => t), times);
    }

    [Fact]
    public void The_time_window_is_inclusive_and_in_utc()
    {
        var window = new TimeWindow(new DateTime(2026, 11, 20, 9, 31, 17, DateTimeKind.Utc), new DateTime(2026, 11, 21, 8, 3, 44, DateTimeKind.Utc));
        var records = RunCatalog("Get-IamUserPolicyChange", SampleFolder, window);
        Assert.Equal(new[] { "AttachUserPolicy", "PutUserPermissionsBoundary", "DetachUserPolicy", "DeleteUserPermissionsBoundary" },
            records.Select(r => r.EventName));
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new TimeWindow(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Contains("Since (2026-02-01 00:00:00Z) is later than Until (2026-01-01 00:00:00Z)", error.Message);
    }

    [Fact]
    public void Folders_are_searched_recursively_for_log_files_skipping_digests_and_other_files()
    {
        using var files = new TestFiles();
        files.Write("a/b/one.json", Events.Records(Events.Make("CreateUser")));
        files.WriteGzip("a/two.json.gz", Events.Records(Events.Make("CreateUser")));
        files.Write("a/notes.txt", "not a log");
        files.WriteGzip("CloudTrail-Digest/d.json.gz", "{\"awsAccountId\":\"1\"}");
        var observer = new RecordingObserver();
        Assert.Equal(2, RunCatalog("Get-IamCreateUserEvent", files.Folder, observer: observer).Length);
        Assert.Empty(observer.Problems);
    }

    [Fact]
    public void A_bad_file_is_reported_once_and_the_other_files_are_read_in_full()
    {
        using var files = new TestFiles();
        files.Write("1.json", Events.Records(Events.Make("CreateUser"), Events.Make("CreateUser")));
        string bad = files.Write("2.json", "{\"Records\": [");
        files.Write("3.json", Events.Records(Events.Make("CreateUser")));
        var observer = new RecordingObserver();
        Assert.Equal(3, RunCatalog("Get-IamCreateUserEvent", files.Folder, observer: observer).Length);
        Assert.Equal(bad, Assert.Single(observer.Problems).Target);
    }

    [Fact]
    public void A_missing_path_is_reported_as_not_found()
    {
        var observer = new RecordingObserver();
        Assert.Empty(RunCatalog("Get-IamCreateUserEvent", "/no/such/path", observer: observer));
        var problem = Assert.Single(observer.Problems);
        Assert.Equal(FileSource.NotFoundId, problem.ErrorId);
        Assert.Equal(ProblemKind.NotFound, problem.Kind);
    }

    [Fact]
    public void Cancellation_stops_the_read()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var source = new FileSource(new[] { SampleFolder });
        Assert.Throws<OperationCanceledException>(() =>
            source.Run("fields eventName", TimeWindow.All, new RecordingObserver(), cancellation.Token).ToList());
    }
}
