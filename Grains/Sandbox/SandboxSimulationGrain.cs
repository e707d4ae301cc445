using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Sandbox;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Hosting;

namespace Rowell.Grains.Sandbox;

/// <summary>
/// Runs one simulation in steps of <see cref="StepSize"/> items: each step is one turn of a one-shot
/// grain timer, creates its accounts or transfers through the real grains, persists the progress and
/// schedules the next step. Between steps the grain answers GETs (progress) and a reset's Cancel.
/// Crash safety: a durable reminder (registered before the run is stored, removed when it ends)
/// reactivates the grain on a live silo, activation continues from the stored step, and because
/// <see cref="SimulationPlan"/> derives every item's id, a step that ran but was not stored re-runs
/// into the same, idempotent Creates instead of making duplicates.
/// </summary>
public sealed class SandboxSimulationGrain(
    [PersistentState("simulation")] IPersistentState<SandboxSimulationState> state,
    CountryCatalog countries,
    RowellSettings settings,
    TimeProvider time,
    ILogger<SandboxSimulationGrain> logger) : Grain, ISandboxSimulationGrain, IRemindable
{
    /// <summary>Items per turn: a GET or a reset waits at most one short step, and progress writes stay few.</summary>
    public const int StepSize = 25;

    /// <summary>Unexpected errors in a row (timeouts, storage) after which the run stops as failed instead of retrying forever.</summary>
    public const int MaxConsecutiveErrors = 5;

    private const string ReminderName = "sandbox-simulation";

    private readonly OneShotTimer _next = new();
    private SimulationPlan? _plan;
    private int _errors;

    private string Id => this.GetPrimaryKeyString();

    private bool Running => state.RecordExists && state.State.Status == SandboxSimulationStatus.Running;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A new activation of an unfinished run (after a crash, a failover or a forced deactivation) continues from the stored step.
        if (Running)
        {
            ScheduleStep(TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }

    public async Task<SandboxSimulationView> Start(string developerId, SandboxSimulateCommand command, CancellationToken cancellationToken = default)
    {
        if (state.RecordExists)
        {
            var s = state.State;
            return s.DeveloperId == developerId && s.RequestedAccounts == command.Accounts && s.RequestedTransfers == command.Transfers
                ? View()
                : throw new RowellException(ErrorCodes.Conflict, $"Simulation {Id} already exists with other parameters.");
        }
        SandboxSimulationLimits.Validate(command);
        // Reminder first: a stored, running simulation then always has one, whatever fails after this line.
        await this.RegisterOrUpdateReminder(ReminderName, settings.SafetyReminderPeriod, settings.SafetyReminderPeriod, cancellationToken);
        var now = time.GetUtcNow();
        state.State = new SandboxSimulationState
        {
            DeveloperId = developerId,
            RequestedAccounts = command.Accounts,
            RequestedTransfers = command.Transfers,
            Countries = countries.Codes.Order(StringComparer.Ordinal).ToList(),
            Status = SandboxSimulationStatus.Running,
            CreatedAt = now,
        };
        await state.WriteStateAsync(cancellationToken);
        ScheduleStep(TimeSpan.Zero);
        return View();
    }

    public Task<SandboxSimulationView?> Get(string developerId) =>
        Task.FromResult(state.RecordExists && state.State.DeveloperId == developerId ? View() : null);

    public async Task<bool> Cancel(string developerId, string reason, CancellationToken cancellationToken = default)
    {
        if (!Running || state.State.DeveloperId != developerId)
        {
            return false;
        }
        // Turns do not interleave, so no step is half-way here: stopping the chain stops the run.
        _next.Cancel();
        Finish(SandboxSimulationStatus.Failed, reason);
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // Memory says stopped, storage says running: drop this activation so a retried Cancel meets the stored truth.
            DeactivateOnIdle();
            throw;
        }
        await AfterFinishAsync();
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }
        if (!Running)
        {
            await AfterFinishAsync();
            return;
        }
        // Activation already scheduled the next step; this restarts a chain lost to an error while storage was down.
        if (!_next.IsScheduled)
        {
            ScheduleStep(TimeSpan.Zero);
        }
    }

    private void ScheduleStep(TimeSpan due) => _next.Schedule(this, due, StepAsync);

    private async Task StepAsync()
    {
        if (!Running)
        {
            return;
        }
        var s = state.State;
        try
        {
            _plan ??= new SimulationPlan(Id, s.DeveloperId, s.RequestedAccounts, s.Countries);
            for (var n = 0; n < StepSize && s.Status == SandboxSimulationStatus.Running && !s.AllDone; n++)
            {
                if (s.AccountsCreated < s.RequestedAccounts)
                {
                    await CreateAccountAsync(_plan, s);
                }
                else
                {
                    await CreateTransferAsync(_plan, s);
                }
            }
            if (s.Status == SandboxSimulationStatus.Running && s.AllDone)
            {
                Finish(SandboxSimulationStatus.Completed, null);
            }
            await state.WriteStateAsync();
            _errors = 0;
        }
        catch (Exception e)
        {
            await RecoverAsync(e);
            return;
        }
        if (Running)
        {
            ScheduleStep(TimeSpan.Zero);
        }
        else
        {
            await AfterFinishAsync();
        }
    }

    private async Task CreateAccountAsync(SimulationPlan plan, SandboxSimulationState s)
    {
        var index = s.AccountsCreated;
        var id = plan.AccountId(index);
        try
        {
            await GrainFactory.GetGrain<IAccountGrain>(id).Create(plan.Account(index));
        }
        catch (RowellException e) when (!IsTransient(e))
        {
            // The plan is fixed, so this refusal would recur on every retry (e.g. the account was deleted by a reset): stop with the reason.
            Finish(SandboxSimulationStatus.Failed, $"Account {index + 1} of {s.RequestedAccounts} could not be created: {e.Message}");
            return;
        }
        s.AccountsCreated++;
        if (s.AccountIds.Count < SandboxSimulationView.ListedIds)
        {
            s.AccountIds.Add(id);
        }
    }

    private async Task CreateTransferAsync(SimulationPlan plan, SandboxSimulationState s)
    {
        var index = s.TransfersAttempted;
        var id = plan.TransferId(index);
        TransferView transfer;
        try
        {
            transfer = await GrainFactory.GetGrain<ITransferGrain>(id).Create(plan.Transfer(index));
        }
        catch (RowellException e) when (!IsTransient(e))
        {
            // A refusal (compliance, funds) is part of realistic traffic: counted, not fatal.
            s.TransfersRefused++;
            return;
        }
        s.TransfersCreated++;
        var status = transfer.Status.Wire();
        s.TransferStatuses[status] = s.TransferStatuses.GetValueOrDefault(status) + 1;
        if (s.TransferIds.Count < SandboxSimulationView.ListedIds)
        {
            s.TransferIds.Add(id);
        }
    }

    /// <summary>Errors that say "not now" rather than "no": the same step is retried.</summary>
    private static bool IsTransient(RowellException e) => e.Code is ErrorCodes.LedgerUnavailable or ErrorCodes.InternalError;

    /// <summary>
    /// An unexpected error (a grain call timed out, a write failed): memory may be ahead of storage, so
    /// reload the stored step and retry it after a back-off; the derived ids make the repeat harmless.
    /// </summary>
    private async Task RecoverAsync(Exception error)
    {
        _errors++;
        logger.LogWarning(error, "Simulation {SimulationId}: a step failed ({Errors} in a row)", Id, _errors);
        try
        {
            await state.ReadStateAsync();
            if (!Running)
            {
                await AfterFinishAsync();
                return;
            }
            if (_errors >= MaxConsecutiveErrors)
            {
                Finish(SandboxSimulationStatus.Failed, "The simulation stopped after repeated internal errors; the accounts and transfers it created remain.");
                await state.WriteStateAsync();
                await AfterFinishAsync();
                return;
            }
            ScheduleStep(TimeSpan.FromSeconds(1 << _errors));
        }
        catch (Exception again)
        {
            // Storage is unreachable too: drop this activation; the reminder brings a fresh one that reloads the stored step.
            logger.LogWarning(again, "Simulation {SimulationId}: could not reload its progress; deactivating until the reminder", Id);
            DeactivateOnIdle();
        }
    }

    private void Finish(SandboxSimulationStatus status, string? failureMessage)
    {
        state.State.Status = status;
        state.State.CompletedAt = time.GetUtcNow();
        state.State.FailureMessage = failureMessage;
    }

    /// <summary>Nothing is left to resume: the reminder goes and the developer's sandbox stops tracking the run. Both are retried by the next tick if they fail.</summary>
    private async Task AfterFinishAsync()
    {
        _next.Cancel();
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Simulation {SimulationId}: removing its reminder failed; the next tick tries again", Id);
        }
        if (state.RecordExists)
        {
            await GrainFactory.GetGrain<ISandboxGrain>(state.State.DeveloperId).SimulationFinished(Id);
        }
    }

    private SandboxSimulationView View()
    {
        var s = state.State;
        var total = s.RequestedAccounts + s.RequestedTransfers;
        var done = s.AccountsCreated + s.TransfersAttempted;
        // 100 means finished: a running simulation shows at most 99 even on its last step.
        var percent = s.Status == SandboxSimulationStatus.Completed ? 100 : (int)Math.Min(99, done * 100L / total);
        return new SandboxSimulationView(Id, s.DeveloperId, s.Status, s.RequestedAccounts, s.RequestedTransfers,
            s.AccountsCreated, s.TransfersCreated, s.TransfersRefused, percent,
            new Dictionary<string, int>(s.TransferStatuses), s.AccountIds.ToList(), s.TransferIds.ToList(),
            s.CreatedAt, s.CompletedAt, s.FailureMessage);
    }
}
