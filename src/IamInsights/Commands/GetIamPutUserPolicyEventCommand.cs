using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamPutUserPolicyEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(PutUserPolicyEvent))]
public sealed class GetIamPutUserPolicyEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamPutUserPolicyEvent");
}
