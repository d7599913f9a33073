using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace IamInsights.Records;

/// <summary>The rules that set the <see cref="IamRisk"/> flags of a record.</summary>
public static class RiskRules
{
    /// <summary>The managed policies whose grant is an admin grant.</summary>
    public static readonly IReadOnlyList<string> AdminPolicies = new[] { "AdministratorAccess", "IAMFullAccess", "PowerUserAccess" };

    /// <summary>Calls that change the credentials or permissions of the user named in requestParameters.userName.</summary>
    public static readonly IReadOnlyCollection<string> UserCredentialOrPermissionChanges = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateAccessKey", "UpdateAccessKey", "UploadSigningCertificate", "CreateLoginProfile", "UpdateLoginProfile",
        "EnableMFADevice", "DeactivateMFADevice", "AttachUserPolicy", "PutUserPolicy", "PutUserPermissionsBoundary",
        "DeleteUserPermissionsBoundary", "AddUserToGroup",
    };

    private static readonly HashSet<string> PolicyGrants = new(StringComparer.Ordinal)
    {
        "AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy",
    };

    private static readonly HashSet<string> BoundaryGrants = new(StringComparer.Ordinal)
    {
        "PutUserPermissionsBoundary", "PutRolePermissionsBoundary",
    };

    private static readonly HashSet<string> DocumentGrants = new(StringComparer.Ordinal)
    {
        "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy", "CreatePolicy", "CreatePolicyVersion",
    };

    public static IamRisk Evaluate(IamEvent e, RiskFacts facts)
    {
        var risk = IamRisk.None;
        string name = e.EventName ?? "";
        if (e.UserIdentityType == "Root") risk |= IamRisk.Root;
        if (!string.IsNullOrEmpty(e.ErrorCode) || string.Equals(facts.Result, "Failure", StringComparison.OrdinalIgnoreCase)) risk |= IamRisk.Failed;

        if (name == "ConsoleLogin")
        {
            if (facts.ConsoleMfaUsed == false && (risk & IamRisk.Failed) == 0) risk |= IamRisk.NoMfa;
        }
        else if ((e.UserIdentityType == "IAMUser" || e.UserIdentityType == "Root") && e.MfaAuthenticated == false)
        {
            risk |= IamRisk.NoMfa;
        }

        if ((PolicyGrants.Contains(name) && IsAdminPolicy(facts.PolicyArn))
            || (BoundaryGrants.Contains(name) && IsAdminPolicy(facts.PermissionsBoundary))
            || (DocumentGrants.Contains(name) && AllowsEverything(facts.PolicyDocument)))
        {
            risk |= IamRisk.AdminGrant;
        }

        if (UserCredentialOrPermissionChanges.Contains(name) && !string.IsNullOrEmpty(facts.TargetUser)
            && !string.Equals(facts.TargetUser, e.RequestUser, StringComparison.OrdinalIgnoreCase))
        {
            risk |= IamRisk.OtherPrincipal;
        }

        if ((name == "SwitchRole" || name == "AssumeRole") && AccountOf(facts.TargetRoleArn) is { } target
            && !string.IsNullOrEmpty(e.RequestAccountId) && target != e.RequestAccountId)
        {
            risk |= IamRisk.CrossAccount;
        }
        if (e.UserIdentityType == "AWSAccount" && !string.IsNullOrEmpty(e.RequestAccountId) && !string.IsNullOrEmpty(e.AccountId)
            && e.RequestAccountId != e.AccountId)
        {
            risk |= IamRisk.CrossAccount;
        }
        if ((name == "CreateRole" || name == "UpdateAssumeRolePolicy") && TrustsAnotherAccount(facts.TrustPolicy, e.AccountId))
        {
            risk |= IamRisk.CrossAccount;
        }
        return risk;
    }

    /// <summary>An AWS managed policy ARN (arn:aws:iam::aws:policy/...) ending in one of the admin policies.</summary>
    public static bool IsAdminPolicy(string? arn)
    {
        if (string.IsNullOrEmpty(arn) || arn!.IndexOf(":iam::aws:policy/", StringComparison.Ordinal) < 0) return false;
        string policy = arn.Substring(arn.LastIndexOf('/') + 1);
        return AdminPolicies.Contains(policy, StringComparer.Ordinal);
    }

    /// <summary>True when a policy document has an Allow statement whose Action and Resource both include "*".</summary>
    public static bool AllowsEverything(string? document) =>
        AllowStatements(document).Any(s => Includes(s, "Action", "*") && Includes(s, "Resource", "*"));

    /// <summary>True when a trust policy lets an AWS principal of another account (or anyone: "*") assume the role.</summary>
    public static bool TrustsAnotherAccount(string? trustPolicy, string? ownAccount)
    {
        foreach (var statement in AllowStatements(trustPolicy))
        {
            if (!statement.TryGetProperty("Principal", out var principal)) continue;
            if (principal.ValueKind == JsonValueKind.String && principal.GetString() == "*") return true;
            if (principal.ValueKind != JsonValueKind.Object || !principal.TryGetProperty("AWS", out var aws)) continue;
            foreach (var value in OneOrMany(aws).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!))
            {
                string? account = value == "*" ? "*" : value.All(char.IsDigit) ? value : AccountOf(value);
                if (account != null && account != ownAccount) return true;
            }
        }
        return false;
    }

    /// <summary>The Allow statements of a policy document (JSON, possibly URL-encoded); none when it does not parse.</summary>
    private static IEnumerable<JsonElement> AllowStatements(string? document)
    {
        string? text = PolicyText.Decode(document);
        if (string.IsNullOrWhiteSpace(text)) return Enumerable.Empty<JsonElement>();
        try
        {
            using var parsed = JsonDocument.Parse(text!);
            if (!parsed.RootElement.TryGetProperty("Statement", out var statements)) return Enumerable.Empty<JsonElement>();
            return OneOrMany(statements)
                .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("Effect", out var effect)
                            && string.Equals(effect.GetString(), "Allow", StringComparison.OrdinalIgnoreCase))
                .Select(s => s.Clone())
                .ToList();
        }
        catch (JsonException)
        {
            return Enumerable.Empty<JsonElement>();
        }
    }

    private static IEnumerable<JsonElement> OneOrMany(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : new[] { element };

    private static bool Includes(JsonElement statement, string property, string value)
    {
        if (!statement.TryGetProperty(property, out var element)) return false;
        return OneOrMany(element).Any(v => v.ValueKind == JsonValueKind.String && (v.GetString() == value || v.GetString() == "*:*"));
    }

    /// <summary>The account of an ARN (its fifth field), or null.</summary>
    public static string? AccountOf(string? arn)
    {
        if (string.IsNullOrEmpty(arn)) return null;
        var parts = arn!.Split(':');
        return parts.Length > 4 && parts[4].Length > 0 ? parts[4] : null;
    }
}
