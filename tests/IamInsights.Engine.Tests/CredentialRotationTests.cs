using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Util.Internal;
using IamInsights.Aws;
using IamInsights.Query;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// Credentials that refresh themselves keep refreshing for the whole of a run: the fake Logs Insights server stops
/// accepting each key pair once it has rotated, and a run that spans several rotations still returns every row.
/// </summary>
public class CredentialRotationTests
{
    private const string Group = "/aws/cloudtrail";
    private const int RecordCount = 250;
    private static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly InsightsRunnerOptions Sequential = new()
    {
        MaxConcurrency = 1,
        RowLimit = 100,
        PollStart = TimeSpan.FromMilliseconds(1),
        PollMax = TimeSpan.FromMilliseconds(5),
    };

    private static FakeLogsInsightsServer Serve()
    {
        var fake = new FakeLogsInsights();
        fake.Add(Group, Enumerable.Range(0, RecordCount).Select(i => new CloudTrailRecord(
            JsonDocument.Parse(Events.Make("CreateUser", Start.AddSeconds(i * 300L).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                request: "{\"userName\":\"u" + i + "\"}")).RootElement, Group, "s", i)));
        var server = new FakeLogsInsightsServer(fake);
        server.AcceptedKeys.Clear();
        return server;
    }

    /// <summary>The run as the cmdlets make it: settings resolved to a session whose credentials sign every request.</summary>
    private static List<ResultRow> Run(FakeLogsInsightsServer server, AwsSettings settings)
    {
        var session = AwsSession.Resolve(settings);
        var client = new LogsInsightsHttpClient(new AwsJsonClient(session.Credentials, session.Region), session.Region, server.Endpoint);
        return new InsightsQueryRunner(client, Sequential)
            .Run(IamCatalog.Get("Get-IamCreateUserEvent").Query, new[] { Group }, new TimeWindow(Start, Start.AddDays(1)), new RecordingObserver(), CancellationToken.None)
            .ToList();
    }

    private static List<ResultRow> Run(FakeLogsInsightsServer server, object credential) =>
        Run(server, new AwsSettings { Credential = credential, Region = "us-east-1" });

