using System.Collections.Generic;
using IamInsights.Records;

namespace IamInsights.Reports;

/// <summary>
/// The one flag that colours a record in the report's chart and table: the first of its flags in
/// <see cref="Order"/>, so that each record is counted once in a day's stacked bar.
/// </summary>
internal static class RiskColours
{
    /// <summary>The flags from the most to the least alarming, then None.</summary>
    public static IReadOnlyList<IamRisk> Order { get; } = new[]
    {
        IamRisk.AdminGrant, IamRisk.Root, IamRisk.CrossAccount, IamRisk.OtherPrincipal, IamRisk.NoMfa, IamRisk.Failed, IamRisk.None,
    };

    /// <summary>The flags one by one, as README lists them.</summary>
    public static IReadOnlyList<IamRisk> Flags { get; } = new[]
    {
        IamRisk.AdminGrant, IamRisk.NoMfa, IamRisk.Root, IamRisk.Failed, IamRisk.OtherPrincipal, IamRisk.CrossAccount,
    };

    public static IamRisk Primary(IamRisk risk)
    {
        foreach (var flag in Order)
        {
            if (flag != IamRisk.None && (risk & flag) != 0) return flag;
        }
        return IamRisk.None;
    }

    /// <summary>The CSS class of a flag's colour: k0 for AdminGrant ... k6 for None.</summary>
    public static string CssClass(IamRisk primary)
    {
        for (int i = 0; i < Order.Count; i++)
        {
            if (Order[i] == primary) return "k" + i;
        }
        return "k" + (Order.Count - 1);
    }
}
