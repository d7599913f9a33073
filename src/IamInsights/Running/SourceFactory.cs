using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using IamInsights.Errors;
using IamInsights.Settings;
using IamInsights.Sources;
using IamInsights.Sources.CloudWatch;
using IamInsights.Sources.EventHistory;
using IamInsights.Sources.Files;
using IamInsights.Sources.S3;

namespace IamInsights.Running;

/// <summary>
/// Picks the source of a call from its parameters: files for -Path and -LiteralPath; otherwise the default source
/// (Set-IamInsightsOption -DefaultSource): CloudWatch Logs Insights, which falls back to Event History when no log group
/// is set or found, or Event History; -EventHistory picks Event History; -S3Uri, -BucketName and -Trail pick CloudTrail's S3 archive. Adding a source adds its case here and
/// its parameters to the cmdlet base; no cmdlet changes.
/// </summary>
internal static class SourceFactory
{
    public const string LogGroupVariable = "IamInsightsLogGroupName";
    public const string LogGroupEnvironment = "IAMINSIGHTS_LOG_GROUP";
    public const string RowLimitVariable = "IamInsightsRowLimit";
    public const string ConcurrencyVariable = "IamInsightsMaxConcurrentQueries";

    public static IQuerySource Create(SourceParameters parameters, IamInsightsOptions options, Action<string> verbose, CancellationToken cancellationToken)
    {
        if (parameters.Paths != null) return new FileSource(parameters.Paths);
        if (parameters.S3Archive) return CreateS3(parameters, options, verbose, cancellationToken);
        if (parameters.AthenaTable != null || (parameters.LogGroupName == null && parameters.LogGroupNamePrefix == null && !parameters.EventHistory && options.DefaultSource == DefaultSource.Athena))
        {
            return CreateAthena(parameters, options, verbose);
        }
        if (parameters.EventHistory || (parameters.LogGroupName == null && parameters.LogGroupNamePrefix == null && options.DefaultSource == DefaultSource.EventHistory))
        {
            return CreateEventHistory(parameters, verbose, cancellationToken);
        }
        return CreateCloudWatch(parameters, options, verbose, cancellationToken);
    }

