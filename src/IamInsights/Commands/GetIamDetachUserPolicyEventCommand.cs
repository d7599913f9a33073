using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamDetachUserPolicyEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(DetachUserPolicyEvent))]
public sealed class GetIamDetachUserPolicyEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamDetachUserPolicyEvent");
}
