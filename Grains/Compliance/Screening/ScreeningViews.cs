using Rowell.Abstractions.Compliance;
using Rowell.Grains.Compliance.Sanctions;

namespace Rowell.Grains.Compliance.Screening;

public static class ScreeningViews
{
    /// <summary>The serialisable view of a screening's best candidate (null when nothing came near).</summary>
    public static SanctionsMatchView? Match(string screenedName, ScreeningResult result, SanctionsIndex index) =>
        result.Best is not { } best ? null : new SanctionsMatchView(
            screenedName, best.Entry.DataId, best.Entry.ReferenceNumber, best.Entry.PrimaryName, best.MatchedName,
            Math.Round(best.Score, 4), best.BirthDateAgrees, best.NationalityAgrees, index.List.Source);
}
