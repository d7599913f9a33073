using IamInsights.Settings;

namespace IamInsights.Running;

/// <summary>The settings of this process's sessions, as Set-IamInsightsOption left them.</summary>
internal static class ModuleOptions
{
    private static IamInsightsOptions current = new();

    /// <summary>A snapshot; a change is made on a copy and swapped in whole, so a running query never sees half of it.</summary>
    public static IamInsightsOptions Current => current;

    public static void Replace(IamInsightsOptions options) => current = options;
}
