using System;
using System.Linq;
using IamInsights.Query;
using IamInsights.Sources;
using Xunit;

namespace IamInsights.Tests;

public class EvaluatorTests
{
    private static CloudTrailRecord Record(string json, long position = 0) =>
        new(System.Text.Json.JsonDocument.Parse(json).RootElement, "/logs/a.json", "a.json", position);

    private static readonly CloudTrailRecord[] Input =
    {
        Record(Events.Make("CreateUser", "2026-11-20T08:00:00Z", request: "{\"userName\":\"carol\"}"), 1),
        Record(Events.Make("DeleteUser", "2026-11-20T09:00:00Z", request: "{\"userName\":\"dave\"}", identity: Events.Root), 2),
        Record(Events.Make("ListUsers", "2026-11-20T10:00:00Z", extra: "\"count\":7,\"resources\":[{\"ARN\":\"arn:1\"},{\"ARN\":\"arn:2\"}]"), 3),
        Record(Events.Make("CreateUser", "2026-11-20T07:00:00Z", request: "{\"userName\":\"Bob\"}", extra: "\"count\":12"), 4),
    };

    private static ResultRow[] Run(string query) => CompiledQuery.Parse(query).Run(Input).ToArray();

    [Fact]
    public void Filter_keeps_matching_records_in_input_order()
    {
        var rows = Run("filter eventName = \"CreateUser\" | fields requestParameters.userName as who");
        Assert.Equal(new[] { "carol", "Bob" }, rows.Select(r => r["who"]));
    }

    [Fact]
    public void Not_equal_and_not_exclude_records_and_or_combines()
    {
        Assert.Equal(3, Run("filter eventName != \"DeleteUser\"").Length);
        Assert.Equal(3, Run("filter not eventName = \"DeleteUser\"").Length);
        Assert.Equal(2, Run("filter eventName = \"DeleteUser\" or eventName = \"ListUsers\"").Length);
        Assert.Single(Run("filter eventName = \"CreateUser\" and (requestParameters.userName = \"Bob\")"));
    }

    [Fact]
    public void In_and_not_in_compare_each_item()
    {
        Assert.Equal(3, Run("filter eventName in [\"CreateUser\", \"DeleteUser\"]").Length);
        Assert.Single(Run("filter eventName not in [\"CreateUser\", \"DeleteUser\"]"));
    }

    [Fact]
    public void A_missing_field_is_null_and_fails_every_comparison()
    {
        var rows = Run("fields nosuch.field as x, requestParameters.userName as who");
        Assert.All(rows, r => Assert.Null(r["x"]));
        Assert.Null(rows[2]["who"]);
        Assert.Empty(Run("filter nosuch = \"a\""));
        Assert.Empty(Run("filter nosuch != \"a\""));
        Assert.Equal(3, Run("filter ispresent(requestParameters.userName)").Length);
    }

    [Fact]
    public void Numbers_compare_as_numbers_and_strings_as_case_sensitive_text()
    {
        Assert.Single(Run("filter count > 10"));
        Assert.Equal(2, Run("filter count > 5").Length);
        Assert.Empty(Run("filter requestParameters.userName = \"bob\""));
        Assert.Single(Run("filter requestParameters.userName like \"ar\""));
        Assert.Single(Run("filter requestParameters.userName =~ /(?i)^bob$/"));
    }

    [Fact]
    public void Array_elements_are_reached_by_index()
    {
        var rows = Run("filter ispresent(resources.1.ARN) | fields resources.1.ARN");
        Assert.Equal("arn:2", Assert.Single(rows)["resources.1.ARN"]);
    }

    [Fact]
    public void Sort_orders_by_several_keys_stably_and_limit_takes_the_first()
    {
        var rows = Run("sort eventName desc, @timestamp asc | fields eventName, requestParameters.userName as who");
        Assert.Equal(new[] { "ListUsers", "DeleteUser", "CreateUser", "CreateUser" }, rows.Select(r => r["eventName"]));
        Assert.Equal(new[] { null, "dave", "Bob", "carol" }, rows.Select(r => r["who"]));
        var limited = Run("sort @timestamp desc | limit 2 | fields eventName");
        Assert.Equal(new[] { "ListUsers", "DeleteUser" }, limited.Select(r => r["eventName"]));
    }

    [Fact]
    public void System_fields_give_time_message_log_and_pointer()
    {
        var row = Run("limit 1 | fields @timestamp, @message, @log, @logStream, @ptr").Single();
        Assert.Equal(new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc), row["@timestamp"]);
        Assert.Contains("\"CreateUser\"", (string)row["@message"]!);
        Assert.Equal("/logs/a.json", row["@log"]);
        Assert.Equal("a.json", row["@logStream"]);
        Assert.Matches("^[0-9a-f]{16}-1$", (string)row["@ptr"]!);
    }

    [Fact]
    public void Without_fields_the_columns_are_timestamp_and_message()
    {
        Assert.Equal(new[] { "@timestamp", "@message" }, CompiledQuery.Parse("filter eventName = \"x\"").Columns);
        Assert.Equal(new[] { "b" }, CompiledQuery.Parse("fields a, b | display b").Columns);
    }

    [Fact]
    public void Functions_and_arithmetic_compute_values()
    {
        var row = Run("filter eventName = \"ListUsers\" | fields count * 2 + 1 as n, toupper(eventName) as up, concat(eventName, \"!\") as c, coalesce(nosuch, \"fallback\") as f").Single();
        Assert.Equal(15.0, row["n"]);
        Assert.Equal("LISTUSERS", row["up"]);
        Assert.Equal("ListUsers!", row["c"]);
        Assert.Equal("fallback", row["f"]);
    }

    [Fact]
    public void Empty_input_gives_no_rows()
    {
        Assert.Empty(CompiledQuery.Parse("sort a | limit 5").Run(Array.Empty<ILogRecord>()));
    }
}
