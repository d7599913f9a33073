using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamAddUserToGroupEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(AddUserToGroupEvent))]
public sealed class GetIamAddUserToGroupEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamAddUserToGroupEvent");
}
