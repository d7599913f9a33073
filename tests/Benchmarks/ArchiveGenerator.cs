using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace IamInsights.Benchmarks;

/// <summary>
/// A deterministic, seeded CloudTrail archive: many services, IAM users and role sessions, about 1.5 KB per record,
/// about 0.05% IAM writes (CreateUser among them), in the S3 layout as .json.gz files of about 1.8 MiB of JSON each.
/// </summary>
public static class ArchiveGenerator
{
    public sealed record Stats(int Files, long Records, long UncompressedBytes, long CompressedBytes, long CreateUsers);

    private static readonly (string Source, string[] Names)[] Services =
    {
        ("s3.amazonaws.com", new[] { "GetObject", "PutObject", "ListObjects", "HeadObject", "GetBucketLocation" }),
        ("ec2.amazonaws.com", new[] { "DescribeInstances", "DescribeVolumes", "DescribeSecurityGroups", "RunInstances" }),
        ("kms.amazonaws.com", new[] { "Decrypt", "GenerateDataKey", "Encrypt" }),
        ("sts.amazonaws.com", new[] { "AssumeRole", "GetCallerIdentity" }),
        ("lambda.amazonaws.com", new[] { "Invoke", "ListFunctions20150331", "GetFunction" }),
        ("dynamodb.amazonaws.com", new[] { "DescribeTable", "ListTables" }),
        ("logs.amazonaws.com", new[] { "CreateLogStream", "DescribeLogGroups" }),
        ("monitoring.amazonaws.com", new[] { "GetMetricData", "PutMetricAlarm" }),
        ("iam.amazonaws.com", new[] { "GetRole", "ListRoles", "GetUser", "ListPolicies" }),
    };

    private static readonly string[] IamWrites = { "CreateUser", "AttachUserPolicy", "CreateAccessKey", "PutUserPolicy", "DeleteUser", "AddUserToGroup" };

    public static Stats Generate(string folder, int mebibytes, int seed)
    {
        var random = new Random(seed);
        long target = (long)mebibytes * 1048576;
        long written = 0, compressed = 0, records = 0, createUsers = 0;
        int files = 0;
        var time = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        const string account = "111122223333";
        while (written < target)
        {
            time = time.AddMinutes(5);
            string day = Path.Combine(folder, "AWSLogs", account, "CloudTrail", "us-east-1", time.ToString("yyyy"), time.ToString("MM"), time.ToString("dd"));
            Directory.CreateDirectory(day);
            string name = $"{account}_CloudTrail_us-east-1_{time:yyyyMMdd'T'HHmm'Z'}_{files:x8}.json.gz";
            var sb = new StringBuilder(2 << 20);
            sb.Append("{\"Records\":[");
            int inFile = 0;
            while (sb.Length < 1_850_000)
            {
                if (inFile++ > 0) sb.Append(',');
                var eventTime = time.AddSeconds(-random.Next(1, 300));
                bool iamWrite = random.Next(2000) == 0;
                string source, eventName;
                if (iamWrite)
                {
                    source = "iam.amazonaws.com";
                    eventName = IamWrites[random.Next(IamWrites.Length)];
                }
                else
                {
                    var service = Services[random.Next(Services.Length)];
                    source = service.Source;
                    eventName = service.Names[random.Next(service.Names.Length)];
                }
                if (eventName == "CreateUser") createUsers++;
                AppendRecord(sb, random, eventTime, source, eventName, account);
                records++;
            }
            sb.Append("]}");
            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            using (var file = File.Create(Path.Combine(day, name)))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            {
                gzip.Write(bytes, 0, bytes.Length);
            }
            compressed += new FileInfo(Path.Combine(day, name)).Length;
            written += bytes.Length;
            files++;
        }
        return new Stats(files, records, written, compressed, createUsers);
    }

    private static void AppendRecord(StringBuilder sb, Random random, DateTime eventTime, string source, string eventName, string account)
    {
        bool role = random.Next(3) > 0;
        string user = "user" + random.Next(40);
        string identity = role
            ? $"{{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE{random.Next(100000):D6}:{user}@example.com\",\"arn\":\"arn:aws:sts::{account}:assumed-role/AWSReservedSSO_ReadOnly_{random.Next(10)}/{user}@example.com\",\"accountId\":\"{account}\",\"accessKeyId\":\"ASIAEXAMPLE{random.Next(1000000):D8}\",\"sessionContext\":{{\"sessionIssuer\":{{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE{random.Next(100000):D6}\",\"arn\":\"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_{random.Next(10)}\",\"accountId\":\"{account}\",\"userName\":\"AWSReservedSSO_ReadOnly_{random.Next(10)}\"}},\"attributes\":{{\"creationDate\":\"{eventTime.AddMinutes(-30):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"mfaAuthenticated\":\"false\"}}}}}}"
            : $"{{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE{random.Next(100000):D6}\",\"arn\":\"arn:aws:iam::{account}:user/{user}\",\"accountId\":\"{account}\",\"accessKeyId\":\"AKIAEXAMPLE{random.Next(1000000):D8}\",\"userName\":\"{user}\"}}";
        sb.Append("{\"eventVersion\":\"1.10\",\"userIdentity\":").Append(identity)
          .Append(",\"eventTime\":\"").Append(eventTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))
          .Append("\",\"eventSource\":\"").Append(source).Append("\",\"eventName\":\"").Append(eventName)
          .Append("\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.").Append(random.Next(256))
          .Append("\",\"userAgent\":\"aws-cli/2.22.4 Python/3.12.6 Linux/6.1.0 exe/x86_64.ubuntu.24 prompt/off command/")
          .Append(eventName.ToLowerInvariant()).Append("\",\"requestParameters\":{\"bucketName\":\"reports-").Append(random.Next(50))
          .Append("\",\"key\":\"exports/2026/").Append(random.Next(100000)).Append(".parquet\",\"userName\":\"svc-").Append(random.Next(1000))
          .Append("\",\"encryptionContext\":{\"aws:s3:arn\":\"arn:aws:s3:::reports-").Append(random.Next(50)).Append("/exports\"}}")
          .Append(",\"responseElements\":null,\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"")
          .Append(Convert.ToBase64String(BitConverter.GetBytes(random.NextDouble()))).Append(Convert.ToBase64String(BitConverter.GetBytes(random.NextDouble())))
          .Append("\",\"bytesTransferredOut\":").Append(random.Next(1000000))
          .Append("},\"requestID\":\"").Append(Guid(random)).Append("\",\"eventID\":\"").Append(Guid(random))
          .Append("\",\"readOnly\":").Append(eventName.StartsWith("Get") || eventName.StartsWith("List") || eventName.StartsWith("Describe") ? "true" : "false")
          .Append(",\"resources\":[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::reports-").Append(random.Next(50)).Append("/exports/x\"},{\"accountId\":\"")
          .Append(account).Append("\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::reports-").Append(random.Next(50))
          .Append("\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":").Append(random.Next(2) == 0 ? "true" : "false")
          .Append(",\"recipientAccountId\":\"").Append(account).Append("\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"")
          .Append(source).Append("\"}}");
    }

    private static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }
}
