using System.Management.Automation;
using System.Net;
using System.Security;

namespace IamInsights.Running;

/// <summary>
/// The credential parameters as the AWS side takes them: a secret as plain text, whether it came as a string or a
/// SecureString, and a PSCredential as a NetworkCredential (user name = access key, password = secret key).
/// </summary>
internal static class AwsCredentialArguments
{
    /// <summary>The text of a string or SecureString bound through <see cref="SecretArgumentAttribute"/>.</summary>
    public static string? Text(object? secret) => secret switch
    {
        SecureString secure => new NetworkCredential(string.Empty, secure).Password,
        _ => (string?)secret,
    };

    /// <summary>-Credential or $StoredAWSCredentials: a PSCredential becomes a key pair; anything else goes on as it is.</summary>
    public static object? Credential(object? credential) => (credential is PSObject wrapped ? wrapped.BaseObject : credential) switch
    {
        PSCredential pair => new NetworkCredential(pair.UserName, pair.Password),
        var other => other,
    };
}
