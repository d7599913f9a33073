using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamRootActivity", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(IamActivity))]
public sealed class GetIamRootActivityCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamRootActivity");
}
