using System;

namespace IamInsights.Records;

/// <summary>Policy documents as CloudTrail records them: JSON text, URL-encoded in older events.</summary>
internal static class PolicyText
{
    /// <summary>
    /// The inline policy and the trust policy of a call: UpdateAssumeRolePolicy sends the trust policy as
    /// policyDocument, CreateRole as assumeRolePolicyDocument.
    /// </summary>
    public static (string? Policy, string? Trust) SplitTrustPolicy(string? eventName, string? policyDocument, string? assumeRolePolicyDocument) =>
        eventName == "UpdateAssumeRolePolicy" ? (null, policyDocument) : (policyDocument, assumeRolePolicyDocument);

    public static string? Decode(string? document)
    {
        if (string.IsNullOrEmpty(document)) return document;
        string trimmed = document!.TrimStart();
        if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.IndexOf('%') < 0) return document;
        try
        {
            return Uri.UnescapeDataString(document.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return document;
        }
    }
}
