using System.Collections.Concurrent;
using System.Globalization;
using Rowell.Abstractions.Developers;

namespace Rowell.Api.Usage;

/// <summary>
/// Counts requests per developer, UTC day and endpoint in this process (two interlocked increments per
/// request, no I/O) and hands the sums to each DeveloperGrain on a timer (<see cref="UsageFlusher"/>), so
/// the database sees one write per developer per flush instead of one per request. A crash loses at most
/// one flush interval of counts: usage is informational, limits are enforced by the rate limiter.
/// </summary>
public sealed class UsageRecorder(IClusterClient orleans, TimeProvider time, ILogger<UsageRecorder> log)
{
    private sealed class Counter
    {
        public long Requests;
        public long RateLimited;
    }

    private readonly ConcurrentDictionary<(string Developer, string Day, string Endpoint), Counter> _counts = new();
    private (long DayNumber, string Text) _today = (-1, "");

    public void Record(string developerId, string endpoint, bool rateLimited)
    {
        var counter = _counts.GetOrAdd((developerId, Today(), endpoint), static _ => new Counter());
        Interlocked.Increment(ref counter.Requests);
        if (rateLimited)
        {
            Interlocked.Increment(ref counter.RateLimited);
        }
    }

    /// <summary>Sends what was counted (for one developer, or all) to the grains; failed sends are put back for the next flush.</summary>
    public async Task FlushAsync(string? onlyDeveloper = null, CancellationToken cancellationToken = default)
    {
        var today = Today();
        var batches = new Dictionary<string, List<UsageCount>>(StringComparer.Ordinal);
        foreach (var (key, counter) in _counts)
        {
            if (onlyDeveloper is not null && key.Developer != onlyDeveloper)
            {
                continue;
            }
            var requests = Interlocked.Exchange(ref counter.Requests, 0);
            var limited = Interlocked.Exchange(ref counter.RateLimited, 0);
            if (requests == 0 && limited == 0)
            {
                // Yesterday's idle entries go; today's stay so the hot path does not re-allocate them.
                if (key.Day != today)
                {
                    _counts.TryRemove(key, out _);
                }
                continue;
            }
            if (!batches.TryGetValue(key.Developer, out var list))
            {
                batches[key.Developer] = list = new List<UsageCount>();
            }
            list.Add(new UsageCount(key.Day, key.Endpoint, requests, limited));
        }
        await Task.WhenAll(batches.Select(async batch =>
        {
            try
            {
                await orleans.GetGrain<IDeveloperGrain>(batch.Key).RecordUsage(batch.Value).WaitAsync(cancellationToken);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Usage flush for {DeveloperId} failed; keeping the counts for the next flush.", batch.Key);
                foreach (var c in batch.Value)
                {
                    var counter = _counts.GetOrAdd((batch.Key, c.Day, c.Endpoint), static _ => new Counter());
                    Interlocked.Add(ref counter.Requests, c.Requests);
                    Interlocked.Add(ref counter.RateLimited, c.RateLimited);
                }
            }
        }));
    }

    private string Today()
    {
        var now = time.GetUtcNow();
        var dayNumber = now.UtcTicks / TimeSpan.TicksPerDay;
        var cached = _today;
        if (cached.DayNumber == dayNumber)
        {
            return cached.Text;
        }
        var text = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _today = (dayNumber, text);
        return text;
    }
}

/// <summary>Flushes usage every ROWELL_USAGE_FLUSH_SECONDS and once more on shutdown.</summary>
public sealed class UsageFlusher(UsageRecorder usage, RateLimiting.RateLimitSettings settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.UsageFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await usage.FlushAsync(cancellationToken: stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await usage.FlushAsync(cancellationToken: cancellationToken);
        }
        catch (Exception)
        {
            // Shutting down: the cluster may already be gone. Losing the last interval is the documented bound.
        }
    }
}
