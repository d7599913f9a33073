using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamRoleChange", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(RoleChange))]
public sealed class GetIamRoleChangeCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamRoleChange");
}
