using Orleans.Concurrency;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Grains.Compliance.Storage;

namespace Rowell.Grains.Compliance.Flags;

/// <summary>Lists, flag analytics and reports, read from the compliance store (never by fanning out to grains).</summary>
[StatelessWorker]
public sealed class ComplianceQueryGrain(IComplianceStore store) : Grain, IComplianceQueryGrain
{
    public Task<Page<VerificationView>> Verifications(string developerId, VerificationFilter filter, PageRequest page, CancellationToken cancellationToken = default) =>
        store.ListVerificationsAsync(developerId, filter, page, cancellationToken);

    public Task<Page<FlagView>> Flags(string developerId, FlagFilter filter, PageRequest page, CancellationToken cancellationToken = default) =>
        store.ListFlagsAsync(developerId, filter, page, cancellationToken);

    public async Task<FlagAnalyticsView> FlagAnalytics(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default) =>
        ComplianceAggregates.Analytics(await store.FlagsCreatedAsync(developerId, environment, from, to, cancellationToken));

    public async Task<IReadOnlyList<ComplianceReportRow>> Reports(string developerId, ComplianceReportQuery query, CancellationToken cancellationToken = default)
    {
        var from = new DateTimeOffset(query.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(query.End.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var verifications = await store.VerificationsCreatedAsync(developerId, query.Environment, from, to, cancellationToken);
        var flags = await store.FlagsCreatedAsync(developerId, query.Environment, from, to, cancellationToken);
        return ComplianceAggregates.Report(query, verifications, flags);
    }
}
