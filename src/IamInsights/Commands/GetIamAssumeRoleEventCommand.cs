using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamAssumeRoleEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(AssumeRoleEvent))]
public sealed class GetIamAssumeRoleEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamAssumeRoleEvent");
}
