using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Threading;
using IamInsights.Errors;
using IamInsights.Records;
using IamInsights.Reports;
using IamInsights.Running;

namespace IamInsights.Commands;

/// <summary>
/// Writes the records piped in, of any Get-Iam cmdlet and mixed, to one self-contained HTML report. The report is
/// built by the engine (<see cref="HtmlReport"/>); this cmdlet collects the records and writes the file, with Out-File's
/// -Force and -NoClobber.
/// </summary>
[Cmdlet(VerbsData.Export, "IamInsightsReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportIamInsightsReportCommand : PSCmdlet
{
    private readonly List<IamEvent> records = new();
    private readonly CancellationTokenSource cancellation = new();

    /// <summary>The HTML file to write, resolved against the current location.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A record of a Get-Iam cmdlet; anything else is a non-terminating error.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The page's title and heading.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "IAM changes in CloudTrail";

    /// <summary>Overwrites a read-only file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Refuses to overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Writes the report's FileInfo.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject?.BaseObject is IamEvent record)
        {
            records.Add(record);
            return;
        }
        string type = InputObject == null ? "null" : InputObject.TypeNames.Count > 0 ? InputObject.TypeNames[0] : InputObject.BaseObject.GetType().FullName!;
        WriteError(ErrorRecords.From(ErrorCatalog.ReportInputNotSupported, new PSArgumentException(
            $"Export-IamInsightsReport takes the records of the Get-Iam cmdlets; it cannot take an object of type {type}, which is left out of the report."), InputObject));
    }

    protected override void EndProcessing()
    {
        string path = ResolvedPath();
        if (NoClobber && (File.Exists(path) || Directory.Exists(path)))
        {
            Fail(ErrorCatalog.ReportFileExists, new IOException($"The report file '{path}' exists already, and -NoClobber was given."), path);
        }
        if (!ShouldProcess(path, $"Write an HTML report of {records.Count} record{(records.Count == 1 ? "" : "s")}")) return;

        string html;
        try
        {
            html = HtmlReport.Build(records, Title, DateTime.UtcNow, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        Write(path, html);
        WriteVerbose($"Export-IamInsightsReport: wrote {records.Count} record{(records.Count == 1 ? "" : "s")} to '{path}'.");
        if (PassThru) WriteObject(new FileInfo(path));
    }

    protected override void StopProcessing() => cancellation.Cancel();

    private string ResolvedPath()
    {
        string path;
        ProviderInfo provider;
        try
        {
            path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out provider, out _);
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            Fail(ErrorCatalog.ReportPathUnwritable, new IOException($"The report cannot be written to '{Path}': {e.Message}", e), Path);
            throw;
        }
        if (provider.Name != "FileSystem")
        {
            Fail(ErrorCatalog.ReportPathUnwritable, new IOException($"The report cannot be written to '{Path}': it is on the {provider.Name} provider, not the file system."), Path);
        }
        return path;
    }

    private void Write(string path, string html)
    {
        try
        {
            if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
            {
                if (!Force) Fail(ErrorCatalog.ReportPathUnwritable, new IOException($"The report cannot be written to '{path}': the file is read-only; -Force overwrites it."), path);
                File.SetAttributes(path, File.GetAttributes(path) & ~FileAttributes.ReadOnly);
            }
            File.WriteAllText(path, html, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            string reason = Directory.Exists(path) ? "it is a folder" : e.Message;
            Fail(ErrorCatalog.ReportPathUnwritable, new IOException($"The report cannot be written to '{path}': {reason}", e), path);
        }
    }

    private void Fail(ErrorDefinition error, Exception exception, string target) => ThrowTerminatingError(ErrorRecords.From(error, exception, target));
}
