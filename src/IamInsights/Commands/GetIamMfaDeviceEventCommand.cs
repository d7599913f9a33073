using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamMfaDeviceEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(MfaDeviceEvent))]
public sealed class GetIamMfaDeviceEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamMfaDeviceEvent");
}
