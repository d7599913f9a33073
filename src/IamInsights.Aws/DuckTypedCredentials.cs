using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace IamInsights.Aws;

/// <summary>
/// An AWSCredentials object of another AWSSDK.Core (such as AWS.Tools' own, loaded beside this module's), asked for its
/// keys by reflection each time they are needed. Credentials that refresh themselves (SSO, assume-role,
/// credential_process, the instance role) therefore keep refreshing for as long as a run lasts.
/// </summary>
internal sealed class DuckTypedCredentials : AWSCredentials
{
    private static readonly ConcurrentDictionary<Type, Accessors?> AccessorsByType = new();
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    private readonly object source;
    private readonly string parameterName;
    private readonly Accessors accessors;

    private DuckTypedCredentials(object source, string parameterName, Accessors accessors)
    {
        this.source = source;
        this.parameterName = parameterName;
        this.accessors = accessors;
    }

    /// <summary>Wraps the object when it has a GetCredentials() method, and null when it has none.</summary>
    public static DuckTypedCredentials? TryCreate(object source, string parameterName)
    {
        var accessors = AccessorsByType.GetOrAdd(source.GetType(), Accessors.Find);
        return accessors == null ? null : new DuckTypedCredentials(source, parameterName, accessors);
    }

    public override ImmutableCredentials GetCredentials() => Convert(Invoke(accessors.GetCredentials));

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        if (accessors.GetCredentialsAsync == null) return GetCredentials();
        var task = (Task)Invoke(accessors.GetCredentialsAsync)!;
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not AwsCredentialsException)
        {
            throw Failed(e);
        }
        return Convert(task.GetType().GetProperty("Result")!.GetValue(task));
    }

    private object? Invoke(MethodInfo method)
    {
        try
        {
            return method.Invoke(source, null);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            throw Failed(e.InnerException);
        }
    }

    private AwsCredentialsException Failed(Exception inner) =>
        new($"{parameterName} (a {source.GetType().FullName}) could not give credentials: {inner.Message}", inner);

    /// <summary>The other SDK's ImmutableCredentials, read through its AccessKey, SecretKey and Token properties.</summary>
    private ImmutableCredentials Convert(object? immutable)
    {
        string? Text(string property) =>
            immutable == null ? null : Property(immutable.GetType(), property)?.GetValue(immutable) as string;
        string? accessKey = Text("AccessKey"), secretKey = Text("SecretKey"), token = Text("Token");
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            throw new AwsCredentialsException($"{parameterName} is a {source.GetType().FullName}, which gives no access key and secret key.");
        }
        return new ImmutableCredentials(accessKey, secretKey, token ?? "");
    }

    private static PropertyInfo? Property(Type type, string name) =>
        Properties.GetOrAdd((type, name), key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance));

    /// <summary>The credential methods of one type, found once.</summary>
    private sealed class Accessors
    {
        private Accessors(MethodInfo getCredentials, MethodInfo? getCredentialsAsync)
        {
            GetCredentials = getCredentials;
            GetCredentialsAsync = getCredentialsAsync;
        }

        public MethodInfo GetCredentials { get; }

        /// <summary>GetCredentialsAsync(), when it returns a Task of something.</summary>
        public MethodInfo? GetCredentialsAsync { get; }

        public static Accessors? Find(Type type)
        {
            var sync = type.GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (sync == null || sync.ReturnType == typeof(void)) return null;
            var async = type.GetMethod("GetCredentialsAsync", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            bool isTask = async != null && async.ReturnType.IsGenericType && typeof(Task).IsAssignableFrom(async.ReturnType);
            return new Accessors(sync, isTask ? async : null);
        }
    }
}
