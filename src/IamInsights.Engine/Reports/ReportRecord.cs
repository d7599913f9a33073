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
    /// <summary>The common properties shown in the details, with their labels; the others have columns of their own.</summary>
    private static readonly (string Label, Func<IamEvent, object?> Value)[] CommonDetails =
    {
        ("Event ID", e => e.EventId),
        ("Source IP", e => e.SourceIPAddress),
        ("User agent", e => e.UserAgent),
        ("Identity", e => e.UserIdentityType),
        ("Caller account", e => e.RequestAccountId == e.AccountId ? null : e.RequestAccountId),
        ("MFA", e => e.MfaAuthenticated),
        ("Error", e => e.ErrorCode),
        ("Error message", e => e.ErrorMessage),
    };

    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    public ReportRecord(IamEvent record)
    {
        Event = record;
        var shape = Shapes.GetOrAdd(record.GetType(), t => new Shape(t));
        TargetUsers = Distinct(shape.UserFields.Select(p => p.GetValue(record) as string));
        TargetRoles = Distinct(shape.RoleFields.Select(p => RoleName(p.GetValue(record) as string)));
        Details = CommonDetails.Select(d => new ReportDetail(d.Label, Text(d.Value(record)), false))
            .Concat(shape.Fields.Select(f => new ReportDetail(f.Name, Text(f.Property.GetValue(record)), f.IsPolicyDocument)))
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

    /// <summary>The properties that have no column, in order, without the empty ones: the common ones under short labels, then the record type's own.</summary>
    public IReadOnlyList<ReportDetail> Details { get; }

    /// <summary>
    /// The caller's ARN when it says more than RequestUser and the account do: null for an IAM user's plain ARN
    /// (arn:aws:iam::ACCOUNT:user/NAME) and the root user's, which the report would only repeat.
    /// </summary>
    public string? CallerArn
    {
        get
        {
            var e = Event;
            if (string.IsNullOrEmpty(e.RequestUserArn)) return null;
            string prefix = "arn:aws:iam::" + e.RequestAccountId + ":";
            bool plain = e.RequestUserArn == prefix + "user/" + e.RequestUser || (e.RequestUser == "root" && e.RequestUserArn == prefix + "root");
            return plain ? null : e.RequestUserArn;
        }
    }

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
            Fields = fields;
        }

        public IReadOnlyList<PropertyInfo> UserFields { get; }

        public IReadOnlyList<PropertyInfo> RoleFields { get; }

        /// <summary>The record type's own properties, shown in the details under their names.</summary>
        public IReadOnlyList<RecordField> Fields { get; }
    }
}

/// <summary>One property in a record's details.</summary>
internal sealed class ReportDetail
{
    public ReportDetail(string label, string? text, bool isPolicyDocument)
    {
        Label = label;
        Text = text;
        IsPolicyDocument = isPolicyDocument;
    }

    public string Label { get; }

    public string? Text { get; }

    public bool IsPolicyDocument { get; }
}
