using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// What the sample archive holds for a catalog entry, worked out by jq over the files rather than by the module's own
/// engine: the eventIDs of the records with the entry's event source and event names (or, for the root user's
/// activity, of every record by the root user).
/// </summary>
public static class JqExpectations
{
    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "Sample", "AWSLogs");

    /// <summary>Skips the test when jq or zcat is not installed; build.ps1 fails a skip under CI.</summary>
    public static void Require() => Skip.IfNot(AwsCli.OnPath("jq") && AwsCli.OnPath("zcat"), "jq or zcat is not on PATH.");

    /// <summary>The sorted eventIDs that the entry should find in the sample.</summary>
    public static string[] EventIds(CatalogEntry entry)
    {
        string filter = entry.Command == "Get-IamRootActivity"
            ? ".userIdentity.type == \"Root\""
            : $". as $r | ([{string.Join(",", entry.EventSource.Split(',').Select(s => "\"" + s.Trim() + "\""))}] | any(. == $r.eventSource)) "
              + $"and ([{string.Join(",", entry.EventNames.Select(n => "\"" + n + "\""))}] | any(. == $r.eventName))";
        var files = Directory.GetFiles(SampleFolder, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("zcat -f \"$@\" | jq -r '.Records[] | select(" + filter + ") | .eventID'");
        start.ArgumentList.Add("jq-expectations");
        foreach (var file in files) start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"jq failed for {entry.Command}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(id => id, StringComparer.Ordinal).ToArray();
    }
}
