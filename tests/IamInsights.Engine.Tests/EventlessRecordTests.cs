using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using IamInsights.Checkpoints;
using IamInsights.Sources.Files;
using Xunit;

namespace IamInsights.Tests;

/// <summary>Old eventVersion 1.0 records, which have no eventID (nor eventType): read, and never taken for each other.</summary>
public class EventlessRecordTests
{
    private static readonly CatalogEntry CreateUser = IamCatalog.Get("Get-IamCreateUserEvent");

    private static DateTime At(string time) => DateTime.Parse("2014-03-10T" + time + ":00Z").ToUniversalTime();

    /// <summary>A CreateUser as CloudTrail wrote it in 2014: eventVersion 1.0, no eventID, no eventType.</summary>
    private static string OldCreateUser(string user, string time) =>
        "{\"eventVersion\":\"1.0\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLEOLD\"," +
        "\"arn\":\"arn:aws:iam::111122223333:user/admin\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLEOLD\",\"userName\":\"admin\"}," +
        "\"eventTime\":\"2014-03-10T" + time + ":00Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\"," +
        "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.44\",\"userAgent\":\"aws-cli/1.2.13\"," +
        "\"requestParameters\":{\"userName\":\"" + user + "\"},\"responseElements\":null}";

    /// <summary>One scheduled run over logs/: the users it reports, in the order read.</summary>
    private static List<string> Run(TestFiles files, string checkpoint, DateTime now)
    {
        var reported = new List<string>();
        using var run = CheckpointRun.Start(checkpoint, CreateUser.Command, TimeWindow.All, TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(5), now,
            CancellationToken.None);
        var source = new FileSource(new[] { Path.Combine(files.Folder, "logs") });
        foreach (var row in source.Run(CreateUser.Query, run.Window, new RecordingObserver(), CancellationToken.None))
        {
            if (run.ShouldReport(row)) reported.Add(row.GetText("CreatedUser")!);
        }
        run.Complete(advance: true);
        return reported;
    }

    [Fact]
    public void Records_without_event_id_are_read_with_no_event_id()
    {
        using var files = new TestFiles();
        files.Write("logs/1.json", Events.Records(OldCreateUser("u1", "09:00"), OldCreateUser("u2", "09:01")));
        var observer = new RecordingObserver();
        var rows = new FileSource(new[] { Path.Combine(files.Folder, "logs") })
            .Run(CreateUser.Query, TimeWindow.All, observer, CancellationToken.None).ToList();
        Assert.Equal(new[] { "u1", "u2" }, rows.Select(r => r.GetText("CreatedUser")).OrderBy(u => u));
        Assert.All(rows, r => Assert.Null(r.GetText("eventID")));
        Assert.Empty(observer.Problems);
    }

    [Fact]
    public void Identical_records_without_event_id_are_each_reported_once_across_runs()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        // Two calls that CloudTrail recorded the same to the second, and one other.
        files.Write("logs/1.json", Events.Records(OldCreateUser("temp", "09:50"), OldCreateUser("temp", "09:50"), OldCreateUser("ops", "09:55")));
        Assert.Equal(new[] { "ops", "temp", "temp" }, Run(files, checkpoint, At("10:00")).OrderBy(u => u));

        // The next run's overlap reads them again: none is reported twice.
        Assert.Empty(Run(files, checkpoint, At("10:05")));

        // A third identical call, delivered late inside the overlap, is one more, and is reported once.
        files.Write("logs/2.json", Events.Records(OldCreateUser("temp", "09:50")));
        Assert.Equal(new[] { "temp" }, Run(files, checkpoint, At("10:08")));
        Assert.Empty(Run(files, checkpoint, At("10:09")));

        Assert.Equal(4, CheckpointState.Read(checkpoint).Seen.Count);
    }

    [Fact]
    public void Records_without_event_id_do_not_change_how_records_with_one_are_kept_apart()
    {
        using var files = new TestFiles();
        string checkpoint = Path.Combine(files.Folder, "cp.json");
        string withId = OldCreateUser("carol", "09:45").Replace("\"responseElements\":null", "\"responseElements\":null,\"eventID\":\"0b5f3e7c-1111-4aaa-9bbb-123456789abc\"");
        // The same event delivered by two trails counts once; the record without eventID beside it is still reported.
        files.Write("logs/a.json", Events.Records(withId, OldCreateUser("carol", "09:45")));
        files.Write("logs/b.json", Events.Records(withId));
        Assert.Equal(new[] { "carol", "carol" }, Run(files, checkpoint, At("10:00")));
        Assert.Empty(Run(files, checkpoint, At("10:10")));
    }
}
