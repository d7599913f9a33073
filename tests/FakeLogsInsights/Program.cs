using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using IamInsights.Sources;

namespace IamInsights.Tests;

/// <summary>
/// Serves the fake Logs Insights on 127.0.0.1 until its standard input closes. Arguments: the log group, how many
/// CreateUser records it holds (one a minute back from now), how many polls a query takes, and a file that receives
/// every request's X-Amz-Target. It prints its endpoint on the first line.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 4) { Console.Error.WriteLine("usage: GROUP RECORDS POLLS LOGFILE"); return 2; }
        var fake = new FakeLogsInsights { PollsToComplete = int.Parse(args[2]) };
        var now = DateTime.UtcNow;
        fake.Add(args[0], Enumerable.Range(0, int.Parse(args[1])).Select(i => new CloudTrailRecord(JsonDocument.Parse(
            "{\"eventName\":\"CreateUser\",\"eventSource\":\"iam.amazonaws.com\",\"eventID\":\"e" + i + "\",\"eventTime\":\""
            + now.AddMinutes(-i - 1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + "\",\"requestParameters\":{\"userName\":\"u" + i + "\"}}").RootElement, args[0], "s", i)));
        using var server = new FakeLogsInsightsServer(fake) { TargetLog = args[3] };
        Console.WriteLine(server.Endpoint);
        Console.Out.Flush();
        Console.In.ReadToEnd();
        return 0;
    }
}
