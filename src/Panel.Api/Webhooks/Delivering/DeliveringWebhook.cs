using Microsoft.Extensions.Options;
using Wolverine;

namespace Panel.Webhooks.Delivering;

/// <summary>Deliver (or retry) one delivery; <paramref name="Round"/> is the delivery's round it was sent for.</summary>
public sealed record DeliverWebhook(Guid DeliveryId, int Round);

/// <summary>What an attempt leaves behind: the delivery as recorded, and when to try again (if at all).</summary>
public sealed record AttemptRecorded(WebhookDelivery Delivery, DateTimeOffset? RetryAt);

public static class DeliveringWebhookHandler
{
    /// <summary>
    /// Records an attempt. A failure is retried on the <see cref="Backoff"/> schedule; the attempt that would
    /// go past the round's retry time dead-letters the delivery instead, and only a replay sends it again.
    /// </summary>
    public static AttemptRecorded Record(WebhookDelivery d, Attempt attempt, WebhookOptions options, DateTimeOffset at)
    {
        var tried = d with
        {
            Attempts = d.Attempts + 1,
            LastAttemptAt = at,
            LastStatusCode = attempt.StatusCode,
            LastError = attempt.Error
        };
        if (attempt.Delivered) return new AttemptRecorded(tried with { Status = DeliveryStatus.Delivered, DeliveredAt = at }, null);

        // The back-off starts afresh with each round (a replay); the attempt count runs over the delivery's life.
        var retryAt = Backoff.RetryAt(tried.Attempts - d.AttemptsAtRoundStart, d.RoundStartedAt, at,
            options.FirstRetrySeconds, options.MaxRetrySeconds, options.RetryForSeconds);
        return retryAt is null
            ? new AttemptRecorded(tried with { Status = DeliveryStatus.DeadLettered }, null)
            : new AttemptRecorded(tried, retryAt);
    }

    /// <summary>
    /// Runs inside Wolverine's transaction for the message: the recorded attempt and the scheduled retry
    /// commit together. A crash between the POST and the commit repeats the POST with the same
    /// Panel-Delivery id, which is what receivers de-duplicate on.
    /// </summary>
    public static async Task Handle(DeliverWebhook message, IDocumentSession session, IMessageBus bus, WebhookSender sender,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var delivery = await session.LoadAsync<WebhookDelivery>(message.DeliveryId, ct);
        // Gone (its webhook was deleted), already settled, or a message of an earlier round: nothing to do.
        if (delivery is null || delivery.Status != DeliveryStatus.Pending || delivery.Round != message.Round) return;
        var webhook = await session.LoadAsync<Webhook>(delivery.WebhookId, ct);
        if (webhook is null) return;

        var attempt = await sender.SendAsync(webhook, delivery, ct);
        var recorded = Record(delivery, attempt, options.Value, clock.GetUtcNow());
        // An update, not an upsert: a webhook deleted during the attempt took the delivery with it, and the
        // commit fails (NonExistentDocumentException, discarded) instead of bringing the delivery back.
        session.Update(recorded.Delivery);
        if (recorded.RetryAt is { } retryAt) await bus.ScheduleAsync(message, retryAt);
    }
}
