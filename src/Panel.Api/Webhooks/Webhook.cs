namespace Panel.Webhooks;

/// <summary>The notices a webhook can subscribe to.</summary>
public static class NoticeTypes
{
    public const string VerdictSubmitted = "verdict.submitted";
    public const string VerdictRevised = "verdict.revised";
    public const string VerdictWithdrawn = "verdict.withdrawn";
    public const string PanelCompleted = "panel.completed";
    public const string ScorecardPublished = "scorecard.published";
    public const string ScorecardCorrected = "scorecard.corrected";
    public const string DeadlineReminder = "deadline.reminder";
    public const string DeadlineOverdue = "deadline.overdue";
    public const string ScorecardRetracted = "scorecard.retracted";

    public static readonly IReadOnlyList<string> All =
    [
        VerdictSubmitted, VerdictRevised, VerdictWithdrawn, PanelCompleted, ScorecardPublished, ScorecardCorrected,
        DeadlineReminder, DeadlineOverdue, ScorecardRetracted
    ];
}

/// <summary>
/// A receiver an admin registered. The secret is kept protected by ASP.NET Data Protection (keys in
/// PostgreSQL), never in clear, and never shown again after registration.
/// </summary>
public sealed record Webhook(
    Guid Id, string Url, string ProtectedSecret, IReadOnlyList<string> Events, Guid CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ChangedAt)
{
    public bool Wants(string noticeType) => Events.Contains(noticeType);
}

public enum DeliveryStatus { Pending, Delivered, DeadLettered }

/// <summary>
/// One notice on its way to one webhook. The body is fixed when the notice is made, so every attempt
/// (and every replay) sends the same bytes under the same <c>Panel-Delivery</c> id. <see cref="Round"/>
/// counts replays: a message for an earlier round is stale and does nothing.
/// </summary>
public sealed record WebhookDelivery(
    Guid Id, Guid WebhookId, Guid NoticeId, string Type, string Body, DateTimeOffset OccurredAt, DateTimeOffset CreatedAt,
    DeliveryStatus Status, int Attempts, int Round, DateTimeOffset RoundStartedAt, DateTimeOffset? LastAttemptAt,
    int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt)
{
    /// <summary>Attempts made before the current round began (replays restart the back-off, not the count).</summary>
    public int AttemptsAtRoundStart { get; init; }
}
