using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace IamInsights.Tests;

/// <summary>
/// Windows PowerShell 5.1 runs on .NET Framework 4.7.2 or later, with no binding redirects for a module. Every assembly
/// reference of every assembly the staged module ships must resolve there: to an assembly the framework provides at an
/// equal or higher version, to System.Management.Automation from PowerShell itself, or to an assembly the module ships
/// at an equal or higher version, which the module's AssemblyResolve handler serves.
/// </summary>
public sealed class FrameworkReferenceTests
{
    [SkippableFact]
    public void EveryReferenceOfTheStagedModuleResolvesOnNetFramework472()
    {
        string module = StagedModuleFolder();
        Skip.IfNot(File.Exists(Path.Combine(module, "IamInsights.dll")), $"The module is not staged at {module} (build.ps1 Build).");

        var shippedFiles = Directory.GetFiles(module, "*.dll")
            .Concat(Directory.GetFiles(Path.Combine(module, "Dependencies"), "*.dll"))
            .ToList();
        var shipped = Definitions(shippedFiles);
        var framework = Definitions(Directory.GetFiles(PackageFolder("Net472ReferenceAssemblies"), "*.dll")
            .Concat(Directory.GetFiles(Path.Combine(PackageFolder("Net472ReferenceAssemblies"), "Facades"), "*.dll")));
        var powerShell = Definitions(Directory.GetFiles(PackageFolder("PowerShellStandardLibrary"), "System.Management.Automation.dll"));

        Assert.Contains("netstandard", framework.Keys);
        Assert.Contains("System.Management.Automation", powerShell.Keys);
        Assert.Contains("IamInsights.Engine", shipped.Keys);

        var unresolved = new List<string>();
        int checkedReferences = 0;
        foreach (string file in shippedFiles)
        {
            foreach (var reference in References(file))
            {
                checkedReferences++;
                string name = reference.Name!;
                Version wanted = reference.Version!;
                bool resolves = Provides(framework, name, wanted) || Provides(powerShell, name, wanted) || Provides(shipped, name, wanted);
                if (!resolves)
                {
                    unresolved.Add($"{Path.GetFileName(file)} references {name} {wanted}; .NET Framework 4.7.2 has " +
                        $"{Describe(framework, name)}, the module ships {Describe(shipped, name)}");
                }
            }
        }

        Assert.True(checkedReferences > shippedFiles.Count, $"Only {checkedReferences} references were read from {shippedFiles.Count} assemblies.");
        Assert.True(unresolved.Count == 0, string.Join(Environment.NewLine, unresolved));
    }

    private static bool Provides(Dictionary<string, Version> assemblies, string name, Version wanted) =>
        assemblies.TryGetValue(name, out var version) && version >= wanted;

    private static string Describe(Dictionary<string, Version> assemblies, string name) =>
        assemblies.TryGetValue(name, out var version) ? version.ToString() : "none";

    /// <summary>The staged module: the folder of IAMINSIGHTS_MODULE's manifest, else out/IamInsights in the repository, as build.ps1 stages it.</summary>
    private static string StagedModuleFolder()
    {
        string? manifest = Environment.GetEnvironmentVariable("IAMINSIGHTS_MODULE");
        if (!string.IsNullOrEmpty(manifest)) return Path.GetDirectoryName(Path.GetFullPath(manifest))!;
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder != null && !File.Exists(Path.Combine(folder.FullName, "build.ps1"))) folder = folder.Parent;
        Assert.NotNull(folder);
        return Path.Combine(folder!.FullName, "out", "IamInsights");
    }

    /// <summary>A folder of a restored package, written into this assembly by the test project.</summary>
    private static string PackageFolder(string key)
    {
        string folder = typeof(FrameworkReferenceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
        Assert.True(Directory.Exists(folder), $"The restored package folder {folder} is missing.");
        return folder;
    }

    /// <summary>Each assembly's name and version, read from its metadata; files that are not assemblies are left out.</summary>
    private static Dictionary<string, Version> Definitions(IEnumerable<string> files)
    {
        var definitions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (string file in files)
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) continue;
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly) continue;
            var definition = reader.GetAssemblyDefinition();
            definitions[reader.GetString(definition.Name)] = definition.Version;
        }
        return definitions;
    }

    private static List<AssemblyName> References(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle))
            .Select(reference => new AssemblyName { Name = reader.GetString(reference.Name), Version = reference.Version })
            .ToList();
    }
}
