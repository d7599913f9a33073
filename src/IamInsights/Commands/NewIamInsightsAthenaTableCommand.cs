using System;
using System.Management.Automation;
using System.Threading;
using IamInsights.Completion;
using IamInsights.Errors;
using IamInsights.Running;
using IamInsights.Sources.Athena;

namespace IamInsights.Commands;

/// <summary>
/// Writes the CREATE TABLE of the AWS Athena guide for a trail's S3 bucket, with partition projection on account,
/// Region and day; with -Apply, runs it in Athena.
/// </summary>
[Cmdlet(VerbsCommon.New, "IamInsightsAthenaTable", SupportsShouldProcess = true)]
[OutputType(typeof(string))]
public sealed class NewIamInsightsAthenaTableCommand : PSCmdlet
{
    private readonly CancellationTokenSource cancellation = new();

    /// <summary>The S3 bucket the trail delivers to.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BucketNameCompleter))]
    public string BucketName { get; set; } = "";

    /// <summary>The trail's S3 key prefix, if it has one.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyPrefix { get; set; }

    /// <summary>The organization id of an organization trail (o-...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OrganizationId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string TableName { get; set; } = "cloudtrail_logs";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string DatabaseName { get; set; } = "default";

    /// <summary>The accounts of the account projection; without them the account is injected by each query's -AccountId.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AccountId { get; set; }

    /// <summary>The Regions of the region projection; every commercial Region when not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string[]? Region { get; set; }

    /// <summary>The first day of the day projection.</summary>
    [Parameter]
    public DateTime? StartDate { get; set; }

    /// <summary>Runs the statement in Athena rather than writing it.</summary>
    [Parameter]
    public SwitchParameter Apply { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(WorkGroupCompleter))]
    public string? AthenaWorkGroup { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AthenaOutputLocation { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string? ProfileName { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Uri? EndpointUrl { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            var ddl = new CloudTrailTableDdl
            {
                Bucket = BucketName,
                KeyPrefix = KeyPrefix,
                OrganizationId = OrganizationId,
                Database = DatabaseName,
                Table = TableName,
                AccountIds = AccountId,
                Regions = Region,
            };
            if (StartDate is { } start) ddl.StartDate = start;
            string sql = ddl.ToSql();
            if (!Apply)
            {
                WriteObject(sql);
                return;
            }
            if (!ShouldProcess($"{DatabaseName}.{TableName}", "Create the Athena table")) return;
            var parameters = new SourceParameters
            {
                AthenaTable = DatabaseName + "." + TableName,
                AthenaWorkGroup = AthenaWorkGroup,
                AthenaOutputLocation = AthenaOutputLocation,
                ProfileName = ProfileName,
                EndpointUrl = EndpointUrl,
                Variable = name => SessionState.PSVariable.GetValue(name) is PSObject wrapped ? wrapped.BaseObject : SessionState.PSVariable.GetValue(name),
            };
            var athena = (AthenaSource)SourceFactory.Create(parameters, ModuleOptions.Current, WriteVerbose, cancellation.Token);
            var observer = new PipelineObserver(_ => { }, WriteProgress, WriteVerbose, WriteWarning);
            string id = athena.Execute(sql, observer, cancellation.Token);
            WriteVerbose($"Created the table {DatabaseName}.{TableName} (Athena query {id}).");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (IamInsightsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }

    protected override void StopProcessing() => cancellation.Cancel();
}
