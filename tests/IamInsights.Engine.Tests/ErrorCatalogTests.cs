using System;
using System.IO;
using System.Linq;
using IamInsights.Errors;
using Xunit;

namespace IamInsights.Tests;

/// <summary>The documented errors: every one has a distinct id and a row in README's table with its category.</summary>
public class ErrorCatalogTests
{
    private static string ReadMe()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder != null && !File.Exists(Path.Combine(folder.FullName, "README.md"))) folder = folder.Parent;
        Assert.NotNull(folder);
        return File.ReadAllText(Path.Combine(folder!.FullName, "README.md"));
    }

    [Fact]
    public void Every_error_is_in_the_readme_table_with_its_category()
    {
        var rows = ReadMe().Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal)).ToList();
        foreach (var error in ErrorCatalog.All)
        {
            var row = rows.FirstOrDefault(r => r.StartsWith($"| {error.Id} |", StringComparison.Ordinal));
            Assert.True(row != null, $"README has no row for {error.Id}.");
            Assert.Contains($"| {error.Kind} |", row);
        }
        Assert.Equal(ErrorCatalog.All.Count, ErrorCatalog.All.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Every_id_a_source_reports_is_documented()
    {
        foreach (var id in new[]
                 {
                     IamInsights.Sources.Files.FileSource.NotFoundId, IamInsights.Sources.Files.CloudTrailFileReader.UnreadableId,
                     IamInsights.Sources.Files.CloudTrailFileReader.InvalidJsonId, IamInsights.Sources.Files.CloudTrailFileReader.WrongShapeId,
                     IamInsights.Sources.Files.CloudTrailFileReader.TruncatedId, IamInsights.Sources.Files.CloudTrailFileReader.EmptyId,
                     IamInsights.Sources.Files.CloudTrailFileReader.EventTimeInvalidId,
                     IamInsights.Checkpoints.CheckpointException.InvalidId, IamInsights.Checkpoints.CheckpointException.LockedId,
                     IamInsights.Checkpoints.CheckpointException.QueryMismatchId, IamInsights.Checkpoints.CheckpointException.UnwritableId,
                     IamInsights.Query.QueryNotSupportedLocallyException.Id,
                 })
        {
            Assert.Equal(id, ErrorCatalog.Get(id).Id);
        }
    }
}
