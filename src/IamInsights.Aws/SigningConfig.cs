using System;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace IamInsights.Aws;

/// <summary>The smallest client configuration AWSSDK.Core's SigV4 signer needs: the service's signing name and the endpoint.</summary>
internal sealed class SigningConfig : ClientConfig
{
    private readonly string serviceName;
    private readonly Uri endpoint;

    public SigningConfig(string serviceName, Uri endpoint, string region)
        : base(new DefaultConfigurationProvider(new[] { new DefaultConfiguration { Name = DefaultConfigurationMode.Standard } }))
    {
        this.serviceName = serviceName;
        this.endpoint = endpoint;
        AuthenticationServiceName = serviceName;
        AuthenticationRegion = region;
    }

    public override string ServiceVersion => "IamInsights";

    public override string UserAgent => "IamInsights";

    public override string RegionEndpointServiceName => serviceName;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(endpoint.ToString());
}
