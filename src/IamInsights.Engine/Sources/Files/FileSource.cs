using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using IamInsights.Query;

namespace IamInsights.Sources.Files;

/// <summary>
/// CloudTrail log files on disk. Files are read in ordinal order of their full path (chronological for the S3 layout),
/// and the records of a file in the order the file holds them. Directories are searched recursively.
/// </summary>
public sealed class FileSource : IQuerySource
{
    public const string NotFoundId = "CloudTrailPathNotFound";

    /// <summary>Extensions read when a directory is searched; a file named directly is read whatever its name.</summary>
    private static readonly string[] LogExtensions = { ".json", ".gz", ".jsonl", ".ndjson" };

    private readonly IReadOnlyList<string> paths;

    public FileSource(IEnumerable<string> paths) => this.paths = paths.ToArray();

    public string Description => paths.Count == 1 ? $"'{paths[0]}'" : $"{paths.Count} paths";

    public IEnumerable<ResultRow> Run(string queryText, TimeWindow window, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var query = CompiledQuery.Parse(queryText);
        return query.Run(ReadRecords(window, observer, cancellationToken), cancellationToken);
    }

    /// <summary>The records inside the window, from every file, reporting bad files and progress to the observer.</summary>
    public IEnumerable<CloudTrailRecord> ReadRecords(TimeWindow window, IQueryObserver observer, CancellationToken cancellationToken)
    {
        var files = ListFiles(observer);
        observer.Verbose($"Reading {files.Count} file{(files.Count == 1 ? "" : "s")} for events from {window}.");
        int read = 0, inWindow = 0;
        for (int i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            observer.Progress(new QueryProgress("Reading CloudTrail files",
                $"File {i + 1} of {files.Count}: {Path.GetFileName(files[i])}", files.Count == 0 ? -1 : i * 100 / files.Count));
            foreach (var record in CloudTrailFileReader.Read(files[i], observer.Problem))
            {
                cancellationToken.ThrowIfCancellationRequested();
                read++;
                if (record.EventTime is { } time && window.Contains(time))
                {
                    inWindow++;
                    yield return record;
                }
                else if (record.EventTime == null && window.SinceUtc == null && window.UntilUtc == null)
                {
                    inWindow++;
                    yield return record;
                }
            }
        }
        observer.Progress(new QueryProgress("Reading CloudTrail files", "Done", 100, completed: true));
        observer.Verbose(string.Format(CultureInfo.InvariantCulture,
            "Read {0} records from {1} files; {2} fell inside the time window.", read, files.Count, inWindow));
    }

    /// <summary>The files to read, sorted; a path that does not exist is reported and skipped.</summary>
    public IReadOnlyList<string> ListFiles(IQueryObserver observer)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    if (IsLogFile(file)) files.Add(Path.GetFullPath(file));
                }
            }
            else
            {
                observer.Problem(new SourceProblem(NotFoundId, ProblemKind.NotFound, path,
                    $"Cannot find the path '{path}' because it does not exist."));
            }
        }
        return files.ToList();
    }

    /// <summary>Log files by extension, leaving out CloudTrail's digest files, which are not events.</summary>
    private static bool IsLogFile(string file)
    {
        if (file.IndexOf("CloudTrail-Digest", StringComparison.OrdinalIgnoreCase) >= 0) return false;
        return LogExtensions.Any(ext => file.EndsWith(ext, StringComparison.OrdinalIgnoreCase));
    }
}
