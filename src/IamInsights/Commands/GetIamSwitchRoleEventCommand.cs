using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamSwitchRoleEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(SwitchRoleEvent))]
public sealed class GetIamSwitchRoleEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamSwitchRoleEvent");
}
