using Npgsql;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>rowell_events read for analytics: a day of one developer at a time, through its (developer, mode, created_at) index.</summary>
public sealed class PostgresAnalyticsEventLog(NpgsqlDataSource db) : IAnalyticsEventLog
{
    private static readonly string[] Types =
    [
        EventTypes.TransferCreated, EventTypes.TransferSubmitted, EventTypes.TransferCompleted, EventTypes.TransferFailed,
        EventTypes.TransferRejected, EventTypes.AccountCreated, EventTypes.DepositReceived,
    ];

    // The payload crosses the wire as its UTF-8 bytes (bytea) and is read by RollupFacts' forward-only reader: a busy
    // day is ~100,000 events, and decoding each payload to a string only to encode it back was most of a rebuild.
    // No ORDER BY: what a day adds up to does not depend on the order of its events (counts, sums, sets,
    // histograms), and sorting a day spilled to disk.
    public async Task<IReadOnlyList<RollupFact>> ReadDayAsync(string developerId, string mode, DateTime day, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, aggregate_id, aggregate_seq, type, created_at, convert_to(payload::text, 'UTF8') FROM rowell_events " +
            "WHERE developer_id = @d AND mode = @m AND created_at >= @from AND created_at < @to AND type = ANY(@types)");
        cmd.Parameters.AddWithValue("d", developerId);
        cmd.Parameters.AddWithValue("m", mode);
        cmd.Parameters.AddWithValue("from", day);
        cmd.Parameters.AddWithValue("to", day.AddDays(1));
        cmd.Parameters.AddWithValue("types", Types);
        var facts = new List<RollupFact>();
        var buffer = new byte[4096];
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var length = (int)reader.GetBytes(5, 0, null, 0, 0);
            if (length > buffer.Length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }
            reader.GetBytes(5, 0, buffer, 0, length);
            facts.Add(RollupFacts.Parse(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), Interned(reader.GetString(3)),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero), buffer.AsSpan(0, length)));
        }
        return facts;
    }

    private static string Interned(string type) => Array.IndexOf(Types, type) is var i and >= 0 ? Types[i] : type;

    public async Task<IReadOnlyDictionary<string, List<Submission>>> SubmissionsAsync(IReadOnlyCollection<string> transferIds, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT aggregate_id, aggregate_seq, created_at FROM rowell_events WHERE aggregate_id = ANY(@ids) AND type = 'transfer.submitted'");
        cmd.Parameters.AddWithValue("ids", transferIds.ToArray());
        var found = new Dictionary<string, List<Submission>>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (!found.TryGetValue(id, out var list))
            {
                found[id] = list = [];
            }
            list.Add(new Submission(reader.GetInt32(1), new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero)));
        }
        return found;
    }

    public async Task<IReadOnlyList<DateTime>> DaysAsync(string developerId, string mode, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        // A loose index scan: jump from one day to the next instead of reading every event of the range.
        await using var cmd = db.CreateCommand(
            "WITH RECURSIVE d(day) AS (" +
            " SELECT (SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') FROM rowell_events WHERE developer_id = @d AND mode = @m AND created_at >= @from AND created_at < @to ORDER BY created_at LIMIT 1)" +
            " UNION ALL" +
            " SELECT (SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') FROM rowell_events WHERE developer_id = @d AND mode = @m AND created_at >= (d.day + interval '1 day') AT TIME ZONE 'UTC' AND created_at < @to ORDER BY created_at LIMIT 1)" +
            " FROM d WHERE d.day IS NOT NULL)" +
            " SELECT day FROM d WHERE day IS NOT NULL");
        cmd.Parameters.AddWithValue("d", developerId);
        cmd.Parameters.AddWithValue("m", mode);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        var days = new List<DateTime>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
        }
        return days;
    }

    public async Task<IReadOnlyList<(string DeveloperId, string Mode)>> ScopesOnDayAsync(DateTime day, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT DISTINCT developer_id, mode FROM rowell_events WHERE created_at >= @from AND created_at < @to");
        cmd.Parameters.AddWithValue("from", day);
        cmd.Parameters.AddWithValue("to", day.AddDays(1));
        var scopes = new List<(string, string)>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scopes.Add((reader.GetString(0), reader.GetString(1)));
        }
        return scopes;
    }

    public async Task<DateTime?> FirstDayAsync(CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT min(created_at) FROM rowell_events");
        return await cmd.ExecuteScalarAsync(cancellationToken) is DateTime t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).Date : null;
    }

    public async Task<IReadOnlyList<RecentActivity>> RecentAsync(string developerId, string mode, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, type, aggregate_id, created_at, payload::text FROM rowell_events WHERE developer_id = @d AND mode = @m " +
            "ORDER BY created_at DESC, seq DESC LIMIT @n");
        cmd.Parameters.AddWithValue("d", developerId);
        cmd.Parameters.AddWithValue("m", mode);
        cmd.Parameters.AddWithValue("n", limit);
        var recent = new List<RecentActivity>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recent.Add(Recent.Of(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero), reader.GetString(4)));
        }
        return recent;
    }
}
