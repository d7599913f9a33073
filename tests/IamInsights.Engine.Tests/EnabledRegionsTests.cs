using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Amazon.Runtime;
using IamInsights.Aws;
using IamInsights.Errors;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.EventHistory;
using Xunit;

namespace IamInsights.Tests;

/// <summary>-Region *: the account's enabled Regions from ListRegions against the fake server, and Event History over them.</summary>
public class EnabledRegionsTests
{
    private static readonly (string Name, string Status)[] Account =
    {
        ("us-east-1", "ENABLED_BY_DEFAULT"), ("eu-central-2", "DISABLED"), ("eu-west-1", "ENABLED_BY_DEFAULT"), ("af-south-1", "ENABLED"),
        ("ap-southeast-2", "ENABLED_BY_DEFAULT"), ("me-south-1", "DISABLING"), ("il-central-1", "ENABLED"),
    };

    private static readonly string[] Enabled = { "us-east-1", "eu-west-1", "af-south-1", "ap-southeast-2", "il-central-1" };

    private static FakeLogsInsightsServer Server(params (string Name, string Status)[] regions)
    {
        var server = new FakeLogsInsightsServer(new FakeLogsInsights());
        server.AccountRegions.AddRange(regions);
        return server;
    }

    private static ListRegionsHttpClient Client(FakeLogsInsightsServer server) =>
        new(new BasicAWSCredentials(FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey), server.Endpoint);

    private static AwsSettings Settings(FakeLogsInsightsServer server) => new()
    {
        AccessKey = FakeLogsInsightsServer.AccessKey, SecretKey = FakeLogsInsightsServer.SecretKey, Region = "us-east-1", EndpointUrl = server.Endpoint,
    };

    private static string AssumeRole(string id, string region, DateTime time) =>
        Regex.Replace(Events.Make("AssumeRole", time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "sts.amazonaws.com",
                request: "{\"roleArn\":\"arn:aws:iam::111122223333:role/r\",\"roleSessionName\":\"" + id + "\"}")
            .Replace("\"awsRegion\":\"us-east-1\"", $"\"awsRegion\":\"{region}\""), "\"eventID\":\"[^\"]*\"", $"\"eventID\":\"{id}\"");

    [Fact]
    public void The_client_pages_through_every_enabled_region_and_no_other()
    {
        using var server = Server(Account);
        var regions = EnabledRegions.List(Client(server), CancellationToken.None);
        Assert.Equal(Enabled, regions);
        Assert.Equal(new[] { null, "regions-2", "regions-4" }, server.RegionTokens);
    }

    [Fact]
    public void A_throttled_page_is_asked_for_again_and_throttling_that_lasts_is_one_error()
    {
        using var server = Server(Account);
        server.ThrottleListRegions = 2;
        Assert.Equal(Enabled, EnabledRegions.List(Client(server), CancellationToken.None));
        Assert.Equal(new[] { "throttled", "throttled", null, "regions-2", "regions-4" }, server.RegionTokens);

        using var busy = Server(Account);
        busy.ThrottleListRegions = EnabledRegions.MaxAttempts;
        var error = Assert.Throws<IamInsightsException>(() => EnabledRegions.List(Client(busy), CancellationToken.None));
        Assert.Equal(ErrorCatalog.AwsRequestFailed.Id, error.Error.Id);
        Assert.Equal("TooManyRequestsException", Assert.IsType<IamInsights.Sources.CloudWatch.AwsServiceException>(error.InnerException).ErrorCode);
        Assert.Equal(EnabledRegions.MaxAttempts, busy.RegionTokens.Count);
    }

