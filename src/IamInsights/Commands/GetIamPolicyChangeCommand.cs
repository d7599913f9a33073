using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamPolicyChange", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(PolicyChange))]
public sealed class GetIamPolicyChangeCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamPolicyChange");
}
