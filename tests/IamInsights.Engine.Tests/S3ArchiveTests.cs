using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using IamInsights.Aws;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.Files;
using IamInsights.Sources.S3;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// The S3 archive source against moto_server's S3 (a third-party emulator), filled by the AWS CLI with an organization
/// trail's layout (<see cref="CloudTrailArchiveLayout"/>); faults come from <see cref="S3FaultProxy"/> between the two.
/// </summary>
public sealed class S3ArchiveTests : IDisposable
{
    private const string Bucket = "trail-archive";
    private const string AccessKey = "AKIAMOTO";
    private const string SecretKey = "moto-secret";

    private readonly MotoServer? moto;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "iaminsights-s3-" + Guid.NewGuid().ToString("N"));
    private readonly CloudTrailArchiveLayout? layout;

    public S3ArchiveTests()
    {
        if (!MotoServer.Available || !AwsCli.OnPath("jq") || !AwsCli.OnPath("zcat")) return;
        moto = MotoServer.Start();
        layout = new CloudTrailArchiveLayout(folder);
        moto.Aws(AccessKey, SecretKey, "s3api", "create-bucket", "--bucket", Bucket);
        moto.Aws(AccessKey, SecretKey, "s3", "cp", "--recursive", "--quiet", folder, $"s3://{Bucket}/");
    }

    /// <summary>Skips when moto_server, the AWS CLI, jq or zcat is missing; build.ps1 fails a skip under CI.</summary>
    private void RequirePeers() => Skip.If(moto == null, "moto_server, the AWS CLI, jq or zcat is not on PATH.");

    private CloudTrailArchiveLayout Layout => layout!;

    private static readonly TimeWindow WholeArchive = new(CloudTrailArchiveLayout.FirstDay.AddDays(-1), CloudTrailArchiveLayout.FirstDay.AddDays(CloudTrailArchiveLayout.Days + 2));

    private IQuerySource Source(Uri endpoint, S3SourceOptions? options = null, string? uri = null, string? trail = null) =>
        RemoteSourceFactory.CreateS3(
            new AwsSettings { AccessKey = AccessKey, SecretKey = SecretKey, Region = "us-east-1", EndpointUrl = endpoint },
            new S3ArchiveRequest { S3Uri = trail == null ? uri ?? $"s3://{Bucket}/{CloudTrailArchiveLayout.Prefix}" : null, Trail = trail },
            options ?? new S3SourceOptions(), _ => { }, CancellationToken.None);

    private static List<ResultRow> Run(IQuerySource source, QueryAst query, TimeWindow window, IQueryObserver? observer = null) =>
        source.Run(new QueryRequest(query, window), observer ?? new RecordingObserver(), CancellationToken.None).ToList();

    private static string[] EventIds(IEnumerable<ResultRow> rows) => rows.Select(r => r.GetText("eventID")!).OrderBy(id => id, StringComparer.Ordinal).ToArray();

    private static string[] Sorted(IEnumerable<string> ids) => ids.OrderBy(id => id, StringComparer.Ordinal).ToArray();

    private static readonly QueryAst AllEvents = UserQuery.Parse("fields eventID, eventName");

    [SkippableFact]
    public void Every_catalog_query_over_the_bucket_gives_the_records_of_the_same_files_read_locally_each_event_once()
    {
        RequirePeers();
        using var proxy = new S3FaultProxy(moto!.Endpoint);
        var source = Source(proxy.Endpoint);
        int local = 0, remote = 0;
        foreach (var entry in IamCatalog.Entries)
        {
            string Describe(IamInsights.Records.IamEvent e) =>
                string.Join("|", e.GetType().GetProperties().OrderBy(p => p.Name).Select(p => p.Name + "=" + p.GetValue(e)));
            var fromFiles = new FileSource(Layout.LogFiles).Run(new QueryRequest(entry.Ast, WholeArchive), new RecordingObserver(), CancellationToken.None)
                .Select(entry.CreateRecord).Select(Describe).ToList();
            var observer = new RecordingObserver();
            var rows = Run(source, entry.Ast, WholeArchive, observer);
            Assert.Empty(observer.Problems);
            Assert.Equal(fromFiles.Distinct().OrderBy(x => x, StringComparer.Ordinal), rows.Select(entry.CreateRecord).Select(Describe).OrderBy(x => x, StringComparer.Ordinal));
            Assert.Equal(JqExpectations.EventIds(entry), EventIds(rows));
            local += fromFiles.Count;
            remote += rows.Count;
        }
        Assert.True(local > remote, $"The account trail's copies should make the local files give more records ({local}) than the bucket ({remote}).");

        var all = Run(source, AllEvents, WholeArchive);
        Assert.Equal(Sorted(Layout.Placed.Select(e => e.EventId)), EventIds(all));
        // Only log objects were read: never a digest, an Insights file or the stray object.
        var reads = proxy.ObjectReads.ToList();
        Assert.DoesNotContain(reads, r => r.Contains("CloudTrail-Digest") || r.Contains("CloudTrail-Insight") || r.Contains("README"));
        Assert.Equal(Layout.LogObjects.Count * (IamCatalog.Entries.Count + 1), reads.Count);
    }

    [SkippableFact]
    public void Only_the_objects_delivered_in_the_window_and_its_hour_of_margin_are_read()
    {
        RequirePeers();
        using var proxy = new S3FaultProxy(moto!.Endpoint);
        var since = CloudTrailArchiveLayout.FirstDay.AddDays(2).AddHours(9);
        var until = since.AddHours(6);
        var rows = Run(Source(proxy.Endpoint), AllEvents, new TimeWindow(since, until));

        Assert.Equal(Sorted(Layout.Placed.Where(e => e.Time >= since && e.Time <= until).Select(e => e.EventId)), EventIds(rows));
        var expected = Layout.LogObjects.Where(o => o.Delivered >= since.AddHours(-1) && o.Delivered <= until.AddHours(1)).Select(o => o.Key).ToList();
        Assert.InRange(expected.Count, 1, Layout.LogObjects.Count / 3);
        Assert.Equal(Sorted(expected.Select(k => $"GET /{Bucket}/{k}")), Sorted(proxy.ObjectReads));
        // Day folders of other days are never listed.
        Assert.DoesNotContain(proxy.Requests, r => r.Contains("list-type=") && r.Contains($"/{since.AddDays(-1):yyyy/MM/dd}/"));
        Assert.DoesNotContain(proxy.Requests, r => r.Contains("list-type=") && r.Contains($"/{since.AddDays(2):yyyy/MM/dd}/"));
    }

    [SkippableFact]
    public void AccountId_and_Region_narrow_the_walk_to_their_prefixes()
    {
        RequirePeers();
        using var proxy = new S3FaultProxy(moto!.Endpoint);
        var options = new S3SourceOptions { AccountIds = new[] { "2222*" }, Regions = new[] { "eu-west-1" } };
        var rows = Run(Source(proxy.Endpoint, options), AllEvents, WholeArchive);

        Assert.Equal(Sorted(Layout.Placed.Where(e => e.Account == "222222222222" && e.Region == "eu-west-1").Select(e => e.EventId)), EventIds(rows));
        const string chosen = "/222222222222/CloudTrail/eu-west-1/";
        Assert.Equal(Sorted(Layout.LogObjects.Where(o => o.Key.Contains(chosen)).Select(o => $"GET /{Bucket}/{o.Key}")), Sorted(proxy.ObjectReads));
        Assert.DoesNotContain(proxy.Requests, r => r.Contains("prefix=" + CloudTrailArchiveLayout.Prefix + "/AWSLogs/" + CloudTrailArchiveLayout.Org + "/111111111111/CloudTrail/"));
        Assert.DoesNotContain(proxy.Requests, r => r.Contains("/222222222222/CloudTrail/us-east-1/"));
    }

    [SkippableFact]
    public void Throttling_server_errors_and_a_dropped_connection_are_retried_and_a_denied_object_or_prefix_is_one_error_naming_it()
    {
        RequirePeers();
        using var proxy = new S3FaultProxy(moto!.Endpoint);
        string deniedPrefix = $"{CloudTrailArchiveLayout.Prefix}/AWSLogs/{CloudTrailArchiveLayout.Org}/222222222222/CloudTrail/eu-west-1/";
        var org = Layout.LogObjects.Where(o => o.Key.Contains(CloudTrailArchiveLayout.Org)).ToList();
        var deniedObject = org.First(o => o.Key.Contains("/222222222222/CloudTrail/us-east-1/"));
        var others = org.Where(o => o != deniedObject && !o.Key.StartsWith(deniedPrefix, StringComparison.Ordinal)).ToList();
        var (slowDown, serverError, cut) = (others[0], others[1], others[2]);
        proxy.Inject(slowDown.Key, S3Fault.SlowDown, S3Fault.SlowDown);
        proxy.Inject(serverError.Key, S3Fault.InternalError);
        proxy.Inject(cut.Key, S3Fault.CutMidBody);
        proxy.Always(deniedObject.Key, S3Fault.AccessDenied);
        proxy.Always("prefix=" + deniedPrefix, S3Fault.AccessDenied);

        var observer = new RecordingObserver();
        var rows = Run(Source(proxy.Endpoint), AllEvents, WholeArchive, observer);

        Assert.Contains(Layout.LogObjects, o => o.Key.StartsWith(deniedPrefix, StringComparison.Ordinal));
        var lost = deniedObject.EventIds.Concat(Layout.LogObjects.Where(o => o.Key.StartsWith(deniedPrefix, StringComparison.Ordinal)).SelectMany(o => o.EventIds)).ToHashSet();
        Assert.Equal(Sorted(Layout.Placed.Select(e => e.EventId).Where(id => !lost.Contains(id))), EventIds(rows));
        Assert.Equal(
            new[] { ($"s3://{Bucket}/{deniedObject.Key}", ErrorCatalog.S3AccessDenied.Id), ($"s3://{Bucket}/{deniedPrefix}", ErrorCatalog.S3AccessDenied.Id) }.OrderBy(p => p.Item1),
            observer.Problems.Select(p => (p.Target, p.ErrorId)).OrderBy(p => p.Item1));
        int Reads(CloudTrailArchiveLayout.LogObject o) => proxy.ObjectReads.Count(r => r == $"GET /{Bucket}/{o.Key}");
        Assert.Equal(3, Reads(slowDown));
        Assert.Equal(2, Reads(serverError));
        Assert.Equal(2, Reads(cut));
        Assert.Equal(1, Reads(deniedObject));
    }

    [SkippableFact]
    public void An_object_that_keeps_dropping_the_connection_is_one_error_after_the_retries_and_the_rest_is_read()
    {
        RequirePeers();
        using var proxy = new S3FaultProxy(moto!.Endpoint);
        var broken = Layout.LogObjects.First(o => o.Key.Contains("/222222222222/"));
        proxy.Always(broken.Key, S3Fault.CutMidBody);
        var observer = new RecordingObserver();
        var options = new S3SourceOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(10) };
        var rows = Run(Source(proxy.Endpoint, options), AllEvents, WholeArchive, observer);

        Assert.Equal(Sorted(Layout.Placed.Select(e => e.EventId).Except(broken.EventIds)), EventIds(rows));
        var problem = Assert.Single(observer.Problems);
        Assert.Equal(ErrorCatalog.S3ObjectUnreadable.Id, problem.ErrorId);
        Assert.Equal($"s3://{Bucket}/{broken.Key}", problem.Target);
        Assert.Equal(3, proxy.ObjectReads.Count(r => r == $"GET /{Bucket}/{broken.Key}"));
    }

    [SkippableFact]
    public void An_object_damaged_on_the_way_is_one_error_naming_it_from_its_gzip_check_and_the_rest_is_read()
    {
        RequirePeers();
        using var proxy = new S3FaultProxy(moto!.Endpoint);
        var damaged = Layout.LogObjects.First(o => o.Key.EndsWith(".json.gz", StringComparison.Ordinal) && o.EventIds.Count > 0);
        proxy.Always(damaged.Key, S3Fault.DamagedBody);
        var observer = new RecordingObserver();
        var rows = Run(Source(proxy.Endpoint), AllEvents, WholeArchive, observer);

        var problem = Assert.Single(observer.Problems);
        Assert.Equal(CloudTrailFileReader.TruncatedId, problem.ErrorId);
        Assert.Equal($"s3://{Bucket}/{damaged.Key}", problem.Target);
        Assert.Contains("CRC-32", problem.Message);
        Assert.Equal(Sorted(Layout.Placed.Select(e => e.EventId)), EventIds(rows));
        Assert.Equal(1, proxy.ObjectReads.Count(r => r == $"GET /{Bucket}/{damaged.Key}"));
    }

    [SkippableFact]
    public void A_missing_bucket_is_an_error_naming_it()
    {
        RequirePeers();
        var error = Assert.Throws<IamInsightsException>(() => Run(Source(moto!.Endpoint, uri: "s3://no-such-bucket/trail"), AllEvents, WholeArchive));
        Assert.Equal(ErrorCatalog.S3BucketNotFound, error.Error);
        Assert.Equal("no-such-bucket", error.Target);
        Assert.Contains("no-such-bucket", error.Message);
    }

    [SkippableFact]
    public void A_trail_names_its_bucket_and_prefix_through_DescribeTrails()
    {
        RequirePeers();
        moto!.Aws(AccessKey, SecretKey, "cloudtrail", "create-trail", "--name", "org-trail", "--s3-bucket-name", Bucket,
            "--s3-key-prefix", CloudTrailArchiveLayout.Prefix);
        var source = Source(moto.Endpoint, trail: "org-trail");
        Assert.Contains($"s3://{Bucket}/{CloudTrailArchiveLayout.Prefix}/", source.Description);
        Assert.Equal(Sorted(Layout.Placed.Select(e => e.EventId)), EventIds(Run(source, AllEvents, WholeArchive)));

        var missing = Assert.Throws<IamInsightsException>(() => Source(moto.Endpoint, trail: "no-such-trail"));
        Assert.Equal(ErrorCatalog.TrailNotFound, missing.Error);
        Assert.Equal("no-such-trail", missing.Target);
    }

    [SkippableFact]
    public void Stopping_the_run_stops_the_downloads()
    {
        RequirePeers();
        using var stop = new CancellationTokenSource();
        var rows = Source(moto!.Endpoint).Run(new QueryRequest(AllEvents, WholeArchive), new RecordingObserver(), stop.Token);
        using var enumerator = rows.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => { while (enumerator.MoveNext()) { } });
    }

    public void Dispose()
    {
        moto?.Dispose();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
