using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources.Files;

namespace IamInsights.Sources.S3;

/// <summary>
/// CloudTrail's archive in S3, read in place. <see cref="S3ArchiveWalker"/> lists only the day folders of the window;
/// up to <see cref="S3SourceOptions.MaxConcurrentDownloads"/> objects are downloaded at once, each into memory as it
/// arrives (CloudTrail's objects are small), then decompressed and scanned by the file reader with the same prefilter
/// and checks as a local file. Records come out in walk order: day by day, oldest first; within a day by account and
/// Region, then by object key; within an object, in the order it holds them. An event delivered by several trails
/// comes out once (<see cref="EventIdSet"/>). An object whose read breaks midway is read again from its start; its
/// records are handed over only once it is read whole, so none is repeated.
/// </summary>
public sealed class S3Source : IQuerySource
{
    public const string Activity = "Reading CloudTrail's S3 archive";

    private readonly IS3ObjectStore store;
    private readonly S3Location location;
    private readonly S3SourceOptions options;

    public S3Source(IS3ObjectStore store, S3Location location, S3SourceOptions? options = null)
    {
        this.store = store;
        this.location = location;
        this.options = options ?? new S3SourceOptions();
    }

    public string Description => $"the CloudTrail archive {location}";

    /// <summary>Only the day folders and objects of the window are read; the engine filters the rest.</summary>
    public SourceCapabilities Capabilities => SourceCapabilities.TimeWindow;

    public IEnumerable<ResultRow> Run(QueryRequest request, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var query = new CompiledQuery(request.Query);
        var prefilter = options.Prefilter ? RecordPrefilter.For(query.Ast) : null;
        var projection = options.Projection ? RecordProjection.For(query) : null;
        if (projection != null) observer.Verbose(projection.Description);
        return query.Run(ReadRecords(request.Window, observer, cancellationToken, prefilter, projection), cancellationToken);
    }

