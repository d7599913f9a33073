using System.Linq;
using System.Management.Automation;

namespace IamInsights.Commands;

/// <summary>Lists the catalog: each cmdlet, the events it finds and the Logs Insights query it runs.</summary>
[Cmdlet(VerbsCommon.Get, "IamInsightsQuery")]
[OutputType(typeof(CatalogEntry))]
public sealed class GetIamInsightsQueryCommand : PSCmdlet
{
    /// <summary>Cmdlet names to show; wildcards are allowed. All when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Command")]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        if (Name == null || Name.Length == 0)
        {
            WriteObject(IamCatalog.Entries, enumerateCollection: true);
            return;
        }
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = IamCatalog.Entries.Where(e => pattern.IsMatch(e.Command)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"The catalog has no query named '{name}'. Run Get-IamInsightsQuery to list them."),
                    "CatalogQueryNotFound", ErrorCategory.ObjectNotFound, name));
            }
            WriteObject(matches, enumerateCollection: true);
        }
    }
}
