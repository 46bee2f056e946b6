namespace Panel.Comparisons.Reminding;

/// <summary>Scheduled for a deadline's reminder time: remind the reviewers who still owe verdicts.</summary>
public sealed record RemindReviewers(Guid ComparisonId, Guid DeadlineId);

/// <summary>Scheduled for a deadline's due time: an incomplete panel becomes overdue.</summary>
public sealed record MarkOverdue(Guid ComparisonId, Guid DeadlineId);

/// <summary>
/// Handles the scheduled messages of a deadline. Each outcome is recorded as an event, and each decision
/// first checks that the message is for the deadline that stands and has not been acted on: a message
/// for a moved or cleared deadline, or one delivered twice, changes nothing.
/// </summary>
public static class DeadlineMessagesHandler
{
    public static Outcome Remind(Comparison c, Guid deadlineId, DateTimeOffset at)
    {
        if (c.Deadline is not { } deadline || deadline.Id != deadlineId || deadline.Reminded) return Outcome.Unchanged;
        var owing = c.Seats
            .Select(s => new Reminded(s.ReviewerId, s.ReviewerName, c.OwedBy(s.ReviewerId).Select(t => t.ToolId).ToList()))
            .Where(r => r.OwedToolIds.Count > 0)
            .ToList();
        return owing.Count == 0 ? Outcome.Unchanged : Outcome.Append(new ReviewersReminded(c.Id, deadlineId, deadline.DueAt, owing, at));
    }

    public static Outcome MarkOverdue(Comparison c, Guid deadlineId, DateTimeOffset at)
    {
        if (c.Deadline is not { } deadline || deadline.Id != deadlineId || deadline.Overdue) return Outcome.Unchanged;
        if (c.Complete) return Outcome.Unchanged;
        return Outcome.Append(new PanelBecameOverdue(c.Id, deadlineId, deadline.DueAt, c.Scorecard.Missing.Count, at));
    }

    public static Task Handle(RemindReviewers message, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, message.ComparisonId, expected: null, c => Remind(c, message.DeadlineId, clock.GetUtcNow()), ct);

    public static Task Handle(MarkOverdue message, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, message.ComparisonId, expected: null, c => MarkOverdue(c, message.DeadlineId, clock.GetUtcNow()), ct);
}
