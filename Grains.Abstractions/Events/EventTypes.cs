namespace Rowell.Abstractions.Events;

/// <summary>Every event type Rowell writes (GET /events type filter, webhook subscriptions).</summary>
public static class EventTypes
{
    public static readonly IReadOnlyList<string> All =
    [
        "account.created", "account.kyc_updated", "wallet.created",
        "transfer.created", "transfer.compliance_review", "transfer.submitted", "transfer.completed", "transfer.failed", "transfer.rejected",
        "deposit.received", "compliance.flag_raised", "compliance.flag_updated",
        "api_key.created", "api_key.revoked", "webhook_endpoint.disabled", "webhook.test",
    ];
}
