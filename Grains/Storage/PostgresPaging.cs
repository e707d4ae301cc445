using System.Text;
using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Storage;

/// <summary>
/// Cursor pages over a read-model table with (developer_id, created_at, id) and a JSON column:
/// newest first, a cursor is the id of one of the caller's rows, and the page continues strictly
/// after (or before) that row's position. One implementation for every list endpoint.
/// </summary>
public static class PostgresPaging
{
    /// <param name="filter">Filters to AND in, with @ standing for the value's parameter.</param>
    /// <param name="oldestFirst">Without a cursor: the page nearest the oldest match (as ending_before does from
    /// its cursor) instead of the newest, for callers that bound the matches from below.</param>
    public static async Task<Page<T>> QueryAsync<T>(NpgsqlDataSource db, string table, string jsonColumn, string developerId,
        IEnumerable<(string Condition, object? Value)> filter, PageRequest page, Func<string, T> map, Func<T, string> id, CancellationToken cancellationToken,
        bool oldestFirst = false)
    {
        var sql = new StringBuilder($"SELECT {jsonColumn} FROM {table} WHERE developer_id = $1");
        var args = new List<object> { developerId };
        foreach (var (condition, value) in filter)
        {
            if (value is null)
            {
                continue;
            }
            args.Add(value);
            sql.Append(" AND ").Append(condition.Replace("@", "$" + args.Count));
        }

        var cursor = page.StartingAfter ?? page.EndingBefore;
        var backwards = page.EndingBefore is not null || (oldestFirst && cursor is null);
        if (cursor is not null)
        {
            await using var own = db.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = $1 AND developer_id = $2)");
            own.Parameters.AddWithValue(cursor);
            own.Parameters.AddWithValue(developerId);
            if (!(bool)(await own.ExecuteScalarAsync(cancellationToken))!)
            {
                throw RowellException.Validation(page.EndingBefore is not null ? "ending_before" : "starting_after", "The cursor does not name one of your objects.");
            }
            args.Add(cursor);
            sql.Append($" AND (created_at, id) {(backwards ? ">" : "<")} (SELECT created_at, id FROM {table} WHERE id = ${args.Count})");
        }
        sql.Append(backwards ? " ORDER BY created_at ASC, id ASC" : " ORDER BY created_at DESC, id DESC");
        args.Add(page.Limit + 1);
        sql.Append($" LIMIT ${args.Count}");

        await using var cmd = db.CreateCommand(sql.ToString());
        foreach (var arg in args)
        {
            cmd.Parameters.AddWithValue(arg);
        }
        var rows = new List<T>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader.GetString(0)));
            }
        }
        var hasMore = rows.Count > page.Limit;
        var items = rows.Take(page.Limit).ToList();
        if (backwards)
        {
            items.Reverse();
            return new Page<T>(items, hasMore, hasMore ? id(items[0]) : null);
        }
        return new Page<T>(items, hasMore, hasMore ? id(items[^1]) : null);
    }
}
