using Panel.Webhooks.Delivering;
using Wolverine;

namespace Panel.Webhooks.Deliveries;

/// <summary>A delivery as admins see it: what was sent, how it went. The body is what receivers got.</summary>
public sealed record DeliveryView(
    Guid Id, Guid WebhookId, Guid NoticeId, string Type, DeliveryStatus Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset OccurredAt, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt, string Body)
{
    public static DeliveryView Of(WebhookDelivery d) =>
        new(d.Id, d.WebhookId, d.NoticeId, d.Type, d.Status, d.Attempts, d.LastStatusCode, d.LastError, d.OccurredAt, d.CreatedAt,
            d.LastAttemptAt, d.DeliveredAt, d.Body);
}

/// <summary>Where a page of deliveries ended: the last one's creation time and id.</summary>
public sealed record CreatedPosition(DateTimeOffset CreatedAt, Guid Id);

public static class ListingDeliveriesEndpoint
{
    /// <summary>Newest first, a page at a time (<c>limit</c>, <c>cursor</c>; the next page in the <c>Link</c> header).</summary>
    [WolverineGet("/api/webhooks/{id}/deliveries", OperationId = "listWebhookDeliveries")]
    [EndpointSummary("List a webhook's deliveries")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<DeliveryView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(Guid id, int? limit, string? cursor, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        // The webhook is part of the list's name: a cursor from another webhook's deliveries is refused.
        var list = $"deliveries/{id}";
        if (Paging.Read<CreatedPosition>(http, list, limit, cursor, out var page) is { } bad) return bad.ToResult();
        if (await session.LoadAsync<Webhook>(id, ct) is null) return Problems.NotFound("webhook", id).ToResult();
        var query = session.Query<WebhookDelivery>().Where(x => x.WebhookId == id);
        if (page.After is { } after)
        {
            var at = Paging.Microseconds(after.CreatedAt);
            var last = after.Id;
            query = query.Where(x => x.CreatedAt < at || (x.CreatedAt == at && x.Id < last));
        }
        var rows = await query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Take(page.Limit + 1).ToListAsync(ct);
        var (items, _) = Paging.Cut(http, list, rows, page.Limit, x => new CreatedPosition(x.CreatedAt, x.Id));
        return Results.Ok(items.Select(DeliveryView.Of).ToList());
    }
}

public static class ReplayingDeliveryEndpoint
{
    /// <summary>A new round: the same body and Panel-Delivery id, the retry time counted afresh.</summary>
    public static WebhookDelivery Replay(WebhookDelivery d, DateTimeOffset at) =>
        d with { Status = DeliveryStatus.Pending, Round = d.Round + 1, RoundStartedAt = at, AttemptsAtRoundStart = d.Attempts };

    /// <summary>
    /// Sends a dead-lettered (or already delivered) delivery again. The new round and its message commit
    /// together through Wolverine's outbox, so a replay is never recorded without being sent or the reverse.
    /// </summary>
    [WolverinePost("/api/webhooks/{id}/deliveries/{deliveryId}/replay", OperationId = "replayWebhookDelivery")]
    [EndpointSummary("Replay a delivery")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<DeliveryView>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, Guid deliveryId, IDocumentSession session, IMessageBus bus, TimeProvider clock, CancellationToken ct)
    {
        var delivery = await session.LoadAsync<WebhookDelivery>(deliveryId, ct);
        if (delivery is null || delivery.WebhookId != id) return Problems.NotFound("delivery of this webhook", deliveryId).ToResult();
        if (delivery.Status == DeliveryStatus.Pending)
            return Problems.Conflict("delivery-pending", "The delivery is still being attempted.",
                $"It has had {delivery.Attempts} attempt(s) and will be retried; replay it once it is delivered or dead-lettered.").ToResult();

        var replayed = Replay(delivery, clock.GetUtcNow());
        session.Store(replayed);
        await bus.PublishAsync(new DeliverWebhook(replayed.Id, replayed.Round));
        return Results.Accepted($"/api/webhooks/{id}/deliveries", DeliveryView.Of(replayed));
    }
}
