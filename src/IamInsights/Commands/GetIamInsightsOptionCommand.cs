using System.Management.Automation;
using IamInsights.Running;
using IamInsights.Settings;

namespace IamInsights.Commands;

/// <summary>Shows the module's settings for this process: default log groups, row limit, concurrency and default source.</summary>
[Cmdlet(VerbsCommon.Get, "IamInsightsOption")]
[OutputType(typeof(IamInsightsOptions))]
public sealed class GetIamInsightsOptionCommand : PSCmdlet
{
    protected override void EndProcessing() => WriteObject(ModuleOptions.Current.Clone());
}
