using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace IamInsights.Commands;

/// <summary>
/// Loads the module's dependencies from its Dependencies folder, whatever version the caller asks for, so that Windows
/// PowerShell 5.1 (which has no binding redirects for modules) finds them too. On PowerShell 7 the AWS side
/// (IamInsights.Aws and the AWSSDK assemblies) loads into a private AssemblyLoadContext, so that it works in a session
/// that already loaded another AWSSDK.Core (AWS.Tools imported first). The engine stays in the default context, which
/// both sides share.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string AwsAssembly = "IamInsights.Aws";

    private static readonly string DependencyFolder =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies");

    private static readonly Lazy<Assembly?> IsolatedAws = new(LoadAwsInPrivateContext);

    public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveDependency;

    public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveDependency;

    private static Assembly? ResolveDependency(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (name == null) return null;
        if (name == AwsAssembly && IsolatedAws.Value is { } isolated) return isolated;
        if (IsAwsSide(name) && IsolatedAws.Value != null) return null;
        string candidate = Path.Combine(DependencyFolder, name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }

    private static bool IsAwsSide(string name) =>
        name == AwsAssembly || name.StartsWith("AWSSDK.", StringComparison.Ordinal) || name == "System.IO.Hashing";

    /// <summary>
    /// On .NET (PowerShell 7), a new AssemblyLoadContext holding the AWSSDK assemblies of the Dependencies folder and
    /// IamInsights.Aws; null on .NET Framework (Windows PowerShell 5.1), where there are no load contexts. The context
    /// is reached by reflection because this assembly targets netstandard2.0.
    /// </summary>
    private static Assembly? LoadAwsInPrivateContext()
    {
        var contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false);
        var constructor = contextType?.GetConstructor(new[] { typeof(string), typeof(bool) });
        var loadFromPath = contextType?.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
        if (constructor == null || loadFromPath == null) return null;
        object context = constructor.Invoke(new object[] { "IamInsights.Aws", false });
        // The context's own copies come first: they are found in its cache before anything else is asked.
        var files = Directory.GetFiles(DependencyFolder, "*.dll")
            .Where(f => IsAwsSide(Path.GetFileNameWithoutExtension(f)) && Path.GetFileNameWithoutExtension(f) != AwsAssembly);
        foreach (var file in files) loadFromPath.Invoke(context, new object[] { file });
        return (Assembly)loadFromPath.Invoke(context, new object[] { Path.Combine(DependencyFolder, AwsAssembly + ".dll") })!;
    }
}
