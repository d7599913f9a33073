using System.Management.Automation;
using IamInsights.Records;

namespace IamInsights.Commands;

[Cmdlet(VerbsCommon.Get, "IamConsoleLoginEvent", DefaultParameterSetName = LogGroupSet)]
[OutputType(typeof(ConsoleLoginEvent))]
public sealed class GetIamConsoleLoginEventCommand : CatalogQueryCommand
{
    protected override CatalogEntry Entry { get; } = IamCatalog.Get("Get-IamConsoleLoginEvent");
}
