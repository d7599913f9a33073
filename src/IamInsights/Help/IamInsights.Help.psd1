@{
    # Text shared by the parameters of every cmdlet that has them.
    Parameters         = @{
        Path        = 'CloudTrail log files or folders to read. Wildcards are allowed. A folder is searched recursively for *.json, *.json.gz, *.jsonl and *.ndjson files (CloudTrail-Digest folders are skipped); a file named directly is read whatever its name. Each file may hold {"Records":[...]}, a JSON array, a single event, JSON lines, LookupEvents output or EventBridge envelopes, plain or gzipped.'
        LiteralPath = 'CloudTrail log files or folders, taken exactly as written (no wildcards). Binds from the PSPath property, so the output of Get-ChildItem can be piped in.'
        Since       = 'Only events at or after this time. A DateTime without a kind (as Get-Date and [datetime]"2026-11-01" give) is local time; it is converted to UTC before it is compared with eventTime. When omitted, files are read from their first event.'
        Until       = 'Only events at or before this time, compared in UTC like -Since. When omitted, files are read to their last event. -Since later than -Until is an error.'
        Checkpoint  = 'A checkpoint file for unattended runs. The first run (no file yet) reads the requested window; each later run reads from the checkpoint less -CheckpointOverlap and suppresses the results already reported, so every event is reported once. The file is written atomically, only after every record has been written to the pipeline; a run stopped midway repeats its window next time. A corrupt checkpoint, one from a newer module, or one of another query is a terminating error and is left as it is. See README, "Run it every hour on Windows".'
        CheckpointOverlap = 'How far before the checkpoint a run starts reading, to catch events that CloudTrail delivers late. Default: 20 minutes.'
        CheckpointLockTimeout = 'How long a run waits for another run that holds the same checkpoint before it fails with CheckpointLocked. Default: 1 minute.'
        Query       = 'The query, in the CloudWatch Logs Insights query language: commands fields, display, filter, stats, sort, limit, dedup and parse, separated by |, with # comments. See the README for the functions and the semantics. A malformed query is a terminating error (ErrorId MalformedQueryException) that gives the line and column.'
        Name        = 'The cmdlets whose queries to show. Wildcards are allowed. When omitted, every query of the catalog is shown.'
    }

    CatalogDescription = 'Records stream out as they are found: files in the ordinal order of their full paths (which is chronological for the S3 layout AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD), and the events of a file in the order the file holds them. Each record is a typed .NET object with the common properties EventTime (UTC), EventName, EventSource, AwsRegion, AccountId, EventId, SourceIPAddress, UserAgent, RequestUser, RequestUserArn, UserIdentityType, MfaAuthenticated, ErrorCode and ErrorMessage, plus the properties of its event. RequestUser is the IAM user name, or the session name for a role session (the SSO user, for example), or "root", or the principal id. A file that cannot be read or is not CloudTrail gives one non-terminating error that names it (ErrorId CloudTrailFileUnreadable, CloudTrailFileInvalidJson or CloudTrailFileNotCloudTrail) and every other file is still read. Use -Verbose to see the files read, the time window and the number of events found.'

    # Examples added to every catalog cmdlet; {Command} is replaced by the cmdlet's name.
    CatalogExamples    = @(
        @{
            Code    = 'Get-ChildItem C:\cloudtrail -Recurse -Filter *.json.gz | {Command}'
            Remarks = 'Reads the files that Get-ChildItem finds; they bind to -LiteralPath.'
        }
        @{
            Code    = '{Command} -Path .\AWSLogs -Since (Get-Date).AddDays(-7) | Export-Csv events.csv -NoTypeInformation'
            Remarks = 'Writes the last seven days of events to a CSV file, one column per property.'
        }
    )

    Commands           = @{
        'Get-IamCreateUserEvent'                    = @{
            Description = 'Finds the iam CreateUser calls in CloudTrail logs: who created which IAM user, and when. CreatedUser is the new user; CreateDate is responseElements.user.createDate as a UTC DateTime (null for a failed call).'
            Examples    = @(
                @{ Code = 'Get-IamCreateUserEvent -Path .\AWSLogs | Format-Table EventTime, RequestUser, CreatedUser'; Remarks = 'Lists the users created in a CloudTrail archive and who created them.' }
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
                @{ Code = 'Get-IamAddUserToGroupEvent -Path .\AWSLogs | Where-Object GroupName -like "*admin*"'; Remarks = 'Finds users added to admin groups.' }
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
                @{ Code = 'Get-IamDeleteUserPermissionsBoundaryEvent -Path .\AWSLogs -Since (Get-Date).AddDays(-1)'; Remarks = 'Lists the boundaries removed in the last day.' }
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
                @{ Code = 'Get-IamUserPolicyChange -Path .\AWSLogs -Since (Get-Date).AddDays(-7) | Export-Csv changes.csv -NoTypeInformation'; Remarks = 'The weekly report: every user policy change of the last seven days, as CSV.' }
                @{ Code = 'Get-IamUserPolicyChange -Path .\AWSLogs | Group-Object User | Sort-Object Count -Descending'; Remarks = 'Which users had the most policy changes.' }
            )
        }
        'Invoke-IamInsightsQuery'                   = @{
            Synopsis    = 'Runs a CloudWatch Logs Insights query over CloudTrail logs.'
            Description = 'Runs any query written in the CloudWatch Logs Insights query language over CloudTrail log files, with the same engine the Get-Iam cmdlets use. It writes one PSCustomObject per result row, with the properties in the order that fields, display or stats give (without them: @timestamp and @message). Numbers are numbers, @timestamp and bin() are DateTime (UTC), and the rest are strings; a missing field is $null. Fields are dotted JSON paths (requestParameters.userName), array elements by index (resources.0.ARN), backtick-quoted names, and @timestamp, @message, @log (the file path), @logStream (the file name) and @ptr (a stable id of the record). Files and the time window work as for the Get-Iam cmdlets: -Since and -Until keep the records whose eventTime falls inside before the query runs.'
            Examples    = @(
                @{ Code = 'Invoke-IamInsightsQuery -Path .\AWSLogs -Query ''filter eventSource = "iam.amazonaws.com" | stats count(*) as calls by eventName | sort calls desc'''; Remarks = 'Counts the IAM calls in an archive by API.' }
                @{ Code = 'Invoke-IamInsightsQuery -Path .\AWSLogs -Query ''filter userIdentity.type = "Root" | fields @timestamp, eventName, sourceIPAddress'''; Remarks = 'Lists what the root user did.' }
                @{ Code = 'Get-ChildItem .\AWSLogs -Recurse -File | Invoke-IamInsightsQuery -Query ''stats count(*) by bin(1h)'' -Since (Get-Date).AddDays(-1)'; Remarks = 'Counts events per hour over the last day.' }
            )
        }
        'Get-IamInsightsQuery'                      = @{
            Synopsis    = 'Lists the catalog: each cmdlet, the events it finds and the Logs Insights query it runs.'
            Description = 'Every Get-Iam cmdlet runs one query of the catalog, written in the CloudWatch Logs Insights query language. Get-IamInsightsQuery shows them; the Query property can be pasted into the CloudWatch Logs Insights console as it is, to run the same check in AWS.'
            Examples    = @(
                @{ Code = 'Get-IamInsightsQuery'; Remarks = 'Lists every cmdlet with its events.' }
                @{ Code = '(Get-IamInsightsQuery Get-IamCreateUserEvent).Query | Set-Clipboard'; Remarks = 'Copies the CreateUser query, ready to paste into the CloudWatch console.' }
            )
        }
    }
}
