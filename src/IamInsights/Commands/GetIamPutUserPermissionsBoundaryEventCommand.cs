using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamPutUserPermissionsBoundaryEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(PutUserPermissionsBoundaryEvent))]
public sealed class GetIamPutUserPermissionsBoundaryEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamPutUserPermissionsBoundaryEvent");
}
