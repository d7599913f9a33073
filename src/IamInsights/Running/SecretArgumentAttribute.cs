using System.Management.Automation;
using System.Security;

namespace IamInsights.Running;

/// <summary>
/// Binds a secret parameter (-SecretKey, -SessionToken) from a string or a SecureString. A SecureString stays one in
/// the bound parameters, so the plain secret is not kept where $Error or InvocationInfo would show it.
/// </summary>
internal sealed class SecretArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null => null,
            string or SecureString => value,
            _ => throw new ArgumentTransformationMetadataException($"Give a string or a SecureString, not a {value.GetType().FullName}."),
        };
    }
}
