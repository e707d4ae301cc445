using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Events;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>GET /events and GET /events/{id}: the caller's events in its key's mode, newest first. Kept without expiry (at least 30 days).</summary>
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/events").WithTags("Events");
        group.MapGet("", List)
            .WithSummary("Your events in this key's mode, newest first (filters: type, created_gte, created_lte; cursor pages).")
            .RequirePermission(Permissions.WebhooksRead);
        group.MapGet("/{id}", Get).WithSummary("One event.").RequirePermission(Permissions.WebhooksRead);
        return app;
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<EventResponse>>>> List(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var type = ListQuery.String(http.Request, "type");
        if (type is not null && !EventTypes.All.Contains(type))
        {
            throw RowellException.Validation("type", $"type must be one of {string.Join(", ", EventTypes.All)}.");
        }
        var page = await orleans.GetGrain<IEventQueryGrain>(0).List(principal.DeveloperId, Mode(principal), type,
            Time(http, "created_gte"), Time(http, "created_lte"), ListQuery.Page(http.Request), http.RequestAborted);
        return EnvelopeResults.Ok(new ListResponse<EventResponse>(page.Items.Select(EventResponse.From).ToList(), page.HasMore, page.NextCursor));
    }

    private static async Task<Ok<SuccessEnvelope<EventResponse>>> Get(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var e = RowellIds.IsValid(id, RowellIds.Event)
            ? await orleans.GetGrain<IEventQueryGrain>(0).Get(principal.DeveloperId, Mode(principal), id, http.RequestAborted)
            : null;
        return EnvelopeResults.Ok(EventResponse.From(e ?? throw RowellException.NotFound("Event")));
    }

    internal static string Mode(ApiKeyPrincipal principal) => principal.IsTest ? ApiKeyModes.Test : ApiKeyModes.Live;

    private static DateTimeOffset? Time(HttpContext http, string name)
    {
        var raw = ListQuery.String(http.Request, name);
        if (raw is null)
        {
            return null;
        }
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }
        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw RowellException.Validation(name, $"{name} must be an ISO 8601 timestamp or unix seconds.");
    }
}

/// <summary>An event as the API and webhook bodies show it; data.object is the resource verbatim.</summary>
public sealed record EventResponse(string Id, string Object, string Type, DateTimeOffset CreatedAt, EventData Data)
{
    public static EventResponse From(CommittedEvent e)
    {
        using var doc = JsonDocument.Parse(e.PayloadJson);
        return new EventResponse(e.Id, "event", e.Type, e.CreatedAt, new EventData(doc.RootElement.Clone()));
    }
}

public sealed record EventData(JsonElement Object);