    /// <summary>The records of the window, each event once, reporting bad objects and progress to the observer.</summary>
    public IEnumerable<CloudTrailRecord> ReadRecords(TimeWindow window, IQueryObserver observer, CancellationToken cancellationToken,
        RecordPrefilter? prefilter = null, RecordProjection? projection = null)
    {
        var walker = new S3ArchiveWalker(store, location, options.AccountIds, options.Regions, observer, cancellationToken);
        var seen = new EventIdSet();
        int read = 0, records = 0, duplicates = 0, retries = 0;
        long bytes = 0;
        DateTime? day = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<(S3ArchiveObject Object, Task<ObjectResult> Read)>();
        using var objects = walker.Objects(window).GetEnumerator();
        bool more = true;
        try
        {
            while (true)
            {
                while (more && pending.Count < options.MaxConcurrentDownloads && (more = objects.MoveNext()))
                {
                    var next = objects.Current;
                    pending.Enqueue((next, Task.Run(() => ReadObjectAsync(next, window, prefilter, projection, stop.Token), stop.Token)));
                }
                if (pending.Count == 0) break;
                var (current, task) = pending.Dequeue();
                if (day != current.Day)
                {
                    seen.ForgetBefore(current.Day.AddDays(-1));
                    day = current.Day;
                }
                var result = Await(task, cancellationToken);
                read++;
                bytes += result.Bytes;
                retries += result.Retries;
                foreach (var record in result.Records)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!seen.Add(record))
                    {
                        duplicates++;
                        continue;
                    }
                    records++;
                    yield return record;
                }
                foreach (var warning in result.Warnings) observer.Warning(warning);
                if (result.Problem != null) observer.Problem(result.Problem);
                observer.Progress(new QueryProgress(Activity, string.Format(CultureInfo.InvariantCulture,
                    "{0} objects listed; {1} read ({2:N0} bytes); {3} records in the window", walker.Listed, read, bytes, records), -1));
            }
        }
        finally
        {
            // Stops the downloads in flight when the consumer stops early (limit, Ctrl+C, an error downstream).
            stop.Cancel();
        }
        observer.Progress(new QueryProgress(Activity, "Done", 100, completed: true));
        observer.Verbose(string.Format(CultureInfo.InvariantCulture,
            "Listed {0} log objects, skipped {1} by the window, read {2} ({3:N0} bytes, {4} retried); {5} records in the window{6}; {7} copies of events delivered by more than one trail left out.",
            walker.Listed, walker.SkippedByWindow, read, bytes, retries, records, prefilter == null ? "" : " that may match the query", duplicates));
    }

    /// <summary>The error of a failed S3 call on one object or prefix, naming it.</summary>
    internal static SourceProblem ProblemOf(S3StoreException e, string target, string action) => e.Kind == S3FailureKind.AccessDenied
        ? new SourceProblem(ErrorCatalog.S3AccessDenied.Id, ProblemKind.Unreadable, target,
            $"Access to {target} was denied (s3:{(action == "list" ? "ListBucket" : "GetObject")}, or kms:Decrypt for its key): {e.Message}", e)
        : new SourceProblem(ErrorCatalog.S3ObjectUnreadable.Id, ProblemKind.Unreadable, target, $"Cannot {action} {target}: {e.Message}", e);

    private sealed class ObjectResult
    {
        public List<CloudTrailRecord> Records { get; } = new();

        public List<string> Warnings { get; } = new();

        public SourceProblem? Problem { get; set; }

        public long Bytes { get; set; }

        public int Retries { get; set; }
    }

    private async Task<ObjectResult> ReadObjectAsync(S3ArchiveObject item, TimeWindow window, RecordPrefilter? prefilter, RecordProjection? projection,
        CancellationToken cancellationToken)
    {
        var result = new ObjectResult();
        string name = location.UriOf(item.Key);
        byte[] bytes;
        int length;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                (bytes, length) = await DownloadAsync(item, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is IOException or S3StoreException { Kind: S3FailureKind.Transient } && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= options.MaxAttempts)
                {
                    result.Problem = e is S3StoreException failed
                        ? ProblemOf(failed, name, "read")
                        : new SourceProblem(ErrorCatalog.S3ObjectUnreadable.Id, ProblemKind.Unreadable, name,
                            $"Cannot read {name}: the connection broke {attempt} times: {e.Message}", e);
                    return result;
                }
                result.Retries++;
                await Task.Delay(RetryDelay.Ceiling(attempt, options.FirstRetryDelay, TimeSpan.MaxValue), cancellationToken).ConfigureAwait(false);
            }
            catch (S3StoreException e) when (e.Kind == S3FailureKind.NoSuchBucket)
            {
                throw new IamInsightsException(ErrorCatalog.S3BucketNotFound, $"The bucket '{store.Bucket}' does not exist: {e.Message}", store.Bucket, e);
            }
            catch (S3StoreException e)
            {
                result.Problem = ProblemOf(e, name, "read");
                return result;
            }
        }
        result.Bytes = length;
        bool open = window.SinceUtc == null && window.UntilUtc == null;
        foreach (var record in CloudTrailFileReader.ReadRented(name, bytes, length, p => result.Problem = p, prefilter, result.Warnings.Add, projection))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (open || (record.EventTime is { } time && window.Contains(time))) result.Records.Add(record);
        }
        return result;
    }

    /// <summary>
    /// The whole object, read as it streams in, in the first Length bytes of an array rented from the shared pool
    /// (the listed size, grown if the object is larger); the file reader returns it to the pool.
    /// </summary>
    private async Task<(byte[] Bytes, int Length)> DownloadAsync(S3ArchiveObject item, CancellationToken cancellationToken)
    {
        using var stream = await store.OpenAsync(item.Key, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(item.Size is > 0 and < int.MaxValue - 1 ? (int)item.Size + 1 : 81920);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > int.MaxValue / 2) throw new IOException($"The object '{item.Key}' is larger than 1 GiB: objects are read whole into memory, and not one this large.");
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                if (read == 0) return (buffer, length);
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static ObjectResult Await(Task<ObjectResult> task, CancellationToken cancellationToken)
    {
        try
        {
            task.Wait(cancellationToken);
        }
        catch (AggregateException)
        {
            // Rethrown below as the task's own exception.
        }
        return task.GetAwaiter().GetResult();
    }
}
