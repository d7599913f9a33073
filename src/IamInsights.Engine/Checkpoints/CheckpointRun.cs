using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using IamInsights.Query;

namespace IamInsights.Checkpoints;

/// <summary>
/// One run of a query under a checkpoint. It holds the checkpoint's lock from start to end, gives the time window to
/// read (from the checkpoint less the overlap), suppresses the results that earlier runs already reported, and
/// writes the new checkpoint only when told that every result of the run has been written out.
/// </summary>
public sealed class CheckpointRun : IDisposable
{
    private readonly string path;
    private readonly string query;
    private readonly TimeSpan overlap;
    private readonly DateTime runEndUtc;
    private readonly CheckpointState? previous;
    private readonly Dictionary<string, DateTime> reported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> timesSeen = new(StringComparer.Ordinal);
    private readonly CheckpointLock fileLock;

    private CheckpointRun(string path, string query, TimeSpan overlap, TimeWindow window, DateTime runEndUtc,
        CheckpointState? previous, CheckpointLock fileLock)
    {
        this.path = path;
        this.query = query;
        this.overlap = overlap;
        Window = window;
        this.runEndUtc = runEndUtc;
        this.previous = previous;
        this.fileLock = fileLock;
    }

    /// <summary>The time window this run reads.</summary>
    public TimeWindow Window { get; }

    /// <summary>True when no run has completed yet, so the requested window is read.</summary>
    public bool IsFirstRun => previous?.ReadUntilUtc == null;

    /// <summary>The checkpoint this run reads on from, if any.</summary>
    public DateTime? PreviousCheckpoint => previous?.ReadUntilUtc;

    /// <summary>
    /// When the window reaches back before the results the checkpoint remembers (a larger overlap than the last run's),
    /// the time from which it remembers them: results before it may be reported again.
    /// </summary>
    public DateTime? ForgottenBefore =>
        previous?.SeenSinceUtc is { } seenSince && (Window.SinceUtc == null || Window.SinceUtc < seenSince) ? seenSince : null;

    /// <summary>How many results were not reported because an earlier run (or this one) already had.</summary>
    public int Suppressed { get; private set; }

    /// <summary>
    /// Locks the checkpoint and works out the window. <paramref name="query"/> names what the checkpoint is for; a
    /// checkpoint written for another query is refused.
    /// </summary>
    public static CheckpointRun Start(string path, string query, TimeWindow requested, TimeSpan overlap, TimeSpan lockTimeout,
        DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (overlap < TimeSpan.Zero) throw new ArgumentException($"The checkpoint overlap {overlap} is negative.");
        var fileLock = CheckpointLock.Acquire(path, lockTimeout, cancellationToken);
        try
        {
            var previous = File.Exists(path) ? CheckpointState.Read(path) : null;
            if (previous != null && !string.Equals(previous.Query, query, StringComparison.Ordinal))
            {
                throw new CheckpointException(CheckpointException.QueryMismatchId, path,
                    $"The checkpoint '{path}' belongs to {previous.Query}, not to {query}. Give each query its own checkpoint file.");
            }
            var window = previous?.ReadUntilUtc is { } checkpoint
                ? new TimeWindow(checkpoint - overlap, requested.UntilUtc)
                : requested;
            return new CheckpointRun(path, query, overlap, window, requested.UntilUtc ?? nowUtc, previous, fileLock);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    /// <summary>What a checkpoint calls an ad-hoc query: a short hash of its text.</summary>
    public static string NameOfQueryText(string text) => "query " + Hash(text, 8);

    /// <summary>
    /// Whether to write a result out: false when it was reported before. Its time is its eventTime or @timestamp.
    /// See <see cref="KeyOf"/> for how a result is known.
    /// </summary>
    public bool ShouldReport(ResultRow row)
    {
        string key = KeyOf(row);
        if ((previous != null && previous.Seen.ContainsKey(key)) || reported.ContainsKey(key))
        {
            Suppressed++;
            return false;
        }
        var time = Dates.Parse(row.GetText("eventTime")) ?? row["@timestamp"] as DateTime? ?? runEndUtc;
        reported.Add(key, time.ToUniversalTime());
        return true;
    }

    /// <summary>
    /// How a result is known: by its eventID column, so that an event delivered twice (by an organization trail and
    /// an account trail) is reported once. A result with no eventID (an eventVersion 1.0 record, or a query that does
    /// not select it) is known by a hash of all its values and by how many results with the same values this run has
    /// seen before it ("values &lt;hash&gt;/1", "values &lt;hash&gt;/2"). Two such results are never taken for each
    /// other, and a later run whose overlap reads them again suppresses as many of them as were reported, so none is
    /// reported twice. The count holds across runs when eventTime is among the values (every catalog query selects
    /// it): results with the same values then have the same time, so a window holds all of them or none, and one that
    /// is delivered late is one more, and is reported.
    /// </summary>
    private string KeyOf(ResultRow row)
    {
        string? id = row.GetText("eventID");
        if (!string.IsNullOrEmpty(id)) return id!;
        string values = "values " + Hash(string.Join("\u0001", row.Columns.Select(c => c + "=" + row.GetText(c))), 16);
        timesSeen.TryGetValue(values, out int before);
        timesSeen[values] = before + 1;
        return values + "/" + (before + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The first <paramref name="bytes"/> bytes of the SHA-256 of a text, in hex.</summary>
    private static string Hash(string text, int bytes)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        return string.Concat(hash.Take(bytes).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Records the run once every result has been written out. With <paramref name="advance"/> the checkpoint moves
    /// to the end of this run's window; without (some input failed), it stays, so the next run reads this window again,
    /// and the results reported now are still remembered. Returns the checkpoint.
    /// </summary>
    public DateTime? Complete(bool advance)
    {
        // The next run (with the same overlap) reads from seenSince on, so the results reported from then on are kept.
        var readUntil = previous?.ReadUntilUtc;
        DateTime? seenSince = Window.SinceUtc;
        if (advance)
        {
            if (readUntil == null || runEndUtc > readUntil) readUntil = runEndUtc;
            seenSince = readUntil - overlap;
        }
        var seen = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var pair in (previous?.Seen ?? new Dictionary<string, DateTime>()).Concat(reported))
        {
            if (seenSince == null || pair.Value >= seenSince) seen[pair.Key] = pair.Value;
        }
        new CheckpointState(query, readUntil, seenSince, seen).Write(path);
        return readUntil;
    }

    public void Dispose() => fileLock.Dispose();
}
