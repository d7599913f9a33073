using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamAccessKeyEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(AccessKeyEvent))]
public sealed class GetIamAccessKeyEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamAccessKeyEvent");
}