    [Fact]
    public void Refreshing_credentials_of_this_sdk_keep_a_run_going_across_key_rotations()
    {
        using var server = Serve();
        var issuer = new RotatingKeyIssuer(server);
        server.Answered = n => { if (n % 3 == 0) issuer.Rotate(); };

        var rows = Run(server, issuer);

        Assert.Equal(RecordCount, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.Equal(RecordCount, rows.Count);
        Assert.True(issuer.Rotations >= 4, $"the run spanned only {issuer.Rotations} rotations");
        Assert.Equal(issuer.Rotations + 1, issuer.Issued);
        Assert.Equal(0, server.Refused);
    }

    [Fact]
    public void Credentials_of_another_sdk_are_asked_for_their_keys_at_every_request()
    {
        using var server = Serve();
        var issuer = new RotatingKeyIssuer(server);
        var foreign = new OtherSdkCredentials(issuer);
        server.Answered = n => { if (n % 3 == 0) issuer.Rotate(); };

        var rows = Run(server, foreign);

        Assert.Equal(RecordCount, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.Equal(RecordCount, rows.Count);
        Assert.True(issuer.Rotations >= 4, $"the run spanned only {issuer.Rotations} rotations");
        Assert.Equal(0, server.Refused);
        Assert.True(foreign.Calls > issuer.Rotations, $"the keys were asked for {foreign.Calls} times");
    }

    [Fact]
    public void Keys_copied_once_are_refused_after_the_first_rotation()
    {
        using var server = Serve();
        var issuer = new RotatingKeyIssuer(server);
        var first = issuer.GetCredentials();
        var copied = new SessionAWSCredentials(first.AccessKey, first.SecretKey, first.Token);
        server.Answered = n => { if (n % 3 == 0) issuer.Rotate(); };

        var error = Assert.Throws<AwsServiceException>(() => Run(server, copied));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
    }

    [Fact]
    public void Stored_credentials_held_as_aws_tools_holds_them_keep_refreshing()
    {
        using var server = Serve();
        var issuer = new RotatingKeyIssuer(server);
        server.Answered = n => { if (n % 3 == 0) issuer.Rotate(); };
        var settings = new AwsSettings { StoredCredentials = new StoredCredentialsHolder(new OtherSdkCredentials(issuer)), Region = "us-east-1" };

        var rows = Run(server, settings);

        Assert.Equal(RecordCount, rows.Select(r => r.GetText("eventID")).Distinct().Count());
        Assert.True(issuer.Rotations >= 4, $"the run spanned only {issuer.Rotations} rotations");
        Assert.Equal(0, server.Refused);
    }

    [Fact]
    public void A_network_credential_gives_the_access_key_and_secret_key_with_the_session_token()
    {
        var session = AwsSession.Resolve(new AwsSettings
        {
            Credential = new NetworkCredential("AKIAPAIRFROMCREDENTIAL", "pair/secret"),
            SessionToken = "pair-token",
            Region = "eu-west-1",
        });
        var keys = session.Credentials.GetCredentials();
        Assert.Equal(("AKIAPAIRFROMCREDENTIAL", "pair/secret", "pair-token"), (keys.AccessKey, keys.SecretKey, keys.Token));
        Assert.Equal("-Credential", session.CredentialSource);
    }

    [Fact]
    public void A_network_credential_without_a_password_is_incomplete()
    {
        var error = Assert.Throws<AwsCredentialsException>(() => AwsSession.Resolve(new AwsSettings
        {
            Credential = new NetworkCredential("AKIAPAIRFROMCREDENTIAL", ""),
            Region = "eu-west-1",
        }));
        Assert.True(error.Incomplete);
        Assert.Contains("-Credential", error.Message);
    }

    [Fact]
    public void An_object_without_GetCredentials_is_named_in_the_error()
    {
        var error = Assert.Throws<AwsCredentialsException>(() => AwsSession.Resolve(new AwsSettings { Credential = new Uri("https://example.com/"), Region = "eu-west-1" }));
        Assert.Equal("-Credential is a System.Uri, which gives no access key and secret key.", error.Message);
    }

    [Fact]
    public void A_failure_inside_another_sdks_object_is_a_credentials_error_that_names_the_parameter()
    {
        var error = Assert.Throws<AwsCredentialsException>(() => AwsSession.Resolve(new AwsSettings { Credential = new FailingCredentials(), Region = "eu-west-1" }));
        Assert.Equal("-Credential (a IamInsights.Tests.CredentialRotationTests+FailingCredentials) could not give credentials: The SSO token has expired.", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    /// <summary>A clock the test moves on.</summary>
    private sealed class TestClock : ITimeProvider
    {
        public DateTime CorrectedUtcNow { get; set; } = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>
    /// Stands in for STS, SSO or credential_process: issues session keys that last an hour. Each rotation moves the
    /// clock past their expiry and makes the server refuse them from then on.
    /// </summary>
    private sealed class RotatingKeyIssuer : RefreshingAWSCredentials
    {
        private readonly FakeLogsInsightsServer server;
        private readonly TestClock clock;
        private string? current;
        private int issued;
        private int rotations;

        public RotatingKeyIssuer(FakeLogsInsightsServer server)
            : this(server, new TestClock())
        {
        }

        private RotatingKeyIssuer(FakeLogsInsightsServer server, TestClock clock)
            : base(clock)
        {
            this.server = server;
            this.clock = clock;
        }

        public int Issued => issued;

        public int Rotations => rotations;

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            int n = Interlocked.Increment(ref issued);
            string accessKey = $"ASIAROTATED{n:D9}", secretKey = $"rotated/secret/number/{n}";
            server.AcceptedKeys[accessKey] = secretKey;
            current = accessKey;
            return new CredentialsRefreshState(new ImmutableCredentials(accessKey, secretKey, "token-" + n), clock.CorrectedUtcNow.AddHours(1), clock);
        }

        public void Rotate()
        {
            clock.CorrectedUtcNow = clock.CorrectedUtcNow.AddHours(1).AddMinutes(1);
            if (current != null) server.AcceptedKeys.TryRemove(current, out _);
            Interlocked.Increment(ref rotations);
        }
    }

    /// <summary>The shape of AWSCredentials and ImmutableCredentials of another AWSSDK.Core: the same members, other types.</summary>
    private sealed class OtherSdkCredentials
    {
        private readonly AWSCredentials inner;
        private int calls;

        public OtherSdkCredentials(AWSCredentials inner) => this.inner = inner;

        public int Calls => calls;

        public OtherSdkKeys GetCredentials()
        {
            Interlocked.Increment(ref calls);
            return new OtherSdkKeys(inner.GetCredentials());
        }

        public async Task<OtherSdkKeys> GetCredentialsAsync()
        {
            Interlocked.Increment(ref calls);
            return new OtherSdkKeys(await inner.GetCredentialsAsync());
        }
    }

    public sealed class OtherSdkKeys
    {
        public OtherSdkKeys(ImmutableCredentials keys) => (AccessKey, SecretKey, Token) = (keys.AccessKey, keys.SecretKey, keys.Token);

        public string AccessKey { get; }

        public string SecretKey { get; }

        public string Token { get; }
    }

    /// <summary>The shape of AWS.Tools' AWSPSCredentials, the value of $StoredAWSCredentials: the credentials in an internal property.</summary>
    private sealed class StoredCredentialsHolder
    {
        public StoredCredentialsHolder(object credentials) => Credentials = credentials;

        internal object Credentials { get; }

        public override string ToString() => "audit";
    }

    private sealed class FailingCredentials
    {
        public OtherSdkKeys GetCredentials() => throw new InvalidOperationException("The SSO token has expired.");
    }
}
