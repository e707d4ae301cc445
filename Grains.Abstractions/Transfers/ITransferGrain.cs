using Rowell.Abstractions.Accounts;

namespace Rowell.Abstractions.Transfers;

/// <summary>
/// One transfer (key: tr_…): a persisted state machine pending → (compliance_review) → submitted →
/// completed | failed | rejected. Create is idempotent for the same command.
/// </summary>
[Alias("rowell.ITransferGrain")]
public interface ITransferGrain : IGrainWithStringKey
{
    /// <summary>Validates, persists the intent, submits through the source wallet; returns the view as of creation.</summary>
    [Alias("create")]
    Task<TransferView> Create(CreateTransferCommand command, CancellationToken cancellationToken = default);

    /// <summary>The transfer if it belongs to <paramref name="developerId"/>, else null.</summary>
    [Alias("get")]
    Task<TransferView?> Get(string developerId);

    [Alias("events")]
    Task<IReadOnlyList<TransferEventView>> GetEvents(string developerId);

    /// <summary>Resubmits a failed, retryable transfer as a new attempt; otherwise CONFLICT.</summary>
    [Alias("retry")]
    Task<TransferView> Retry(string developerId, CancellationToken cancellationToken = default);

    /// <summary>Drives an unfinished transfer forward (after a crash, or when a sweep finds it stuck). Safe to call any time.</summary>
    [Alias("resume")]
    Task Resume();
}

/// <summary>Read-model queries for transfers and their ledger transactions (stateless worker).</summary>
[Alias("rowell.ITransferQueryGrain")]
public interface ITransferQueryGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<Page<TransferView>> List(string developerId, TransferFilter filter, PageRequest page, CancellationToken cancellationToken = default);
}

/// <summary>Finds unfinished transfers that stopped moving (crash, restart, lost timer) and resumes them.</summary>
[Alias("rowell.ITransferSweeperGrain")]
public interface ITransferSweeperGrain : IGrainWithIntegerKey
{
    [Alias("start")]
    Task Start();

    /// <summary>One sweep now; returns how many transfers were resumed.</summary>
    [Alias("sweep")]
    Task<int> SweepOnce();
}
