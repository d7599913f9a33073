using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace IamInsights.Tests;

/// <summary>Headless Chromium (Debian's chromium package), started with a fresh profile and no network services.</summary>
public static class Chromium
{
    public static bool Available => AwsCli.OnPath("chromium");

    /// <summary>The DOM of a page after its scripts ran, as Chromium serializes it.</summary>
    public static string DumpDom(Uri page) => Run("--dump-dom", page.AbsoluteUri).Output;

    /// <summary>Takes a screenshot of the page at 1280 x 1600 into a PNG file.</summary>
    public static void Screenshot(Uri page, string pngPath) => Run("--screenshot=" + pngPath, "--window-size=1280,1600", page.AbsoluteUri);

    private static (string Output, string Error) Run(params string[] arguments)
    {
        string profile = Path.Combine(Path.GetTempPath(), "iaminsights-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                     })
            {
                start.ArgumentList.Add(a);
            }
            foreach (var a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not exit within 2 minutes.");
            }
            Assert.True(process.ExitCode == 0, $"chromium failed with exit code {process.ExitCode}: {error.Result}");
            return (output, error.Result);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }
}
