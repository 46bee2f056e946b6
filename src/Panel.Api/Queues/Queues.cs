using Panel.Comparisons;

namespace Panel.Queues;

/// <summary>A comparison where the reviewer still owes verdicts.</summary>
public sealed record ReviewerQueueItem(
    Guid ComparisonId, string Title, string Angle, IReadOnlyList<Guid> OwedToolIds, IReadOnlyList<string> OwedToolNames,
    DateTimeOffset? DueAt, bool Overdue, long Version);

/// <summary>A comparison waiting for an editor.</summary>
public sealed record EditorQueueItem(
    Guid ComparisonId, string Title, bool Complete, int Missing, int PublishedVersion, bool NeedsCorrection,
    DateTimeOffset? CompletedAt, DateTimeOffset? DueAt, bool Overdue, long Version)
{
    public static EditorQueueItem Of(Comparison c) =>
        new(c.Id, c.Title, c.Scorecard.Complete, c.Scorecard.Missing.Count, c.PublishedVersion, c.NeedsCorrection,
            c.CompletedAt, c.Deadline?.DueAt, c.Overdue, c.Version);
}

/// <summary>
/// What editors have to do: publish a complete panel, correct a changed one, chase an overdue one. A
/// comparison can sit in more than one list (published, changed and overdue).
/// </summary>
public sealed record EditorQueue(
    IReadOnlyList<EditorQueueItem> ReadyToPublish, IReadOnlyList<EditorQueueItem> NeedsCorrection, IReadOnlyList<EditorQueueItem> Overdue);

/// <summary>
/// The queues, read from the <see cref="Comparison"/> documents the inline projection keeps (one query each).
/// Overdue is what <see cref="PanelBecameOverdue"/> recorded, never a clock reading, so every reader agrees.
/// </summary>
public static class Queues
{
    /// <summary>What the reviewer owes: overdue first, then by due date (none last), then oldest first.</summary>
    public static async Task<IReadOnlyList<ReviewerQueueItem>> ForReviewerAsync(IQuerySession session, Guid reviewerId, CancellationToken ct)
    {
        var seated = await session.Query<Comparison>().Where(x => x.Seats.Any(s => s.ReviewerId == reviewerId)).ToListAsync(ct);
        return Order(seated, reviewerId);
    }

    public static IReadOnlyList<ReviewerQueueItem> Order(IEnumerable<Comparison> seated, Guid reviewerId) =>
        seated
            .Select(c => (c, owed: c.OwedBy(reviewerId)))
            .Where(x => x.owed.Count > 0)
            .OrderByDescending(x => x.c.Overdue)
            .ThenBy(x => x.c.Deadline?.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(x => x.c.OpenedAt)
            .Select(x => new ReviewerQueueItem(x.c.Id, x.c.Title, x.c.SeatOf(reviewerId)!.Angle, x.owed.Select(t => t.ToolId).ToList(),
                x.owed.Select(t => t.Name).ToList(), x.c.Deadline?.DueAt, x.c.Overdue, x.c.Version))
            .ToList();

    public static async Task<EditorQueue> ForEditorsAsync(IQuerySession session, CancellationToken ct)
    {
        var waiting = await session.Query<Comparison>()
            .Where(x => (x.Complete && x.PublishedVersion == 0) || x.NeedsCorrection || (x.Deadline != null && x.Deadline.Overdue))
            .ToListAsync(ct);
        return Sort(waiting);
    }

    public static EditorQueue Sort(IReadOnlyList<Comparison> waiting) => new(
        [.. waiting.Where(c => c.Scorecard.Complete && c.PublishedVersion == 0).OrderBy(c => c.CompletedAt ?? c.OpenedAt).Select(EditorQueueItem.Of)],
        [.. waiting.Where(c => c.NeedsCorrection).OrderBy(c => c.PublishedAt).Select(EditorQueueItem.Of)],
        [.. waiting.Where(c => c.Overdue).OrderBy(c => c.Deadline!.DueAt).Select(EditorQueueItem.Of)]);
}

public static class QueuesEndpoint
{
    [WolverineGet("/api/me/queue", OperationId = "getMyQueue")]
    [EndpointSummary("What I owe: my reviewer queue")]
    [Authorize(Roles = Roles.Reviewer)]
    public static Task<IReadOnlyList<ReviewerQueueItem>> Mine(ClaimsPrincipal caller, IQuerySession session, CancellationToken ct) =>
        Queues.ForReviewerAsync(session, caller.Id(), ct);

    [WolverineGet("/api/queue", OperationId = "getEditorQueue")]
    [EndpointSummary("What editors must act on")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    public static Task<EditorQueue> Editors(IQuerySession session, CancellationToken ct) => Queues.ForEditorsAsync(session, ct);
}