    /// <summary>
    /// The log groups to query: -LogGroupName, $IamInsightsLogGroupName, the LogGroupName option, then
    /// IAMINSIGHTS_LOG_GROUP (comma-separated); null leaves it to the trails.
    /// </summary>
    private static IReadOnlyList<string>? LogGroups(SourceParameters parameters, IamInsightsOptions options)
    {
        if (parameters.LogGroupName != null || parameters.LogGroupNamePrefix != null) return parameters.LogGroupName;
        if (parameters.Variable(LogGroupVariable) is { } value) return LanguagePrimitives.ConvertTo<string[]>(value);
        if (options.LogGroupName.Count > 0) return options.LogGroupName;
        return Environment.GetEnvironmentVariable(LogGroupEnvironment)?.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A positive whole number from a session variable, else the option, else the default.</summary>
    private static int Setting(SourceParameters parameters, string variable, int? option, int fallback)
    {
        var value = parameters.Variable(variable);
        if (value == null) return option ?? fallback;
        if (LanguagePrimitives.TryConvertTo<int>(value, out int number) && number > 0) return number;
        throw new IamInsightsException(ErrorCatalog.InvalidSetting, $"${variable} must be a positive whole number, not '{value}'.", value);
    }

    /// <summary>Kept apart so that only a remote call loads the AWS assemblies.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IQuerySource CreateCloudWatch(SourceParameters parameters, IamInsightsOptions options, Action<string> verbose, CancellationToken cancellationToken)
    {
        var defaults = new InsightsRunnerOptions();
        var runnerOptions = new InsightsRunnerOptions
        {
            RowLimit = Setting(parameters, RowLimitVariable, options.RowLimit, defaults.RowLimit),
            MaxConcurrency = Setting(parameters, ConcurrencyVariable, options.MaxConcurrentQueries, defaults.MaxConcurrency),
        };
        // "*" with Region names is refused as such (RegionWildcardMixed) before several names are.
        if (parameters.Region is { Count: > 1 } && !EnabledRegions.IsWildcard(parameters.Region))
        {
            throw new IamInsightsException(ErrorCatalog.RegionNotSingle,
                $"-Region '{string.Join(", ", parameters.Region)}' names several Regions, but CloudWatch Logs Insights queries one; several are taken with -EventHistory.",
                string.Join(", ", parameters.Region));
        }
        return IamInsights.Aws.RemoteSourceFactory.Create(AwsSettings(parameters), LogGroups(parameters, options)?.ToList(), parameters.LogGroupNamePrefix,
            parameters.Region, runnerOptions, verbose, cancellationToken);
    }

    /// <summary>Kept apart so that only a remote call loads the AWS assemblies.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IQuerySource CreateEventHistory(SourceParameters parameters, Action<string> verbose, CancellationToken cancellationToken) =>
        IamInsights.Aws.RemoteSourceFactory.CreateEventHistory(AwsSettings(parameters), parameters.Region, verbose, cancellationToken);

    /// <summary>
    /// Kept apart so that only a remote call loads the AWS assemblies. -AthenaTable, -AthenaWorkGroup and
    /// -AthenaOutputLocation, else the options; -Region and -AccountId limit the partitions read, and the Athena
    /// endpoint is in the session's Region.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IQuerySource CreateAthena(SourceParameters parameters, IamInsightsOptions options, Action<string> verbose)
    {
        string? table = parameters.AthenaTable ?? options.AthenaTable;
        if (table == null)
        {
            throw new IamInsightsException(ErrorCatalog.AthenaTableInvalid,
                "The default source is Athena but no table is set: give -AthenaTable or Set-IamInsightsOption -AthenaTable 'database.table'.", null);
        }
        var athena = new Sources.Athena.AthenaSourceOptions(Sources.Athena.AthenaSourceOptions.ParseTable(table))
        {
            WorkGroup = parameters.AthenaWorkGroup ?? options.AthenaWorkGroup,
            OutputLocation = Sources.Athena.AthenaSourceOptions.ParseOutputLocation(parameters.AthenaOutputLocation ?? options.AthenaOutputLocation),
            AccountIds = parameters.AccountId,
            Regions = parameters.Region,
        };
        var settings = AwsSettings(parameters);
        settings.Region = null;
        return IamInsights.Aws.RemoteSourceFactory.CreateAthena(settings, athena, verbose);
    }

    /// <summary>
    /// CloudTrail's S3 archive; -AccountId and -Region narrow its walk. Kept apart so that only a remote call loads the
    /// AWS assemblies. The session's Region is -Region when it names one Region exactly (the bucket's own Region is found
    /// by the SDK in any case).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IQuerySource CreateS3(SourceParameters parameters, IamInsightsOptions options, Action<string> verbose, CancellationToken cancellationToken)
    {
        var s3Options = new S3SourceOptions
        {
            MaxConcurrentDownloads = options.MaxConcurrentDownloads ?? S3SourceOptions.DefaultMaxConcurrentDownloads,
            AccountIds = parameters.AccountId,
            Regions = parameters.Region,
        };
        var settings = AwsSettings(parameters);
        if (parameters.Region is not { Count: 1 } || WildcardPattern.ContainsWildcardCharacters(parameters.Region[0])) settings.Region = null;
        var archive = new IamInsights.Aws.S3ArchiveRequest
        {
            S3Uri = parameters.S3Uri,
            BucketName = parameters.BucketName,
            KeyPrefix = parameters.KeyPrefix,
            Trail = parameters.Trail,
        };
        return IamInsights.Aws.RemoteSourceFactory.CreateS3(settings, archive, s3Options, verbose, cancellationToken);
    }

    /// <summary>The AWS side's settings: the credential, Region and endpoint parameters and AWS.Tools' session variables.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static IamInsights.Aws.AwsSettings AwsSettings(SourceParameters parameters) =>
        new()
        {
            AccessKey = parameters.AccessKey,
            SecretKey = parameters.SecretKey,
            SessionToken = parameters.SessionToken,
            Credential = parameters.Credential,
            ProfileName = parameters.ProfileName,
            ProfileLocation = parameters.ProfileLocation,
            StoredCredentials = AwsCredentialArguments.Credential(parameters.Variable("StoredAWSCredentials")),
            // With -Region *, the session's Region (where the trails are looked for) is us-east-1, where ListRegions is asked.
            Region = EnabledRegions.IsWildcard(parameters.Region) ? EventHistoryPlanner.GlobalRegion : parameters.Region?.FirstOrDefault(),
            StoredRegion = parameters.Variable("StoredAWSRegion"),
            EndpointUrl = parameters.EndpointUrl,
        };
}
