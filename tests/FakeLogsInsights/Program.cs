using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using IamInsights.Sources;

namespace IamInsights.Tests;

/// <summary>
/// Serves the fake Logs Insights on 127.0.0.1 until its standard input closes. Arguments: the log group, how many
/// CreateUser records it holds (one a minute back from now), how many polls a query takes, and a file that receives
/// every request's X-Amz-Target; optionally a file whose JSON array of CloudTrail records LookupEvents serves, each in
/// the Region of its awsRegion; and optionally the account's enabled Regions, comma-separated, for ListRegions. It
/// prints its endpoint on the first line.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length is not (4 or 5 or 6)) { Console.Error.WriteLine("usage: GROUP RECORDS POLLS LOGFILE [EVENTHISTORYFILE [REGIONS]]"); return 2; }
        var fake = new FakeLogsInsights { PollsToComplete = int.Parse(args[2]) };
        var now = DateTime.UtcNow;
        fake.Add(args[0], Enumerable.Range(0, int.Parse(args[1])).Select(i => new CloudTrailRecord(JsonDocument.Parse(
            "{\"eventName\":\"CreateUser\",\"eventSource\":\"iam.amazonaws.com\",\"eventID\":\"e" + i + "\",\"eventTime\":\""
            + now.AddMinutes(-i - 1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + "\",\"requestParameters\":{\"userName\":\"u" + i + "\"}}").RootElement, args[0], "s", i)));
        using var server = new FakeLogsInsightsServer(fake) { TargetLog = args[3] };
        if (args.Length >= 5)
        {
            using var history = JsonDocument.Parse(File.ReadAllText(args[4]));
            server.EventHistory.Add(history.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList());
        }
        if (args.Length == 6)
        {
            server.AccountRegions.AddRange(args[5].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => (r, "ENABLED_BY_DEFAULT")));
        }
        Console.WriteLine(server.Endpoint);
        Console.Out.Flush();
        Console.In.ReadToEnd();
        return 0;
    }
}
