using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamDeleteUserEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(DeleteUserEvent))]
public sealed class GetIamDeleteUserEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamDeleteUserEvent");
}
