@{
    # Text shared by the parameters of every cmdlet that has them.
    Parameters         = @{
        Path        = 'CloudTrail log files or folders to read. Wildcards are allowed. A folder is searched recursively for *.json, *.json.gz, *.jsonl and *.ndjson files (CloudTrail-Digest folders are skipped); a file named directly is read whatever its name. Each file may hold {"Records":[...]}, a JSON array, a single event, JSON lines, LookupEvents output or EventBridge envelopes, plain or gzipped.'
        LiteralPath = 'CloudTrail log files or folders, taken exactly as written (no wildcards). Binds from the PSPath property, so the output of Get-ChildItem can be piped in.'
        Since       = 'Only events at or after this time. A DateTime without a kind (as Get-Date and [datetime]"2026-11-01" give) is local time; it is converted to UTC before it is compared with eventTime. When omitted, files are read from their first event.'
        Until       = 'Only events at or before this time, compared in UTC like -Since. When omitted, files are read to their last event. -Since later than -Until is an error.'
        LogGroupName = 'CloudWatch Logs log groups that a CloudTrail trail delivers to, by name or by ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME; from a CloudWatch monitoring account, the ARN of a linked source account''s log group); the query runs there with Logs Insights. Without -Path, -LiteralPath or -LogGroupName, the log groups come from $IamInsightsLogGroupName, then the environment variable IAMINSIGHTS_LOG_GROUP (comma-separated), then the CloudWatch Logs log groups of the account''s trails (cloudtrail:DescribeTrails). More than 50 groups are split across queries. Without -Since, a remote query covers the last 24 hours. A query returns up to 100,000 rows, read in pages (10,000 where the endpoint allows no more, which the module finds by itself); one that may hold more has its window split until every piece is under the limit, so no row is lost. Tab completion offers the account''s log groups (logs:DescribeLogGroups), reached with the credentials, -Region, -ProfileName and -EndpointUrl already typed; they are kept for the session, and completion gives up quietly after 3 seconds or without credentials.'
        LogGroupNamePrefix = 'Queries every log group whose name starts with one of these prefixes, listed with logs:DescribeLogGroups, besides those -LogGroupName names. A prefix that no log group starts with is the error LogGroupNotFound. More than 50 groups are split across queries.'
        ProfileName = 'The AWS credentials profile to use (shared credentials or config file, including SSO, assume-role and credential_process profiles), as AWS.Tools does. Tab completion offers the profiles that give credentials, from the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials, or -ProfileLocation when it is typed first) and the config file (AWS_CONFIG_FILE or ~/.aws/config).'
        ProfileLocation = 'The credentials file that holds -ProfileName, when it is not the default one.'
        Region      = 'The AWS region of the log groups. Otherwise $StoredAWSRegion, AWS_REGION, AWS_DEFAULT_REGION, or the profile''s region. With -EventHistory, one or more Regions, where STS and other regional events are read (IAM and sign-in events are always read from us-east-1); the default is us-east-1 and the session''s Region. -Region * (alone) means every Region enabled in the account, listed with account:ListRegions; -Verbose names them. With the S3 archive (-S3Uri, -BucketName, -Trail), the Region folders to read (wildcards allowed): only those prefixes are listed and downloaded; the bucket''s own Region is found by itself. With -AthenaTable, the Regions whose events are read (a predicate on the table''s region partition column); Athena itself is called in the session''s Region. Tab completion offers the Regions AWSSDK.Core knows, each with its name as the tooltip.'
        EventHistory = 'Reads CloudTrail Event History (cloudtrail:LookupEvents), which every account has: the management events of the last 90 days, per Region, at most 2 requests (100 events) a second per Region. The calls are planned from the query (one series per event name, per event source, or per exact -RequestUser) and the whole query then runs on the records, so the results are those the same events give in files. An event seen in two Regions comes out once. Records come out as pages arrive, newest first within each series: pipe to Sort-Object EventTime for chronological order. A -Since more than 90 days ago is an error (EventHistoryWindowTooOld). It is also the source when no -Path, no -LogGroupName and no configured log group is given and no trail delivers to CloudWatch Logs.'
        AccessKey   = 'An AWS access key id, with -SecretKey (and -SessionToken for temporary credentials). Credentials are looked for in AWS.Tools'' order: -AccessKey/-SecretKey, -Credential, -ProfileName, $StoredAWSCredentials, the environment, the default profile, then the container or instance role.'
        SecretKey   = 'The secret access key that goes with -AccessKey. It is never written to any output.'
        SessionToken = 'The session token of temporary credentials, with -AccessKey and -SecretKey.'
        Credential  = 'An AWSCredentials object, such as AWS.Tools'' Get-AWSCredential or New-AWSCredential gives.'
        EndpointUrl = 'Another endpoint for CloudWatch Logs, CloudTrail and S3, such as a local emulator or a VPC endpoint. S3 is then addressed path-style (http://host/bucket/key).'
        S3Uri       = 'Reads CloudTrail''s S3 archive in place, at s3://bucket/prefix, where the prefix is the trail''s S3KeyPrefix (the part of the keys before AWSLogs/; s3://bucket alone when it has none). The layout is walked with the / delimiter: AWSLogs/, organization ids and accounts, <account>/CloudTrail/<region>/, then only the year, month and day folders of the window, with an hour''s margin on each side; CloudTrail-Digest and CloudTrail-Insight are never read. Objects are downloaded in parallel (Set-IamInsightsOption -MaxConcurrentDownloads, 8 by default), and each is decompressed and scanned like a local file. An event delivered by several trails (global-service events, an organization trail beside an account trail) comes out once. Without -Since, the last 24 hours are read. Needs s3:ListBucket and s3:GetObject on the prefix (and kms:Decrypt for a KMS-encrypted archive). Tab completion offers s3://bucket/ for each of the account''s buckets (s3:ListAllMyBuckets).'
        BucketName  = 'Reads CloudTrail''s S3 archive in place, in this bucket (with -KeyPrefix when the trail has one). See -S3Uri. Tab completion offers the account''s buckets (s3:ListAllMyBuckets).'
        KeyPrefix   = 'The trail''s S3KeyPrefix in -BucketName: the part of the keys before AWSLogs/.'
        Trail       = 'Reads the S3 archive of this trail (its name or ARN) in place: cloudtrail:DescribeTrails in the session''s Region gives its S3BucketName and S3KeyPrefix. See -S3Uri. Tab completion offers the names of the Region''s trails (cloudtrail:DescribeTrails).'
        Checkpoint  = 'A checkpoint file for unattended runs. The first run (no file yet) reads the requested window; each later run reads from the checkpoint less -CheckpointOverlap and suppresses the results already reported, so every event is reported once. The file is written atomically, only after every record has been written to the pipeline; a run stopped midway repeats its window next time. A corrupt checkpoint, one from a newer module, or one of another query is a terminating error and is left as it is. See README, "Run it every hour on Windows".'
        CheckpointOverlap = 'How far before the checkpoint a run starts reading, to catch events that CloudTrail delivers late. Default: 20 minutes.'
        CheckpointLockTimeout = 'How long a run waits for another run that holds the same checkpoint before it fails with CheckpointLocked. Default: 1 minute.'
        UserName    = 'Only events that act on these IAM users (requestParameters.userName). Case-insensitive; * and ? are wildcards and ` escapes them. The filter goes into the query text, so the source scans less; any character in a value (quotes, backslashes, slashes, pipes, regex characters) matches only itself.'
        RequestUser = 'Only events made by these callers, as the RequestUser property names them: an IAM user name, a role session name (an SSO user''s e-mail, say) or root. Case-insensitive, with wildcards like -UserName. A broad filter goes into the query, and the exact match is checked on each record.'
        SourceIPAddress = 'Only events from these source addresses (sourceIPAddress: an IP address, or a service name such as AWS Internal). Case-insensitive, with wildcards.'
        AccountId   = 'Only events recorded in these accounts (recipientAccountId). Wildcards are allowed. With the S3 archive, only these accounts'' folders are listed and read.'
        ExcludeFailed = 'Leave out failed calls (those with an errorCode) and failed console sign-ins and role switches.'
        Risk        = 'Only events that carry at least one of these risk flags: AdminGrant, NoMfa, Root, Failed, OtherPrincipal, CrossAccount. See the Risk property and README for what each means.'
        EventName   = 'Only these events. Tab completion offers every event name of the catalog; with -IncludeReadOnly any IAM, STS or sign-in event name may be given.'
        IncludeReadOnly = 'Also every other IAM, STS and sign-in call, read-only ones (Get*, List*) included, rather than only the catalog''s events.'
        Query       = 'The query, in the CloudWatch Logs Insights query language: commands fields, display, filter, filterIndex, stats, sort, limit, dedup, parse and unnest run here and in CloudWatch; SOURCE, pattern, diff and anomaly only in CloudWatch Logs Insights (over files they are the terminating error QueryNotSupportedLocally, before anything is read). Commands are separated by |, with # comments. See the README for the functions and the semantics. A malformed query is a terminating error (ErrorId MalformedQueryException) that gives the line and column.'
        RowLimit    = 'The most rows one Logs Insights query returns before its time window is split (1 to 100,000). $null goes back to the default, 100,000, read in pages of 10,000; where the endpoint refuses more than 10,000 rows a query, the run goes on with 10,000 by itself and says so in -Verbose. The session variable $IamInsightsRowLimit, where set, still takes precedence.'
        MaxConcurrentQueries = 'How many Logs Insights queries run at once (1 to 100); the account''s quota is shared with dashboards and scheduled queries. $null goes back to the default, 4. The session variable $IamInsightsMaxConcurrentQueries, where set, still takes precedence.'
        MaxConcurrentDownloads = 'How many objects of CloudTrail''s S3 archive are downloaded, decompressed and scanned at once (1 to 64). $null goes back to the default, 8. Records still come out in the walk''s order.'
        DefaultSource = 'Where a cmdlet reads when it is given neither -Path nor -LiteralPath: Athena (the table of the AthenaTable option, with its AthenaWorkGroup and AthenaOutputLocation, unless -LogGroupName or -EventHistory is given), CloudWatchLogs (Logs Insights over -LogGroupName, the LogGroupName option, $IamInsightsLogGroupName, IAMINSIGHTS_LOG_GROUP, or the log groups of the account''s trails; when there are none, CloudTrail Event History) or EventHistory (CloudTrail Event History unless -LogGroupName is given).'
        PassThru    = 'Writes the settings after the change.'
        WhatIf      = 'Shows the change without making it.'
        Confirm     = 'Asks before making the change.'
        Name        = 'The cmdlets whose queries to show. Wildcards are allowed. When omitted, every query of the catalog is shown.'
        AthenaTable = 'An Amazon Athena table of CloudTrail logs, as ''database.table'', in the shape of the AWS Athena guide (New-IamInsightsAthenaTable writes one). The query is translated to SQL and runs in Athena, where the data is: filters, fields, stats, sort, limit and dedup translate; a command, function or field without a SQL equivalent is refused before any call (QueryNotTranslatable). -Since/-Until, -AccountId and -Region become predicates on the day, account and Region partition columns, so Athena reads only those. The Athena endpoint is in the session''s Region ($StoredAWSRegion, AWS_REGION, the profile). With Set-IamInsightsOption, the table cmdlets query when the default source is Athena.'
        AthenaWorkGroup = 'The Athena workgroup the query runs in (its settings, limits and cost reporting apply); the primary workgroup when not given. Tab completion offers the Region''s workgroups (athena:ListWorkGroups).'
        AthenaOutputLocation = 'The s3:// location where Athena writes the query''s results, such as s3://my-athena-results/iam/; it can be left out when the workgroup sets one.'
    }

    CatalogDescription = 'Every record has a Risk property with the flags that apply: AdminGrant (AdministratorAccess, IAMFullAccess or PowerUserAccess attached or set as a boundary, or a policy document allowing * on *), NoMfa (a console sign-in without MFA, or a change by the root user or an IAM user whose session had no MFA), Root, Failed (an errorCode, or a failed sign-in or role switch), OtherPrincipal (the caller changed the credentials or permissions of another IAM user) and CrossAccount (a role switched or assumed in another account). -Risk keeps the records with any of the given flags. Records stream out as they are found: files in the ordinal order of their full paths (which is chronological for the S3 layout AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD), and the events of a file in the order the file holds them. Each record is a typed .NET object with the common properties EventTime (UTC), EventName, EventSource, AwsRegion, AccountId, EventId, SourceIPAddress, UserAgent, RequestUser, RequestUserArn, UserIdentityType, MfaAuthenticated, ErrorCode, ErrorMessage, RequestAccountId and LogGroup, plus the properties of its event. LogGroup is the log group a record came from in CloudWatch Logs Insights, as its @log field names it: "account-id:log-group-name", where the account is that of the log group (a linked source account for a group given by ARN); it is empty for every other source. RequestUser is the IAM user name, or the session name for a role session (the SSO user, for example), or "root", or the principal id. A file that cannot be read or is not CloudTrail gives one non-terminating error that names it (ErrorId CloudTrailFileUnreadable, CloudTrailFileInvalidJson or CloudTrailFileNotCloudTrail) and every other file is still read. Use -Verbose to see the files read, the time window and the number of events found.'

    # Examples added to every catalog cmdlet; {Command} is replaced by the cmdlet's name.
    CatalogExamples    = @(
        @{
            Code    = 'Get-ChildItem .\AWSLogs -Recurse -File | {Command}'
            Remarks = 'Reads the files that Get-ChildItem finds; they bind to -LiteralPath.'
        }
        @{
            Code    = '{Command} -Path .\AWSLogs -Since (Get-Date).AddDays(-7) | Export-Csv events.csv -NoTypeInformation'
            Remarks = 'Writes the last seven days of events to events.csv, one column per property. It writes nothing to the pipeline.'
        }
    )

    Commands           = @{
        'Get-IamCreateUserEvent'                    = @{
            Description = 'Finds the iam CreateUser calls in CloudTrail logs: who created which IAM user, and when. CreatedUser is the new user; CreateDate is responseElements.user.createDate as a UTC DateTime (null for a failed call).'
            Examples    = @(
                @{ Code = 'Get-IamCreateUserEvent -Path .\AWSLogs | Format-Table EventTime, RequestUser, CreatedUser'; Remarks = 'Lists the users created in a CloudTrail archive and who created them.' }
                @{ Code = 'Get-IamCreateUserEvent -LogGroupName aws-cloudtrail-logs-111122223333 -Region us-east-1 -Since (Get-Date).AddDays(-30)'; Remarks = 'Runs the same query in CloudWatch Logs Insights over the trail''s log group, for the last 30 days. Tab completes -LogGroupName from the account''s log groups and -Region from the Regions AWS knows. Needs AWS credentials.' }
                @{ Code = 'Get-IamCreateUserEvent -EventHistory -ProfileName audit -Since (Get-Date).AddDays(-7)'; Remarks = 'Reads CloudTrail Event History, which every account has with no setup, with the credentials of the profile audit (Tab completes -ProfileName from the credentials and config files). Needs AWS credentials.' }
            )
        }
        'Get-IamDeleteUserEvent'                    = @{
            Description = 'Finds the iam DeleteUser calls in CloudTrail logs. DeletedUser is the user deleted.'
            Examples    = @(
                @{ Code = 'Get-IamDeleteUserEvent -Path .\AWSLogs | Where-Object ErrorCode -eq $null'; Remarks = 'Lists the deletions that succeeded.' }
            )
        }
        'Get-IamAddUserToGroupEvent'                = @{
            Description = 'Finds the iam AddUserToGroup calls in CloudTrail logs. AddedUser is the user, GroupName the group.'
            Examples    = @(
                @{ Code = 'Get-IamAddUserToGroupEvent -Path .\AWSLogs | Group-Object GroupName | Select-Object Name, Count'; Remarks = 'Counts the users added to each group.' }
            )
        }
        'Get-IamRemoveUserFromGroupEvent'           = @{
            Description = 'Finds the iam RemoveUserFromGroup calls in CloudTrail logs. User is the user, RemovedGroup the group.'
            Examples    = @(
                @{ Code = 'Get-IamRemoveUserFromGroupEvent -Path .\AWSLogs | Group-Object RemovedGroup'; Remarks = 'Counts removals per group.' }
            )
        }
        'Get-IamPutUserPermissionsBoundaryEvent'    = @{
            Description = 'Finds the iam PutUserPermissionsBoundary calls in CloudTrail logs. AddedUser is the user; PermissionsBoundary is the ARN of the boundary policy.'
            Examples    = @(
                @{ Code = 'Get-IamPutUserPermissionsBoundaryEvent -Path .\AWSLogs | Select-Object EventTime, AddedUser, PermissionsBoundary'; Remarks = 'Shows which boundary was set on which user.' }
            )
        }
        'Get-IamDeleteUserPermissionsBoundaryEvent' = @{
            Description = 'Finds the iam DeleteUserPermissionsBoundary calls in CloudTrail logs: a boundary being lifted from a user, which widens what the user may do. User is the user.'
            Examples    = @(
                @{ Code = 'Get-IamDeleteUserPermissionsBoundaryEvent -Path .\AWSLogs -Since ''2026-11-21'' -Until ''2026-11-21 23:59:59'''; Remarks = 'Lists the boundaries removed on 21 November 2026 (local time).' }
            )
        }
        'Get-IamPutUserPolicyEvent'                 = @{
            Description = 'Finds the iam PutUserPolicy calls in CloudTrail logs: inline policies written onto users. PolicyDocument is the policy as JSON text (URL-decoded when CloudTrail recorded it encoded).'
            Examples    = @(
                @{ Code = 'Get-IamPutUserPolicyEvent -Path .\AWSLogs | ForEach-Object { $_.PolicyDocument | ConvertFrom-Json }'; Remarks = 'Turns each inline policy into an object to inspect its statements.' }
            )
        }
        'Get-IamDetachUserPolicyEvent'              = @{
            Description = 'Finds the iam DetachUserPolicy calls in CloudTrail logs. DetachedUser is the user; DetachedPolicy is the ARN of the managed policy.'
            Examples    = @(
                @{ Code = 'Get-IamDetachUserPolicyEvent -Path .\AWSLogs | Format-Table EventTime, DetachedUser, DetachedPolicy'; Remarks = 'Lists managed policies taken off users.' }
            )
        }
        'Get-IamSwitchRoleEvent'                    = @{
            Description = 'Finds the signin SwitchRole events in CloudTrail logs: console users switching into a role. Result is Success or Failure; SwitchTo is the role (additionalEventData.SwitchTo); SwitchFrom is the identity that switched (userIdentity.arn). CloudTrail records SwitchRole in the account switched into.'
            Examples    = @(
                @{ Code = 'Get-IamSwitchRoleEvent -Path .\AWSLogs | Where-Object Result -ne "Success"'; Remarks = 'Finds failed role switches.' }
            )
        }
        'Get-IamUserPolicyChange'                   = @{
            Description = 'Finds every change to the policies of IAM users in one pass: PutUserPolicy, DeleteUserPolicy, AttachUserPolicy, DetachUserPolicy, PutUserPermissionsBoundary and DeleteUserPermissionsBoundary. Change is Added or Removed; PolicyName names an inline policy, PolicyArn a managed policy, PermissionsBoundary a boundary.'
            Examples    = @(
                @{ Code = 'Get-IamUserPolicyChange -Path .\AWSLogs -Since (Get-Date).AddDays(-7) | Export-Csv changes.csv -NoTypeInformation'; Remarks = 'The weekly report: every user policy change of the last seven days, in changes.csv. It writes nothing to the pipeline.' }
                @{ Code = 'Get-IamUserPolicyChange -Path .\AWSLogs | Group-Object User | Sort-Object Count -Descending'; Remarks = 'Which users had the most policy changes.' }
            )
        }
        'Get-IamGroupChange' = @{
            Description = 'Finds the changes to IAM groups: CreateGroup, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, PutGroupPolicy, DeleteGroupPolicy, AttachGroupPolicy and DetachGroupPolicy. Change is Added, Removed or Updated; User is the member added or removed.'
            Examples    = @(
                @{ Code = 'Get-IamGroupChange -Path .\AWSLogs | Where-Object PolicyArn | Select-Object EventTime, GroupName, PolicyArn, Change, Risk'; Remarks = 'Lists the managed policies attached to and detached from groups; Risk says AdminGrant for an admin policy.' }
            )
        }
        'Get-IamRoleChange' = @{
            Description = 'Finds the changes to IAM roles: CreateRole, DeleteRole, UpdateAssumeRolePolicy, PutRolePolicy, DeleteRolePolicy, AttachRolePolicy, DetachRolePolicy, PutRolePermissionsBoundary and DeleteRolePermissionsBoundary. AssumeRolePolicyDocument is the trust policy (who may assume the role).'
            Examples    = @(
                @{ Code = 'Get-IamRoleChange -Path .\AWSLogs | Where-Object EventName -in CreateRole, UpdateAssumeRolePolicy | Select-Object EventTime, RequestUser, RoleName, AssumeRolePolicyDocument'; Remarks = 'Shows who created a role or changed its trust policy, and who may assume it.' }
            )
        }
        'Get-IamPolicyChange' = @{
            Description = 'Finds managed policies and their versions being created, deleted or made the default: CreatePolicy, DeletePolicy, CreatePolicyVersion, DeletePolicyVersion and SetDefaultPolicyVersion. A new policy or version that allows * on * is flagged AdminGrant.'
            Examples    = @(
                @{ Code = 'Get-IamPolicyChange -Path .\AWSLogs -Risk AdminGrant'; Remarks = 'Finds new policy versions that grant everything.' }
            )
        }
        'Get-IamAccessKeyEvent' = @{
            Description = 'Finds access keys and signing certificates being created, changed or deleted: CreateAccessKey, UpdateAccessKey, DeleteAccessKey and UploadSigningCertificate. A key created for another user than the caller is flagged OtherPrincipal: the backdoor pattern.'
            Examples    = @(
                @{ Code = 'Get-IamAccessKeyEvent -Path .\AWSLogs -Risk OtherPrincipal'; Remarks = 'Finds access keys made for someone else.' }
            )
        }
        'Get-IamLoginProfileEvent' = @{
            Description = 'Finds console passwords being created, changed or deleted: CreateLoginProfile, UpdateLoginProfile, DeleteLoginProfile and ChangePassword.'
            Examples    = @(
                @{ Code = 'Get-IamLoginProfileEvent -Path .\AWSLogs -Risk OtherPrincipal'; Remarks = 'Finds console passwords set or changed for another user than the caller.' }
            )
        }
        'Get-IamMfaDeviceEvent' = @{
            Description = 'Finds MFA devices being created, enabled, deactivated or deleted: CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice and DeleteVirtualMFADevice.'
            Examples    = @(
                @{ Code = 'Get-IamMfaDeviceEvent -Path .\AWSLogs | Where-Object EventName -eq DeactivateMFADevice'; Remarks = 'Finds MFA devices being switched off.' }
            )
        }
        'Get-IamAssumeRoleEvent' = @{
            Description = 'Finds STS sessions: AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, GetFederationToken and GetSessionToken. A role assumed in another account than the caller''s is flagged CrossAccount.'
            Examples    = @(
                @{ Code = 'Get-IamAssumeRoleEvent -Path .\AWSLogs -Risk CrossAccount'; Remarks = 'Finds roles assumed across accounts.' }
            )
        }
        'Get-IamConsoleLoginEvent' = @{
            Description = 'Finds console sign-ins (signin ConsoleLogin), with Result (Success or Failure), MfaUsed and LoginTo. A failed sign-in has no errorCode: its Result is Failure and ErrorMessage says why. A successful sign-in without MFA is flagged NoMfa.'
            Examples    = @(
                @{ Code = 'Get-IamConsoleLoginEvent -Path .\AWSLogs -Risk NoMfa, Failed'; Remarks = 'Finds sign-ins without MFA and failed sign-ins.' }
            )
        }
        'Get-IamRootActivity' = @{
            Description = 'Finds everything the root user did, in any AWS service (userIdentity.type = Root). Every record is flagged Root.'
            Examples    = @(
                @{ Code = 'Get-IamRootActivity -Path .\AWSLogs | Group-Object EventName'; Remarks = 'Counts what the root user did.' }
            )
        }
        'Get-IamEvent' = @{
            Description = 'Finds any IAM, STS or sign-in event that the catalog knows, in one pass, as IamActivity records with the common properties and the targets most calls name (User, RoleName, GroupName, PolicyArn...). -EventName narrows it; -IncludeReadOnly widens it to every IAM, STS and sign-in call, read-only ones included.'
            Examples    = @(
                @{ Code = 'Get-IamEvent -Path .\AWSLogs -Risk AdminGrant, OtherPrincipal, Root'; Remarks = 'The events that most need a look, of every kind.' }
            )
        }
        'Invoke-IamInsightsQuery'                   = @{
            Synopsis    = 'Runs a CloudWatch Logs Insights query over CloudTrail logs.'
            Description = 'Runs any query written in the CloudWatch Logs Insights query language over CloudTrail log files, with the same engine the Get-Iam cmdlets use. It writes one PSCustomObject per result row, with the properties in the order that fields, display or stats give (without them: @timestamp and @message). Numbers are numbers, @timestamp and bin() are DateTime (UTC), and the rest are strings; a missing field is $null. Fields are dotted JSON paths (requestParameters.userName), array elements by index (resources.0.ARN), backtick-quoted names, and @timestamp, @message, @log (the file path), @logStream (the file name) and @ptr (a stable id of the record). Files and the time window work as for the Get-Iam cmdlets: -Since and -Until keep the records whose eventTime falls inside before the query runs.'
            Examples    = @(
                @{ Code = 'Invoke-IamInsightsQuery -Path .\AWSLogs -Query ''filter eventSource = "iam.amazonaws.com" | stats count(*) as calls by eventName | sort calls desc'''; Remarks = 'Counts the IAM calls in an archive by API.' }
                @{ Code = 'Invoke-IamInsightsQuery -Path .\AWSLogs -Query ''filter userIdentity.type = "Root" | fields @timestamp, eventName, sourceIPAddress'''; Remarks = 'Lists what the root user did.' }
                @{ Code = 'Get-ChildItem .\AWSLogs -Recurse -File | Invoke-IamInsightsQuery -Query ''stats count(*) by bin(1h)'' -Since ''2026-11-22'''; Remarks = 'Counts the events of each hour from 22 November 2026 (local time) on.' }
            )
        }
        'Get-IamInsightsOption'                     = @{
            Synopsis    = 'Shows the module''s settings for this PowerShell process.'
            Description = 'Writes the settings that Set-IamInsightsOption changes: LogGroupName (the log groups queried when a cmdlet is given no -LogGroupName), RowLimit and MaxConcurrentQueries (of Logs Insights; empty means the default), MaxConcurrentDownloads (of the S3 archive; empty means 8) and DefaultSource. The object is a copy: changing it changes nothing; use Set-IamInsightsOption.'
            Examples    = @(
                @{ Code = 'Get-IamInsightsOption'; Remarks = 'Shows the settings.' }
                @{ Code = 'Set-IamInsightsOption -RowLimit 20000; (Get-IamInsightsOption).RowLimit'; Remarks = 'Sets the Logs Insights row limit, then reads it back.' }
            )
        }
        'Set-IamInsightsOption'                     = @{
            Synopsis    = 'Changes the module''s settings for this PowerShell process.'
            Parameters  = @{
                LogGroupName = 'The CloudWatch Logs log groups (those a CloudTrail trail delivers to) that a cmdlet queries when it is given no -Path, -LiteralPath or -LogGroupName. $null or @() clears them. Tab completion offers the account''s log groups (logs:DescribeLogGroups), found with $StoredAWSCredentials and $StoredAWSRegion or the environment''s credentials and Region; they are kept for the session, and completion gives up quietly after 3 seconds or without credentials.'
            }
            Description = 'Sets the log groups queried when a cmdlet is given no -LogGroupName, the Logs Insights row limit and concurrency, how many objects of the S3 archive are read at once, the Athena table, workgroup and output location, and the default source. Each value is checked when it is set: a value out of range is refused at once with the terminating error InvalidSetting, and the settings stay as they were. The settings last for the process; put the command in your profile, or in the script a scheduled task runs, to keep them. The session variables $IamInsightsLogGroupName, $IamInsightsRowLimit and $IamInsightsMaxConcurrentQueries and the environment variable IAMINSIGHTS_LOG_GROUP still work: a session variable takes precedence over the option, and the option over the environment variable.'
            Examples    = @(
                @{ Code = 'Set-IamInsightsOption -LogGroupName aws-cloudtrail-logs-111122223333; Get-IamCreateUserEvent -Since (Get-Date).AddDays(-7)'; Remarks = 'Queries the trail''s log group without naming it on each call. Needs AWS credentials.' }
                @{ Code = 'Set-IamInsightsOption -RowLimit 100000 -MaxConcurrentQueries 8 -PassThru'; Remarks = 'Lets one Logs Insights query return up to 100,000 rows and runs eight at once.' }
                @{ Code = 'Set-IamInsightsOption -RowLimit $null'; Remarks = 'Goes back to the default row limit. It writes nothing to the pipeline.' }
            )
        }
        'New-IamInsightsAthenaTable'                = @{
            Synopsis    = 'Writes, or runs, the CREATE TABLE of an Athena table over a trail''s S3 bucket, with partition projection.'
            Description = 'Writes the CREATE EXTERNAL TABLE statement of the AWS Athena guide for the CloudTrail logs in an S3 bucket: the guide''s columns, the CloudTrail input format, and partition projection on the account, the Region and the day (yyyy/MM/dd), so that no partition is ever added by hand. Without -OrganizationId the table reads an account trail (AWSLogs/<account>/CloudTrail/<Region>/...); with it, an organization trail (AWSLogs/<o-id>/<account>/CloudTrail/<Region>/...). With -Apply the statement runs in Athena (athena:StartQueryExecution, glue:CreateTable); otherwise it is written to the pipeline to review or run yourself. The table is then queried with -AthenaTable database.table on every Get-Iam cmdlet and Invoke-IamInsightsQuery.'
            Parameters  = @{
                BucketName     = 'The S3 bucket the trail delivers its log files to.'
                KeyPrefix      = 'The trail''s S3 key prefix, if it has one, without slashes at either end.'
                OrganizationId = 'The organization id (o-...) of an organization trail, whose files sit under AWSLogs/<o-id>/<account>/.'
                TableName      = 'The table''s name: lower-case letters, digits and underscores. Default: cloudtrail_logs.'
                DatabaseName   = 'The Glue database of the table, which must exist. Default: default.'
                AccountId      = 'The accounts whose logs the table reads (an enum projection). Without them the account is an injected projection: every query must then name its accounts, with -AccountId on the Get-Iam cmdlets.'
                Region         = 'The Regions whose logs the table reads (an enum projection). Default: every commercial Region.'
                StartDate      = 'The first day the day projection covers. Default: 2020-01-01.'
                Apply          = 'Runs the statement in Athena instead of writing it.'
                ProfileName    = 'The AWS credentials profile -Apply uses; otherwise AWS.Tools'' order of credentials.'
                EndpointUrl    = 'Another Athena endpoint for -Apply, such as a local emulator or a VPC endpoint.'
            }
            Examples    = @(
                @{ Code = 'New-IamInsightsAthenaTable -BucketName my-trail-bucket'; Remarks = 'Writes the CREATE TABLE for an account trail, to run in the Athena console.' }
                @{ Code = 'New-IamInsightsAthenaTable -BucketName org-trail -OrganizationId o-a1b2c3d4e5 -AccountId 111122223333, 444455556666 -Region us-east-1, eu-west-1 -DatabaseName security'; Remarks = 'Writes the CREATE TABLE of an organization trail for two accounts and two Regions.' }
                @{ Code = 'New-IamInsightsAthenaTable -BucketName org-trail -OrganizationId o-a1b2c3d4e5 -AccountId 111122223333 -DatabaseName security -Apply -AthenaOutputLocation s3://my-athena-results/'; Remarks = 'Creates the table in Athena. Needs AWS credentials.' }
            )
        }
        'Get-IamInsightsQuery'                      = @{
            Synopsis    = 'Lists the catalog: each cmdlet, the events it finds and the Logs Insights query it runs.'
            Description = 'Every Get-Iam cmdlet runs one query of the catalog, written in the CloudWatch Logs Insights query language. Get-IamInsightsQuery shows them; the Query property can be pasted into the CloudWatch Logs Insights console as it is, to run the same check in AWS.'
            Examples    = @(
                @{ Code = 'Get-IamInsightsQuery'; Remarks = 'Lists every cmdlet with its events.' }
                @{ Code = '(Get-IamInsightsQuery Get-IamCreateUserEvent).Query'; Remarks = 'Shows the CreateUser query, ready to paste into the CloudWatch Logs Insights console.' }
            )
        }
        'Export-IamInsightsReport'                  = @{
            Synopsis    = 'Writes records of the Get-Iam cmdlets to one self-contained HTML report.'
            Description = 'Collects the records piped in, of any Get-Iam cmdlet and of several kinds at once, and writes one HTML file that needs nothing else: the CSS, the SVG chart and a small script are inline, nothing is fetched from the network (its Content-Security-Policy allows no connection), so it opens offline and can be mailed as an attachment. It shows the window (the first and last event times), the accounts and Regions the events were recorded in, the counts by risk flag and by event, a chart of events per UTC day with one bar per day coloured by risk, the top callers (RequestUser) and the top targets (the users and roles acted on), then every record with the risky ones first, each with its details and its policy documents indented. The records table reads in full with scripts off; with scripts on it can be sorted by clicking a column and filtered by text or to the risky records, and a link ending in #filter=alice opens it filtered. Everything from a log is escaped, so a name such as <script> shows as text. An object that is not a record of a Get-Iam cmdlet (a row of Invoke-IamInsightsQuery, a string, a record read back with Import-Clixml) is a non-terminating error (ReportInputNotSupported) and the report is made of the others. An existing file is overwritten, as Out-File does; -NoClobber refuses (ReportFileExists) and -Force overwrites a read-only file. A path that cannot be written is the terminating error ReportPathUnwritable. 10,000 records make a report of about 4.5 MB.'
            Parameters  = @{
                Path        = 'The HTML file to write, relative to the current location. It is taken as written (no wildcards). Its folder must exist.'
                InputObject = 'The records to report, from the pipeline: the output of any Get-Iam cmdlet, several kinds mixed. Anything else is a non-terminating error that names its type, and is left out.'
                Title       = 'The title and heading of the page. Default: IAM changes in CloudTrail.'
                Force       = 'Overwrites the file even when it is read-only. It does not override -NoClobber or the file system''s permissions.'
                NoClobber   = 'Does not overwrite an existing file: the terminating error ReportFileExists instead.'
                PassThru    = 'Writes the report''s FileInfo to the pipeline.'
                WhatIf      = 'Shows the file that would be written, without writing it.'
                Confirm     = 'Asks before writing the file.'
            }
            Examples    = @(
                @{ Code = 'Get-IamEvent -Path .\AWSLogs -Since (Get-Date).AddDays(-7) | Export-IamInsightsReport -Path .\iam-week.html'; Remarks = 'Writes a report of the last week''s IAM, STS and sign-in events. It writes nothing to the pipeline.' }
                @{ Code = '@(Get-IamUserPolicyChange -Path .\AWSLogs; Get-IamRoleChange -Path .\AWSLogs; Get-IamConsoleLoginEvent -Path .\AWSLogs) | Export-IamInsightsReport -Path report.html -Title ''Weekly IAM review'' -PassThru'; Remarks = 'Puts records of three cmdlets in one report, with its own title, and writes the file''s FileInfo.' }
                @{ Code = 'Get-IamEvent -Path .\AWSLogs -Risk AdminGrant, Root | Export-IamInsightsReport -Path .\risky.html -NoClobber'; Remarks = 'Reports only the risky events, and never overwrites an earlier report. It writes nothing to the pipeline.' }
            )
        }
    }
}
