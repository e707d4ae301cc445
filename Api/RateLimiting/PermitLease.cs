namespace Rowell.Api.RateLimiting;

/// <summary>
/// Permits one replica took from Redis for one key (and limit) and hands out from memory, one per
/// request, until they run out or expire. One caller at a time refills it; the others wait for that refill.
/// </summary>
internal sealed class PermitLease
{
    private readonly Lock _gate = new();
    private int _left;
    private long _expiresAt;
    private long _lastUsed = Environment.TickCount64;
    private RateLimitDecision _last;
    private TaskCompletionSource<RateLimitDecision>? _refill;

    public bool TryTake(long now, out RateLimitDecision decision)
    {
        lock (_gate)
        {
            _lastUsed = now;
            if (_left > 0 && now < _expiresAt)
            {
                _left--;
                // What the client may still send: the window's free permits plus what this lease still holds.
                decision = _last with { Remaining = Math.Max(0, _last.Remaining - (_last.Granted - 1 - _left)) };
                return true;
            }
            decision = default;
            return false;
        }
    }

    /// <summary>The refill in flight, and its completion source if the caller has to run it.</summary>
    public (Task<RateLimitDecision> Refill, TaskCompletionSource<RateLimitDecision>? Mine) JoinRefill()
    {
        lock (_gate)
        {
            if (_refill is { } running)
            {
                return (running.Task, null);
            }
            var mine = new TaskCompletionSource<RateLimitDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
            _refill = mine;
            return (mine.Task, mine);
        }
    }

    public void Refilled(RateLimitDecision answer, long expiresAt)
    {
        lock (_gate)
        {
            if (answer.Allowed && !answer.Degraded)
            {
                // Every permit of the refill goes into the lease; the waiting callers (the refiller too) take theirs from it.
                _left = answer.Granted;
                _expiresAt = expiresAt;
                _last = answer;
            }
            _refill = null;
        }
    }

    public TimeSpan IdleSince(long now)
    {
        lock (_gate)
        {
            return _refill is null ? TimeSpan.FromMilliseconds(now - _lastUsed) : TimeSpan.Zero;
        }
    }
}
