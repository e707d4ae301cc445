using Npgsql;
using Rowell.Abstractions.Security;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Security;

namespace Rowell.Grains.Webhooks;

/// <summary>Webhook signing secrets as a sealed column: every endpoint row, re-sealed through its subscription grain.</summary>
public sealed class WebhookSecretColumn(NpgsqlDataSource db, IGrainFactory grains) : ISealedColumn
{
    public string Name => "webhook.signing_secret";

    public async Task<IReadOnlyList<string>> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id COLLATE "C" AS id FROM rowell_webhook_endpoints
            WHERE id COLLATE "C" > $1 ORDER BY id LIMIT $2
            """);
        cmd.Parameters.AddWithValue(after ?? "");
        cmd.Parameters.AddWithValue(limit);
        var ids = new List<string>(limit);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public Task<ResealOutcome> ResealAsync(string id, CancellationToken cancellationToken) =>
        grains.GetGrain<IResealableGrain>(grains.GetGrain<IWebhookSubscriptionGrain>(id).GetGrainId()).Reseal(cancellationToken);
}
