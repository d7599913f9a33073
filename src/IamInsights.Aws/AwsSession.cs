using System;
using System.Collections.Generic;
using System.Net;
using System.Reflection;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace IamInsights.Aws;

/// <summary>What a cmdlet was given to reach AWS: the parameters and session variables of AWS.Tools' conventions.</summary>
public sealed class AwsSettings
{
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string? SessionToken { get; set; }

    /// <summary>
    /// An AWSCredentials object, possibly of another AWSSDK.Core (AWS.Tools'), asked for its keys at every request; or a
    /// NetworkCredential whose user name is the access key and whose password is the secret key.
    /// </summary>
    public object? Credential { get; set; }

    public string? ProfileName { get; set; }

    public string? ProfileLocation { get; set; }

    /// <summary>$StoredAWSCredentials.</summary>
    public object? StoredCredentials { get; set; }

    public string? Region { get; set; }

    /// <summary>$StoredAWSRegion: a region name or a RegionEndpoint of any AWSSDK.Core.</summary>
    public object? StoredRegion { get; set; }

    public Uri? EndpointUrl { get; set; }
}

/// <summary>Credentials and region resolved in AWS.Tools' order, and where they came from (never the secret itself).</summary>
public sealed class AwsSession
{
    private AwsSession(AWSCredentials credentials, string credentialSource, string region, string regionSource)
    {
        Credentials = credentials;
        CredentialSource = credentialSource;
        Region = region;
        RegionSource = regionSource;
    }

    public AWSCredentials Credentials { get; }

    /// <summary>"-AccessKey/-SecretKey", "profile 'audit'", "the environment"...</summary>
    public string CredentialSource { get; }

    public string Region { get; }

    public string RegionSource { get; }

    /// <summary>
    /// Credentials from, in order: -AccessKey/-SecretKey/-SessionToken, -Credential, -ProfileName/-ProfileLocation,
    /// $StoredAWSCredentials, then the SDK's default chain (environment variables, the default profile with SSO,
    /// assume-role and credential_process, the container or instance role). The region from -Region,
    /// $StoredAWSRegion, AWS_REGION/AWS_DEFAULT_REGION, or the profile. An error says which sources were tried.
    /// </summary>
    public static AwsSession Resolve(AwsSettings settings)
    {
        var tried = new List<string>();
        var (credentials, source, profile) = ResolveCredentials(settings, tried);
        var (region, regionSource) = ResolveRegion(settings, profile);
        return new AwsSession(credentials, source, region, regionSource);
    }

