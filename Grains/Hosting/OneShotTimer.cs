namespace Rowell.Grains.Hosting;

/// <summary>
/// A grain's "do this once, later": at most one pending run, replaced by a new <see cref="Schedule"/> and
/// dropped by <see cref="Cancel"/>. The run is a grain timer tick, so it is a turn of the grain like any
/// call, and it keeps the grain active while pending (the work it stands for must not be collected away).
/// </summary>
public sealed class OneShotTimer
{
    private IGrainTimer? _pending;

    /// <summary>Whether a run is scheduled and has not started yet.</summary>
    public bool IsScheduled => _pending is not null;

    public void Schedule(IGrainBase grain, TimeSpan due, Func<Task> work)
    {
        _pending?.Dispose();
        IGrainTimer? timer = null;
        timer = grain.RegisterGrainTimer(async () =>
        {
            // Not disposed before the work: disposing a timer cancels its own callback.
            if (_pending == timer)
            {
                _pending = null;
            }
            try
            {
                await work();
            }
            finally
            {
                timer?.Dispose();
            }
        }, new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        _pending = timer;
    }

    public void Cancel()
    {
        _pending?.Dispose();
        _pending = null;
    }
}
