using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IamInsights.Query;

namespace IamInsights.Sources.Files;

/// <summary>
/// CloudTrail log files on disk. Files are read in ordinal order of their full path (chronological for the S3 layout),
/// and the records of a file in the order the file holds them. Directories are searched recursively. Several files
/// are decompressed and parsed at once, but the records still come out in that order.
/// </summary>
public sealed class FileSource : IQuerySource
{
    public const string NotFoundId = "CloudTrailPathNotFound";

    /// <summary>Extensions read when a directory is searched; a file named directly is read whatever its name.</summary>
    private static readonly string[] LogExtensions = { ".json", ".gz", ".jsonl", ".ndjson" };

    private readonly IReadOnlyList<string> paths;
    private readonly FileSourceOptions options;

    public FileSource(IEnumerable<string> paths, FileSourceOptions? options = null)
    {
        this.paths = paths.ToArray();
        this.options = options ?? FileSourceOptions.Fast;
    }

    public string Description => paths.Count == 1 ? $"'{paths[0]}'" : $"{paths.Count} paths";

    /// <summary>Files are read whole, but S3-layout folders and files before the window are never opened.</summary>
    public SourceCapabilities Capabilities => SourceCapabilities.TimeWindow;

    public IEnumerable<ResultRow> Run(QueryRequest request, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var query = new CompiledQuery(request.Query);
        var window = request.Window;
        var prefilter = options.Prefilter ? RecordPrefilter.For(query.Ast) : null;
        if (prefilter != null)
        {
            observer.Verbose("Records are parsed only if they contain " +
                             string.Join(" and ", prefilter.Groups.Select(g => string.Join(" or ", g.Select(l => "'" + l + "'")))) + ".");
        }
        var projection = options.Projection ? RecordProjection.For(query) : null;
        if (projection != null) observer.Verbose(projection.Description);
        return query.Run(ReadRecords(window, observer, cancellationToken, prefilter, projection), cancellationToken);
    }

