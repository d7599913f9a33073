using System;
using System.Management.Automation;
using IamInsights.Completion;
using IamInsights.Errors;
using IamInsights.Running;
using IamInsights.Settings;

namespace IamInsights.Commands;

/// <summary>
/// Changes the module's settings for this process (every runspace in it). Each value is checked here, so a bad one is refused when it is
/// set (ErrorId InvalidSetting) rather than when a query runs. $null clears a setting back to its default.
/// </summary>
[Cmdlet(VerbsCommon.Set, "IamInsightsOption", SupportsShouldProcess = true)]
[OutputType(typeof(IamInsightsOptions))]
public sealed class SetIamInsightsOptionCommand : PSCmdlet
{
    /// <summary>The log groups to query when a cmdlet is given no -LogGroupName.</summary>
    [Parameter]
    [AllowNull]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[]? LogGroupName { get; set; }

    /// <summary>The most rows one Logs Insights query returns before its window is split.</summary>
    [Parameter]
    [AllowNull]
    public int? RowLimit { get; set; }

    /// <summary>How many Logs Insights queries run at once.</summary>
    [Parameter]
    [AllowNull]
    public int? MaxConcurrentQueries { get; set; }

    /// <summary>How many objects of CloudTrail's S3 archive are downloaded and scanned at once (1 to 64; 8 by default).</summary>
    [Parameter]
    [AllowNull]
    public int? MaxConcurrentDownloads { get; set; }

    /// <summary>
    /// Where a cmdlet reads when it is given neither -Path nor -LiteralPath: a name of <see cref="Settings.DefaultSource"/>.
    /// A string, because PowerShell loads the cmdlet types before the engine's assembly can be resolved.
    /// </summary>
    [Parameter]
    [ValidateSet(nameof(Settings.DefaultSource.CloudWatchLogs), nameof(Settings.DefaultSource.EventHistory), nameof(Settings.DefaultSource.Athena), IgnoreCase = true)]
    public string? DefaultSource { get; set; }

    /// <summary>The Athena CloudTrail table, 'database.table', that cmdlets query with -DefaultSource Athena.</summary>
    [Parameter]
    [AllowNull]
    public string? AthenaTable { get; set; }

    /// <summary>The Athena workgroup of those queries.</summary>
    [Parameter]
    [AllowNull]
    [ArgumentCompleter(typeof(WorkGroupCompleter))]
    public string? AthenaWorkGroup { get; set; }

    /// <summary>The s3:// location where Athena writes their results.</summary>
    [Parameter]
    [AllowNull]
    public string? AthenaOutputLocation { get; set; }

    /// <summary>Writes the settings after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var options = ModuleOptions.Current.Clone();
        try
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(LogGroupName))) options.LogGroupName = LogGroupName ?? new string[0];
            if (MyInvocation.BoundParameters.ContainsKey(nameof(RowLimit))) options.RowLimit = RowLimit;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxConcurrentQueries))) options.MaxConcurrentQueries = MaxConcurrentQueries;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxConcurrentDownloads))) options.MaxConcurrentDownloads = MaxConcurrentDownloads;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AthenaTable))) options.AthenaTable = AthenaTable;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AthenaWorkGroup))) options.AthenaWorkGroup = AthenaWorkGroup;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(AthenaOutputLocation))) options.AthenaOutputLocation = AthenaOutputLocation;
            if (DefaultSource != null) options.DefaultSource = (Settings.DefaultSource)Enum.Parse(typeof(Settings.DefaultSource), DefaultSource, ignoreCase: true);
        }
        catch (IamInsightsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
        if (!ShouldProcess("IamInsights options", "Set")) return;
        ModuleOptions.Replace(options);
        WriteVerbose($"IamInsights options: log groups '{string.Join(", ", options.LogGroupName)}', row limit {options.RowLimit?.ToString() ?? "default"}, " +
                     $"{options.MaxConcurrentQueries?.ToString() ?? "default"} queries at once, {options.MaxConcurrentDownloads?.ToString() ?? "default"} S3 downloads at once, default source {options.DefaultSource}.");
        if (PassThru) WriteObject(options.Clone());
    }
}
