using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Rowell.Grains.Storage;

/// <summary>
/// Group commit for the hot path. Statements that grains issue concurrently (transfer state
/// writes, ledger applications, idempotency claims) are queued here and sent together as one
/// <see cref="NpgsqlBatch"/>: one round trip and one implicit transaction — one WAL flush — for
/// the whole group instead of one per statement. Nobody waits for a timer: while a batch runs, the
/// next one fills up, so batches are as large as the load makes them and a lone statement goes out at once.
/// Every caller still gets its own result, and only after the group has committed, so "durable
/// before acknowledged" holds. If a batch fails (one bad statement aborts the implicit
/// transaction), its statements are re-run one by one so only the faulty one fails.
/// </summary>
public sealed class PostgresBatcher : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly ILogger<PostgresBatcher> _logger;
    /// <summary>Statements waiting at most, per batcher: past it a caller is refused at once (503) instead of queueing without bound.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Channel<Item> _queue;
    private volatile bool _disposed;
    private readonly Task[] _workers;
    private readonly int _maxBatch;

    /// <param name="maxBatch">
    /// At most this many statements per group. Larger groups save little more once a group holds a few dozen,
    /// and every statement of a group waits for all of it: with 128 the transfer benchmark's p99 was 113–123 ms,
    /// with 32 it is 92–104 ms at the same or better throughput.
    /// </param>
    /// <param name="capacity">Bound on the queue (<see cref="DefaultCapacity"/>): a full queue means Postgres cannot keep up.</param>
    public PostgresBatcher(NpgsqlDataSource db, ILogger<PostgresBatcher> logger, int workers = 3, int maxBatch = 32, int capacity = DefaultCapacity)
    {
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity) { SingleReader = false, FullMode = BoundedChannelFullMode.Wait });
        _db = db;
        _logger = logger;
        _maxBatch = maxBatch;
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>Queues <paramref name="command"/>; <paramref name="read"/> reads its result set once the batch has committed... and before, within the reader.</summary>
    public Task<T> ExecuteAsync<T>(NpgsqlBatchCommand command, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        var item = new Item<T>(command, read);
        if (!_queue.Writer.TryWrite(item))
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(PostgresBatcher));
            }
            throw new Abstractions.Common.RowellException(Abstractions.Common.ErrorCodes.ServiceUnavailable,
                "The database write queue is full; retry shortly with the same Idempotency-Key.");
        }
        return item.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
    }

    private async Task RunAsync()
    {
        var batch = new List<Item>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                await ExecuteAsync(batch, retry: false);
            }
            catch (Exception e) when (batch.Count > 1)
            {
                _logger.LogWarning(e, "A batch of {Count} statements failed; running them one by one", batch.Count);
                foreach (var item in batch)
                {
                    try
                    {
                        await ExecuteAsync([item], retry: true);
                    }
                    catch (Exception single)
                    {
                        item.Fail(single);
                    }
                }
            }
            catch (Exception e)
            {
                batch[0].Fail(e);
            }
        }
    }

    /// <summary>Runs <paramref name="items"/> as one batch; a <paramref name="retry"/> sends copies (the originals went out with the failed batch).</summary>
    private async Task ExecuteAsync(List<Item> items, bool retry)
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var item in items)
        {
            batch.BatchCommands.Add(retry ? item.Fresh() : item.Command);
        }
        var results = new List<Action>(items.Count);
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            // Results are read while the batch is open, but handed out only after it committed.
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    await reader.NextResultAsync();
                }
                results.Add(await items[i].ReadAsync(reader));
            }
            while (await reader.NextResultAsync())
            {
            }
        }
        foreach (var complete in results)
        {
            complete();
        }
    }

    private abstract class Item
    {
        public abstract NpgsqlBatchCommand Command { get; }
        public abstract NpgsqlBatchCommand Fresh();
        public abstract Task<Action> ReadAsync(NpgsqlDataReader reader);
        public abstract void Fail(Exception e);
    }

    private sealed class Item<T>(NpgsqlBatchCommand command, Func<NpgsqlDataReader, CancellationToken, Task<T>> read) : Item
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override NpgsqlBatchCommand Command => command;

        /// <summary>A copy, so a command can be re-sent alone after its first batch failed.</summary>
        public override NpgsqlBatchCommand Fresh()
        {
            var copy = new NpgsqlBatchCommand(command.CommandText);
            foreach (NpgsqlParameter p in command.Parameters)
            {
                copy.Parameters.Add(p.Clone());
            }
            return copy;
        }

        public override async Task<Action> ReadAsync(NpgsqlDataReader reader)
        {
            var value = await read(reader, CancellationToken.None);
            return () => Completion.TrySetResult(value);
        }

        public override void Fail(Exception e) => Completion.TrySetException(e);
    }
}
