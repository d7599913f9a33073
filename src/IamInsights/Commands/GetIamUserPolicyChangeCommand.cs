using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamUserPolicyChange", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(UserPolicyChange))]
public sealed class GetIamUserPolicyChangeCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamUserPolicyChange");
}
