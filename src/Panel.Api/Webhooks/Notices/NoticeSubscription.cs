using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Panel.Comparisons;
using Panel.Comparisons.Reminding;
using Panel.Webhooks.Delivering;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Panel.Webhooks.Notices;

/// <summary>
/// Where messages leave the event store. Marten's async daemon hands this subscription every new
/// comparison event in order; what it stores (deliveries) and what it sends or schedules through
/// Wolverine commits in one transaction with the subscription's progress. So a notice exists if and only
/// if its event committed, and a restart neither loses nor repeats one, whichever code path appended it.
/// </summary>
public sealed class NoticeSubscription : BatchSubscription
{
    public const string Name = "notices";
    private readonly TimeProvider _clock;

    public NoticeSubscription(TimeProvider clock) : base(Name)
    {
        _clock = clock;
        IncludeType<VerdictSubmitted>();
        IncludeType<VerdictRevised>();
        IncludeType<VerdictWithdrawn>();
        IncludeType<PanelCompleted>();
        IncludeType<ScorecardPublished>();
        IncludeType<DeadlineSet>();
        IncludeType<ReviewersReminded>();
        IncludeType<PanelBecameOverdue>();
        IncludeType<ComparisonRetracted>();
        // The first start on a database that already has history notifies from then on, not from its first
        // event; every later start resumes where the last one stopped. (SubscribeFromPresent jumped to the
        // present on every start, so events committed but not yet handled when the service stopped, and the
        // reminders their handling would have scheduled, were lost across a restart.)
        Options.SubscribeFromFirstRun();
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        var session = (IDocumentSession)operations;
        IReadOnlyList<Webhook>? webhooks = null;
        var comparisons = new Dictionary<Guid, Comparison?>();
        var now = _clock.GetUtcNow();

        foreach (var e in page.Events)
        {
            if (e.Data is DeadlineSet set)
            {
                if (set.RemindAt is { } remindAt) await bus.ScheduleAsync(new RemindReviewers(set.ComparisonId, set.DeadlineId), remindAt);
                await bus.ScheduleAsync(new MarkOverdue(set.ComparisonId, set.DeadlineId), set.DueAt);
                continue;
            }

            if (e.Data is not IComparisonEvent about) continue;
            webhooks ??= await session.Query<Webhook>().ToListAsync(cancellationToken);
            if (webhooks.Count == 0) continue;
            if (!comparisons.TryGetValue(about.ComparisonId, out var comparison))
                comparisons[about.ComparisonId] = comparison = await session.LoadAsync<Comparison>(about.ComparisonId, cancellationToken);

            foreach (var notice in Notices.From(e.Id, e.Data, comparison))
                foreach (var webhook in webhooks.Where(w => w.Wants(notice.Type)))
                {
                    var delivery = new WebhookDelivery(Notices.DeliveryId(notice.Id, webhook.Id), webhook.Id, notice.Id, notice.Type,
                        notice.ToJson(), notice.OccurredAt, now, DeliveryStatus.Pending, 0, 1, now, null, null, null, null);
                    operations.Store(delivery);
                    await bus.PublishAsync(new DeliverWebhook(delivery.Id, delivery.Round));
                }
        }
    }
}
