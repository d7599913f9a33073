using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using IamInsights.Sources.CloudWatch;
using IamInsights.Errors;

namespace IamInsights.Aws;

/// <summary>
/// Calls an operation of an AWS JSON 1.1 service (X-Amz-Target, application/x-amz-json-1.1), or a REST-JSON POST
/// operation (a path, application/json), signed with AWSSDK.Core's SigV4 signer. An error answer becomes an
/// <see cref="AwsServiceException"/> with the service's error code; credentials never appear in a message.
/// </summary>
public sealed class AwsJsonClient
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private readonly AWSCredentials credentials;
    private readonly string region;

    public AwsJsonClient(AWSCredentials credentials, string region)
    {
        this.credentials = credentials;
        this.region = region;
    }

    /// <summary>The https endpoint of a service in the region, or the -EndpointUrl given.</summary>
    public static Uri EndpointOf(string endpointPrefix, string region, Uri? endpointUrl) =>
        endpointUrl ?? new Uri($"https://{endpointPrefix}.{region}.amazonaws.com/");

    /// <summary>A JSON 1.1 operation, named by its X-Amz-Target.</summary>
    public Task<JsonDocument> CallAsync(Uri endpoint, string signingName, string target, string body, CancellationToken cancellationToken) =>
        SendAsync(endpoint, signingName, "/", target, body, cancellationToken);

    /// <summary>A REST-JSON operation that is a POST of a JSON body to a path, such as account's /listRegions.</summary>
    public Task<JsonDocument> PostAsync(Uri endpoint, string signingName, string path, string body, CancellationToken cancellationToken) =>
        SendAsync(endpoint, signingName, path, null, body, cancellationToken);

    private async Task<JsonDocument> SendAsync(Uri endpoint, string signingName, string path, string? target, string body, CancellationToken cancellationToken)
    {
        var request = new DefaultRequest(new NoRequest(), signingName)
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = path,
            AuthenticationRegion = region,
            Content = Encoding.UTF8.GetBytes(body),
        };
        if (target != null) request.Headers["X-Amz-Target"] = target;
        request.Headers["Content-Type"] = target != null ? "application/x-amz-json-1.1" : "application/json";
        string operation = target ?? path;
        // Asked at every request, so credentials that refresh themselves are current; the request is signed with
        // exactly these keys, so the token and the key pair always belong together.
        ImmutableCredentials identity;
        try
        {
            identity = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AwsCredentialsException or AmazonClientException or AmazonServiceException or InvalidOperationException)
        {
            // A session that cannot be refreshed any more (an expired SSO session, a failing credential_process).
            throw new IamInsightsException(ErrorCatalog.AwsCredentialsNotFound,
                $"The AWS credentials could not be refreshed for {operation}: {e.Message}", operation, e);
        }
        if (identity.UseToken) request.Headers["X-Amz-Security-Token"] = identity.Token;
        new AWS4Signer().Sign(request, new SigningConfig(signingName, endpoint, region), new RequestMetrics(), new OneRequestCredentials(identity));

        using var message = new HttpRequestMessage(HttpMethod.Post, target != null ? endpoint : new Uri(endpoint, path)) { Content = new ByteArrayContent(request.Content) };
        foreach (var header in request.Headers)
        {
            if (header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", header.Value);
            }
            else if (!header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        using var response = await Http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw ToException((int)response.StatusCode, text, response);
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
    }

    private static AwsServiceException ToException(int status, string body, HttpResponseMessage response)
    {
        string code = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : "";
        string message = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("__type", out var type)) code = type.GetString() ?? code;
            if (document.RootElement.TryGetProperty("message", out var m) || document.RootElement.TryGetProperty("Message", out m)) message = m.GetString() ?? "";
        }
        catch (JsonException)
        {
            message = body.Length > 200 ? body.Substring(0, 200) : body;
        }
        // "com.amazonaws.logs#ResourceNotFoundException" and "ResourceNotFoundException:http://..." both name the same code.
        code = code.Split(':')[0];
        code = code.Substring(code.LastIndexOf('#') + 1);
        if (code.Length == 0) code = status >= 500 ? "ServiceUnavailableException" : "UnknownError";
        return new AwsServiceException(code, $"{code} ({status}): {message}", status);
    }

    private sealed class NoRequest : AmazonWebServiceRequest
    {
    }

    /// <summary>The keys one request is signed with.</summary>
    private sealed class OneRequestCredentials : AWSCredentials
    {
        private readonly ImmutableCredentials identity;

        public OneRequestCredentials(ImmutableCredentials identity) => this.identity = identity;

        public override ImmutableCredentials GetCredentials() => identity;
    }
}
