using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using IamInsights.Records;

namespace IamInsights.Reports;

/// <summary>What the report shows of one record: the users and roles it acts on, and its details.</summary>
internal sealed class ReportRecord
{
    /// <summary>The common properties shown in the details; the others have columns of their own.</summary>
    private static readonly string[] CommonDetails =
    {
        nameof(IamEvent.EventSource), nameof(IamEvent.EventId), nameof(IamEvent.SourceIPAddress), nameof(IamEvent.UserAgent),
        nameof(IamEvent.UserIdentityType), nameof(IamEvent.RequestAccountId), nameof(IamEvent.MfaAuthenticated),
        nameof(IamEvent.ErrorCode), nameof(IamEvent.ErrorMessage),
    };

    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    public ReportRecord(IamEvent record)
    {
        Event = record;
        var shape = Shapes.GetOrAdd(record.GetType(), t => new Shape(t));
        TargetUsers = Distinct(shape.UserFields.Select(p => p.GetValue(record) as string));
        TargetRoles = Distinct(shape.RoleFields.Select(p => RoleName(p.GetValue(record) as string)));
        Details = shape.Details
            .Select(d => new ReportDetail(d.Property.Name, Text(d.Property.GetValue(record)), d.IsPolicyDocument))
            .Where(d => !string.IsNullOrEmpty(d.Text))
            .ToList();
        Primary = RiskColours.Primary(record.Risk);
    }

    public IamEvent Event { get; }

    /// <summary>The users the call acts on (requestParameters.userName).</summary>
    public IReadOnlyList<string> TargetUsers { get; }

    /// <summary>The roles the call acts on or switches into, by name (requestParameters.roleName, or the name in a role's ARN).</summary>
    public IReadOnlyList<string> TargetRoles { get; }

    /// <summary>The first user, else the first role, the call acts on.</summary>
    public string? Target => TargetUsers.Count > 0 ? TargetUsers[0] : TargetRoles.Count > 0 ? TargetRoles[0] : null;

    /// <summary>The properties that have no column, in order, without the empty ones.</summary>
    public IReadOnlyList<ReportDetail> Details { get; }

    /// <summary>The flag that colours the record: see <see cref="RiskColours"/>.</summary>
    public IamRisk Primary { get; }

    /// <summary>The role's name in an ARN such as arn:aws:iam::111122223333:role/path/OpsAdmin; a name is kept as it is.</summary>
    internal static string? RoleName(string? roleOrArn)
    {
        if (string.IsNullOrEmpty(roleOrArn)) return null;
        int role = roleOrArn!.IndexOf(":role/", StringComparison.Ordinal);
        if (role < 0) return roleOrArn;
        int slash = roleOrArn.LastIndexOf('/');
        return slash < roleOrArn.Length - 1 ? roleOrArn.Substring(slash + 1) : roleOrArn;
    }

    internal static string? Text(object? value) => value switch
    {
        null => null,
        DateTime time => Time(time),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    internal static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Which properties of a record type name its targets, and which are its details; read from its schema once.</summary>
    private sealed class Shape
    {
        public Shape(Type recordType)
        {
            var fields = RecordSchema.Of(recordType).Fields;
            UserFields = fields.Where(f => f.Sources.Contains("requestParameters.userName")).Select(f => f.Property).ToList();
            RoleFields = fields.Where(f => f.Sources.Any(s => s is "requestParameters.roleName" or "requestParameters.roleArn" or "additionalEventData.SwitchTo"))
                .Select(f => f.Property).ToList();
            Details = CommonDetails.Select(name => (typeof(IamEvent).GetProperty(name)!, false))
                .Concat(fields.Select(f => (f.Property, f.IsPolicyDocument)))
                .ToList();
        }

        public IReadOnlyList<PropertyInfo> UserFields { get; }

        public IReadOnlyList<PropertyInfo> RoleFields { get; }

        public IReadOnlyList<(PropertyInfo Property, bool IsPolicyDocument)> Details { get; }
    }
}

/// <summary>One property in a record's details.</summary>
internal sealed class ReportDetail
{
    public ReportDetail(string name, string? text, bool isPolicyDocument)
    {
        Name = name;
        Text = text;
        IsPolicyDocument = isPolicyDocument;
    }

    public string Name { get; }

    public string? Text { get; }

    public bool IsPolicyDocument { get; }
}