    /// <summary>The records inside the window, from every file, reporting bad files and progress to the observer.</summary>
    public IEnumerable<CloudTrailRecord> ReadRecords(TimeWindow window, IQueryObserver observer, CancellationToken cancellationToken,
        RecordPrefilter? prefilter = null, RecordProjection? projection = null)
    {
        var files = ListFiles(observer, window);
        observer.Verbose($"Reading {files.Count} file{(files.Count == 1 ? "" : "s")} for events from {window}.");
        int inWindow = 0, timeless = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Queue<Task<FileResult>>();
        int next = 0;
        try
        {
            for (int done = 0; done < files.Count; done++)
            {
                while (next < files.Count && pending.Count < options.Parallelism)
                {
                    string file = files[next++];
                    pending.Enqueue(Task.Run(() => ReadFile(file, window, prefilter, projection, options.WholeFileInflate, stop.Token), stop.Token));
                }
                observer.Progress(new QueryProgress("Reading CloudTrail files",
                    $"File {done + 1} of {files.Count}: {Path.GetFileName(files[done])}", done * 100 / files.Count));
                var result = Await(pending.Dequeue(), cancellationToken);
                foreach (var record in result.Records)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    inWindow++;
                    yield return record;
                }
                foreach (var warning in result.Warnings) observer.Warning(warning);
                if (result.Problem != null) observer.Problem(result.Problem);
                timeless += result.Timeless;
            }
        }
        finally
        {
            // Stops the read-ahead when the consumer stops early (limit, Ctrl+C, an error downstream).
            stop.Cancel();
        }
        observer.Progress(new QueryProgress("Reading CloudTrail files", "Done", 100, completed: true));
        if (timeless > 0)
        {
            observer.Verbose($"Left out {timeless} record{(timeless == 1 ? "" : "s")} without eventTime, @timestamp or p_event_time: they cannot be placed in the time window.");
        }
        observer.Verbose(string.Format(CultureInfo.InvariantCulture,
            "Read {0} files; {1} records fell inside the time window{2}.", files.Count, inWindow,
            prefilter == null ? "" : " and may match the query"));
    }

    private sealed class FileResult
    {
        public List<CloudTrailRecord> Records { get; } = new();

        public SourceProblem? Problem { get; set; }

        public List<string> Warnings { get; } = new();

        /// <summary>Records left out of a bounded window because they have no time.</summary>
        public int Timeless { get; set; }
    }

    private static FileResult ReadFile(string path, TimeWindow window, RecordPrefilter? prefilter, RecordProjection? projection,
        bool wholeFileInflate, CancellationToken cancellationToken)
    {
        var result = new FileResult();
        bool open = window.SinceUtc == null && window.UntilUtc == null;
        foreach (var record in CloudTrailFileReader.Read(path, p => result.Problem = p, prefilter, result.Warnings.Add, wholeFileInflate, projection))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (open || (record.EventTime is { } time && window.Contains(time))) result.Records.Add(record);
            else if (record.EventTime == null) result.Timeless++;
        }
        return result;
    }

    private static FileResult Await(Task<FileResult> task, CancellationToken cancellationToken)
    {
        try
        {
            task.Wait(cancellationToken);
            return task.Result;
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException oce)
        {
            throw oce;
        }
    }

    /// <summary>The files to read, sorted; a path that does not exist is reported and skipped.</summary>
    public IReadOnlyList<string> ListFiles(IQueryObserver observer, TimeWindow? window = null)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var since = options.PrunePaths ? window?.SinceUtc : null;
        int pruned = 0;
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in EnumerateLogFiles(path, since, () => pruned++, observer)) files.Add(Path.GetFullPath(file));
            }
            else
            {
                observer.Problem(new SourceProblem(NotFoundId, ProblemKind.NotFound, path,
                    $"Cannot find the path '{path}' because it does not exist."));
            }
        }
        if (pruned > 0) observer.Verbose($"Skipped {pruned} folder{(pruned == 1 ? "" : "s")} and file{(pruned == 1 ? "" : "s")} of the S3 layout that end before {since:yyyy-MM-dd HH:mm}Z.");
        return files.ToList();
    }

    /// <summary>
    /// Log files under a folder, leaving out digest folders and, given a start, the S3-layout days and files before it.
    /// Links to folders are not followed (as Get-ChildItem -Recurse does not), so a link loop cannot repeat the files.
    /// </summary>
    private static IEnumerable<string> EnumerateLogFiles(string folder, DateTime? since, Action pruned, IQueryObserver observer)
    {
        var stack = new Stack<string>();
        stack.Push(folder);
        while (stack.Count > 0)
        {
            string current = stack.Pop();
            foreach (var file in Directory.EnumerateFiles(current))
            {
                if (!IsLogFile(file)) continue;
                if (since != null && S3Layout.FileEndsBefore(file, since.Value)) { pruned(); continue; }
                yield return file;
            }
            foreach (var child in Directory.EnumerateDirectories(current))
            {
                if (Path.GetFileName(child).Equals("CloudTrail-Digest", StringComparison.OrdinalIgnoreCase)) continue;
                if (since != null && S3Layout.FolderEndsBefore(child, since.Value)) { pruned(); continue; }
                if (new DirectoryInfo(child).Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    observer.Verbose($"Skipped '{child}': it is a link to a folder, and links are not followed inside a folder; name it in -Path to read it.");
                    continue;
                }
                stack.Push(child);
            }
        }
    }

    /// <summary>Log files by extension, leaving out CloudTrail's digest files, which are not events.</summary>
    private static bool IsLogFile(string file)
    {
        if (file.IndexOf("CloudTrail-Digest", StringComparison.OrdinalIgnoreCase) >= 0) return false;
        return LogExtensions.Any(ext => file.EndsWith(ext, StringComparison.OrdinalIgnoreCase));
    }
}
