using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamGroupChange", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(GroupChange))]
public sealed class GetIamGroupChangeCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamGroupChange");
}
