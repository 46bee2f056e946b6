namespace Panel.Email;

public enum EmailStatus { Pending, Sent, DeadLettered }

/// <summary>What an email says, before it is queued: plain text and the same in HTML.</summary>
public sealed record EmailDraft(string Kind, Guid? UserId, string To, string Subject, string Text, string Html);

/// <summary>
/// One email on its way, stored in the transaction of the change that caused it (with the message that sends
/// it, through Wolverine's outbox). The body is kept protected by Data Protection, because it can carry a
/// sign-in link: admins see who, what and how it went, never the link. <see cref="Round"/> counts replays;
/// every attempt of every round sends the same <c>Message-ID</c>, so a repeat never looks like a new email.
/// </summary>
public sealed record OutgoingEmail(
    Guid Id, string Kind, Guid? UserId, string To, string Subject, string ProtectedBody, DateTimeOffset CreatedAt,
    EmailStatus Status, int Attempts, int Round, DateTimeOffset RoundStartedAt, DateTimeOffset? LastAttemptAt, string? LastError,
    DateTimeOffset? SentAt)
{
    public int AttemptsAtRoundStart { get; init; }
}

/// <summary>The kinds of email Panel sends (what admins filter the outbox by).</summary>
public static class EmailKinds
{
    public const string Invitation = "invitation";
    public const string SignInLink = "sign-in-link";
}
