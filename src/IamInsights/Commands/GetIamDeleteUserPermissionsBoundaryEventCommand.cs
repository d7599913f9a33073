using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamDeleteUserPermissionsBoundaryEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(DeleteUserPermissionsBoundaryEvent))]
public sealed class GetIamDeleteUserPermissionsBoundaryEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamDeleteUserPermissionsBoundaryEvent");
}