    [Fact]
    public void Every_region_star_reads_the_sts_events_of_every_enabled_region_once()
    {
        var now = DateTime.UtcNow;
        using var server = Server(("us-east-1", "ENABLED_BY_DEFAULT"), ("eu-central-2", "DISABLED"), ("eu-west-1", "ENABLED_BY_DEFAULT"), ("ap-southeast-2", "ENABLED"));
        var written = new Dictionary<string, string[]>
        {
            ["us-east-1"] = new[] { "east-1", "east-2" },
            ["eu-west-1"] = new[] { "west-1", "west-2", "west-3" },
            ["ap-southeast-2"] = new[] { "sydney-1" },
            ["eu-central-2"] = new[] { "zurich-1" },
        };
        int minutes = 0;
        foreach (var (region, ids) in written) server.EventHistory.Add(ids.Select(id => AssumeRole(id, region, now.AddMinutes(-(++minutes) * 10))).ToList());
        var verbose = new List<string>();

        var source = RemoteSourceFactory.CreateEventHistory(Settings(server), new[] { "*" }, verbose.Add, CancellationToken.None);
        var rows = source.Run(new QueryRequest(IamCatalog.Get("Get-IamAssumeRoleEvent").Ast, new TimeWindow(now.AddDays(-1), now)),
            new RecordingObserver(), CancellationToken.None).ToList();

        Assert.Equal(6, rows.Count);
        var expected = written.Where(w => w.Key != "eu-central-2").SelectMany(w => w.Value.Select(id => id + "@" + w.Key)).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(r => r.GetText("eventID") + "@" + r.GetText("awsRegion")).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Contains(verbose, m => m.Contains("account:ListRegions") && m.Contains("us-east-1, eu-west-1, ap-southeast-2"));
        Assert.Equal(new[] { "ap-southeast-2", "eu-west-1", "us-east-1" }, server.EventHistory.Calls.Select(c => c.Region).Distinct().OrderBy(r => r, StringComparer.Ordinal));
    }

    [Fact]
    public void A_star_with_region_names_is_refused_before_any_call()
    {
        using var server = Server(Account);
        var error = Assert.Throws<IamInsightsException>(() =>
            RemoteSourceFactory.CreateEventHistory(Settings(server), new[] { "*", "eu-west-1" }, _ => { }, CancellationToken.None));
        Assert.Equal(ErrorCatalog.RegionWildcardMixed, error.Error);
        Assert.Equal("*, eu-west-1", error.Target);
        Assert.Contains("'*, eu-west-1'", error.Message);
        Assert.Empty(server.RegionTokens);
        Assert.Empty(server.EventHistory.Calls);
        Assert.False(EnabledRegions.IsWildcard(new[] { "us-east-1", "eu-west-1" }));
        Assert.True(EnabledRegions.IsWildcard(new[] { "*" }));
    }

    [Fact]
    public void A_denied_list_regions_is_access_denied_naming_the_permission()
    {
        using var server = Server(Account);
        server.DenyListRegions = true;
        var error = Assert.Throws<IamInsightsException>(() =>
            RemoteSourceFactory.CreateEventHistory(Settings(server), new[] { "*" }, _ => { }, CancellationToken.None));
        Assert.Equal(ErrorCatalog.AwsAccessDenied, error.Error);
        Assert.Equal("account:ListRegions", error.Target);
        Assert.Contains("account:ListRegions", error.Message);
        Assert.DoesNotContain(FakeLogsInsightsServer.SecretKey, error.Message);
    }

    [Fact]
    public void The_aws_cli_lists_the_enabled_regions_of_the_fake_page_by_page()
    {
        using var server = Server(Account);
        string output = AwsCli.Run(server.Endpoint, FakeLogsInsightsServer.AccessKey, FakeLogsInsightsServer.SecretKey,
            "account", "list-regions", "--region-opt-status-contains", "ENABLED", "ENABLED_BY_DEFAULT");
        using var listed = JsonDocument.Parse(output);
        Assert.Equal(Enabled, listed.RootElement.GetProperty("Regions").EnumerateArray().Select(r => r.GetProperty("RegionName").GetString()));
        Assert.Equal(3, server.RegionTokens.Count);
    }
}
