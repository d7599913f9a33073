using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamLoginProfileEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(LoginProfileEvent))]
public sealed class GetIamLoginProfileEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamLoginProfileEvent");
}
