using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamRemoveUserFromGroupEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(RemoveUserFromGroupEvent))]
public sealed class GetIamRemoveUserFromGroupEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamRemoveUserFromGroupEvent");
}
