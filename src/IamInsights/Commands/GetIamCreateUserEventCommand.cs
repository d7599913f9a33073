using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamCreateUserEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(CreateUserEvent))]
public sealed class GetIamCreateUserEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamCreateUserEvent");
}
