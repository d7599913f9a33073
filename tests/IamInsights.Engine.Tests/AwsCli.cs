using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace IamInsights.Tests;

/// <summary>Runs the AWS CLI against a local endpoint with test credentials and no user configuration.</summary>
public static class AwsCli
{
    public static string Run(Uri endpoint, string accessKey, string secretKey, params string[] arguments)
    {
        var (exitCode, output, error) = Try(endpoint, accessKey, secretKey, arguments);
        Assert.True(exitCode == 0, $"aws {string.Join(" ", arguments)} failed: {error}");
        return output;
    }

    /// <summary>Runs the CLI once, with no retries of its own, and gives its exit code, output and error output.</summary>
    public static (int ExitCode, string Output, string Error) Try(Uri endpoint, string accessKey, string secretKey, params string[] arguments)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var a in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json" }) start.ArgumentList.Add(a);
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error);
    }

    /// <summary>Whether a program is on PATH.</summary>
    public static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, name)));
}
