using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Checkpoints;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

public class CheckpointTests
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(20);
    private static readonly CatalogEntry CreateUser = IamCatalog.Get("Get-IamCreateUserEvent");

    private static DateTime At(string time) => DateTime.Parse("2026-11-27T" + time + ":00Z").ToUniversalTime();

    private static string Event(string id, string time) =>
        Events.Make("CreateUser", "2026-11-27T" + time + ":00Z", request: "{\"userName\":\"" + id + "\"}").Replace(
            "\"eventID\":\"", "\"eventID\":\"" + id + "-");

    /// <summary>One scheduled run: the users it reports, in order. <paramref name="stopAfter"/> simulates a crash.</summary>
    private static List<string> Run(TestFiles files, string checkpoint, DateTime now, int? stopAfter = null, TimeSpan? lockTimeout = null,
        Action? whileHoldingLock = null)
    {
        var reported = new List<string>();
        using var run = CheckpointRun.Start(checkpoint, CreateUser.Command, TimeWindow.All, Overlap, lockTimeout ?? TimeSpan.FromSeconds(5), now, CancellationToken.None);
        var source = new FileSource(new[] { Path.Combine(files.Folder, "logs") });
        foreach (var row in source.Run(CreateUser.Query, run.Window, new RecordingObserver(), CancellationToken.None))
        {
            if (!run.ShouldReport(row)) continue;
            if (stopAfter == reported.Count) return reported;
            reported.Add(row.GetText("CreatedUser")!);
        }
        whileHoldingLock?.Invoke();
        run.Complete(advance: true);
        return reported;
    }

    [Fact]
    public void Late_files_inside_the_overlap_are_reported_once_across_runs()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        files.Write("logs/1.json", Events.Records(Event("u1", "09:00"), Event("u2", "09:30"), Event("u3", "09:50")));
        var run1 = Run(files, checkpoint, At("10:00"));
        Assert.Equal(new[] { "u1", "u2", "u3" }, run1);

        // Delivered late: u4 happened before run 1 ended, inside the overlap.
        files.Write("logs/2.json", Events.Records(Event("u4", "09:55"), Event("u5", "10:10")));
        var run2 = Run(files, checkpoint, At("10:20"));
        Assert.Equal(new[] { "u4", "u5" }, run2);

        files.Write("logs/3.json", Events.Records(Event("u6", "10:05"), Event("u7", "10:25")));
        var run3 = Run(files, checkpoint, At("10:40"));
        Assert.Equal(new[] { "u6", "u7" }, run3);

        var run4 = Run(files, checkpoint, At("11:00"));
        Assert.Empty(run4);

        var all = run1.Concat(run2).Concat(run3).Concat(run4).ToList();
        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Equal(7, all.Count);
    }

    [Fact]
    public void A_larger_overlap_than_the_last_run_is_flagged()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        files.Write("logs/1.json", Events.Records(Event("u1", "09:00")));
        Run(files, checkpoint, At("10:00"));
        using var run = CheckpointRun.Start(checkpoint, CreateUser.Command, TimeWindow.All, TimeSpan.FromHours(2), TimeSpan.FromSeconds(5), At("11:00"), CancellationToken.None);
        Assert.Equal(At("08:00"), run.Window.SinceUtc);
        Assert.Equal(At("09:40"), run.ForgottenBefore);
    }

    [Fact]
    public void A_run_that_dies_midway_is_repeated_and_nothing_is_lost()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        files.Write("logs/1.json", Events.Records(Event("u1", "09:00"), Event("u2", "09:30")));
        Assert.Equal(new[] { "u1", "u2" }, Run(files, checkpoint, At("10:00")));

        files.Write("logs/2.json", Events.Records(Event("u3", "10:05"), Event("u4", "10:06"), Event("u5", "10:07"), Event("u6", "10:08")));
        var crashed = Run(files, checkpoint, At("10:20"), stopAfter: 2);
        Assert.Equal(new[] { "u3", "u4" }, crashed);

        var again = Run(files, checkpoint, At("10:30"));
        Assert.Equal(new[] { "u3", "u4", "u5", "u6" }, again);
        Assert.Empty(Run(files, checkpoint, At("10:40")));
    }

    [Fact]
    public async Task A_concurrent_run_waits_for_the_first_and_does_not_report_twice()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        files.Write("logs/1.json", Events.Records(Event("u1", "09:50"), Event("u2", "09:55")));
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => Run(files, checkpoint, At("10:00"), whileHoldingLock: () =>
        {
            holding.Set();
            release.Wait(TimeSpan.FromMinutes(2));
        }));
        Assert.True(holding.Wait(TimeSpan.FromMinutes(2)));
        var second = Task.Run(() => Run(files, checkpoint, At("10:00"), lockTimeout: TimeSpan.FromMinutes(2)));
        Thread.Sleep(300);
        Assert.False(second.IsCompleted);
        release.Set();
        Assert.Equal(new[] { "u1", "u2" }, await first);
        Assert.Empty(await second);
        Assert.Equal(2, CheckpointState.Read(checkpoint).Seen.Count);
    }

    [Fact]
    public void A_run_that_cannot_get_the_lock_in_time_fails_clearly()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        using var held = CheckpointRun.Start(checkpoint, "q", TimeWindow.All, Overlap, TimeSpan.FromSeconds(1), At("10:00"), CancellationToken.None);
        var error = Assert.Throws<CheckpointException>(() =>
            CheckpointRun.Start(checkpoint, "q", TimeWindow.All, Overlap, TimeSpan.FromMilliseconds(300), At("10:00"), CancellationToken.None));
        Assert.Equal(CheckpointException.LockedId, error.ErrorId);
        Assert.Contains(checkpoint, error.Message);
    }

    [Theory]
    [InlineData("{not json", "is not a valid IamInsights checkpoint")]
    [InlineData("{\"version\": 99, \"query\": \"Get-IamCreateUserEvent\", \"readUntil\": null, \"seenSince\": null, \"seen\": []}", "written by a newer IamInsights")]
    [InlineData("{\"query\": \"Get-IamCreateUserEvent\"}", "it has no version field")]
    [InlineData("{\"version\": 1, \"query\": \"Get-IamCreateUserEvent\", \"readUntil\": \"soon\", \"seenSince\": null, \"seen\": []}", "readUntil 'soon' is not a time")]
    public void A_bad_checkpoint_is_refused_and_left_as_it_is(string content, string fragment)
    {
        using var files = new TestFiles();
        string checkpoint = files.Write("cp.json", content);
        var error = Assert.Throws<CheckpointException>(() => Run(files, checkpoint, At("10:00")));
        Assert.Equal(CheckpointException.InvalidId, error.ErrorId);
        Assert.Contains(fragment, error.Message);
        Assert.Contains(checkpoint, error.Message);
        Assert.Equal(content, File.ReadAllText(checkpoint));
        // The lock is released: a fixed checkpoint works at once.
        File.Delete(checkpoint);
        files.Write("logs/1.json", Events.Records(Event("u1", "09:00")));
        Assert.Single(Run(files, checkpoint, At("10:00")));
    }

    [Fact]
    public void A_checkpoint_of_another_query_is_refused()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        new CheckpointState("Get-IamDeleteUserEvent", null, null, new Dictionary<string, DateTime>()).Write(checkpoint);
        var error = Assert.Throws<CheckpointException>(() => Run(files, checkpoint, At("10:00")));
        Assert.Equal(CheckpointException.QueryMismatchId, error.ErrorId);
    }

    [Fact]
    public void The_checkpoint_is_small_readable_json_with_a_version()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        files.Write("logs/1.json", Events.Records(Event("u1", "09:00"), Event("u2", "09:50")));
        Run(files, checkpoint, At("10:00"));
        string text = File.ReadAllText(checkpoint);
        using var document = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(1, document.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("Get-IamCreateUserEvent", document.RootElement.GetProperty("query").GetString());
        Assert.Equal("2026-11-27T10:00:00.0000000Z", document.RootElement.GetProperty("readUntil").GetString());
        Assert.Equal("2026-11-27T09:40:00.0000000Z", document.RootElement.GetProperty("seenSince").GetString());
        // Only u2 falls inside the overlap; u1 is before the next window and need not be kept.
        var seen = document.RootElement.GetProperty("seen").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Single(seen);
        Assert.StartsWith("u2-", seen[0]);
        Assert.Contains("\n", text);
        Assert.Empty(Directory.GetFiles(files.Folder, "*.tmp"));
    }

    [Fact]
    public void A_run_with_unreadable_input_does_not_move_the_checkpoint()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        files.Write("logs/1.json", Events.Records(Event("u1", "09:00")));
        Run(files, checkpoint, At("10:00"));
        using (var run = CheckpointRun.Start(checkpoint, CreateUser.Command, TimeWindow.All, Overlap, TimeSpan.FromSeconds(5), At("11:00"), CancellationToken.None))
        {
            Assert.Equal(At("09:40"), run.Window.SinceUtc);
            Assert.Equal(At("10:00"), run.Complete(advance: false));
        }
        var state = CheckpointState.Read(checkpoint);
        Assert.Equal(At("10:00"), state.ReadUntilUtc);
        Assert.Equal(At("09:40"), state.SeenSinceUtc);
    }
}