    private static (AWSCredentials, string, CredentialProfile?) ResolveCredentials(AwsSettings settings, List<string> tried)
    {
        if (!string.IsNullOrEmpty(settings.AccessKey) || !string.IsNullOrEmpty(settings.SecretKey))
        {
            if (string.IsNullOrEmpty(settings.AccessKey) || string.IsNullOrEmpty(settings.SecretKey))
            {
                throw new AwsCredentialsException("Give both -AccessKey and -SecretKey (and -SessionToken for temporary credentials).", incomplete: true);
            }
            return (Make(settings.AccessKey!, settings.SecretKey!, settings.SessionToken), "-AccessKey/-SecretKey", null);
        }
        if (settings.Credential != null) return (FromObject(settings.Credential, "-Credential", settings.SessionToken), "-Credential", null);

        var store = new CredentialProfileStoreChain(settings.ProfileLocation);
        if (!string.IsNullOrEmpty(settings.ProfileName))
        {
            if (store.TryGetAWSCredentials(settings.ProfileName, out var fromProfile))
            {
                store.TryGetProfile(settings.ProfileName, out var profile);
                return (fromProfile, $"profile '{settings.ProfileName}'", profile);
            }
            throw new AwsCredentialsException($"The profile '{settings.ProfileName}' was not found" +
                (settings.ProfileLocation == null ? "" : $" in '{settings.ProfileLocation}'") + " or has no usable credentials.");
        }
        if (settings.StoredCredentials != null) return (FromObject(settings.StoredCredentials, "$StoredAWSCredentials", null), "$StoredAWSCredentials", null);

        tried.AddRange(new[] { "-AccessKey/-SecretKey", "-Credential", "-ProfileName", "$StoredAWSCredentials",
            "the environment (AWS_ACCESS_KEY_ID)", "the default profile (including SSO, assume-role and credential_process)",
            "the container or instance role" });
        try
        {
            var chain = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            store.TryGetProfile(Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default", out var defaultProfile);
            return (chain, "the SDK's default chain", defaultProfile);
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or InvalidOperationException)
        {
            throw new AwsCredentialsException("No AWS credentials were found. Tried: " + string.Join("; ", tried) + ".", e);
        }
    }

    private static (string, string) ResolveRegion(AwsSettings settings, CredentialProfile? profile)
    {
        if (!string.IsNullOrEmpty(settings.Region)) return (settings.Region!, "-Region");
        if (settings.StoredRegion != null)
        {
            var name = settings.StoredRegion as string
                       ?? settings.StoredRegion.GetType().GetProperty("SystemName")?.GetValue(settings.StoredRegion) as string
                       ?? settings.StoredRegion.ToString();
            if (!string.IsNullOrEmpty(name)) return (name!, "$StoredAWSRegion");
        }
        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(value)) return (value!, variable);
        }
        if (profile?.Region != null) return (profile.Region.SystemName, $"profile '{profile.Name}'");
        throw new AwsCredentialsException("No AWS region was found. Tried: -Region, $StoredAWSRegion, AWS_REGION, AWS_DEFAULT_REGION and the profile's region.");
    }

    private static AWSCredentials Make(string accessKey, string secretKey, string? token) =>
        string.IsNullOrEmpty(token) ? new BasicAWSCredentials(accessKey, secretKey) : new SessionAWSCredentials(accessKey, secretKey, token);

    /// <summary>
    /// An AWSCredentials of this AWSSDK.Core as it is; one of another AWSSDK.Core asked for its keys at every request
    /// (<see cref="DuckTypedCredentials"/>), also when held by AWS.Tools' AWSPSCredentials; a NetworkCredential (a PSCredential's user name and password) as an access
    /// key and secret key, with -SessionToken when given. Either is checked once here, so a bad object fails before
    /// any request.
    /// </summary>
    private static AWSCredentials FromObject(object credential, string name, string? sessionToken)
    {
        if (credential is AWSCredentials own) return own;
        if (credential is NetworkCredential pair)
        {
            if (string.IsNullOrEmpty(pair.UserName) || string.IsNullOrEmpty(pair.Password))
            {
                throw new AwsCredentialsException($"{name} is a credential without a user name (the access key) or a password (the secret key).", incomplete: true);
            }
            return Make(pair.UserName, pair.Password, sessionToken);
        }
        var duckTyped = DuckTypedCredentials.TryCreate(credential, name);
        if (duckTyped == null)
        {
            // AWS.Tools' $StoredAWSCredentials is an AWSPSCredentials, which holds the AWSCredentials in a non-public property.
            var held = credential.GetType().GetProperty("Credentials", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(credential);
            if (held != null) return FromObject(held, name, sessionToken);
            throw new AwsCredentialsException($"{name} is a {credential.GetType().FullName}, which gives no access key and secret key.");
        }
        duckTyped.GetCredentials();
        return duckTyped;
    }
}

/// <summary>Credentials or a region could not be found (the message says where the module looked), or were given in part.</summary>
public sealed class AwsCredentialsException : Exception
{
    public AwsCredentialsException(string message, Exception? inner = null, bool incomplete = false)
        : base(message, inner)
    {
        Incomplete = incomplete;
    }

    /// <summary>True when the parameters gave only part of a key pair, rather than nothing being found.</summary>
    public bool Incomplete { get; }
}
