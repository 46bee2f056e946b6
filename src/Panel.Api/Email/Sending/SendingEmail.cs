using Microsoft.Extensions.Options;
using Wolverine;

namespace Panel.Email.Sending;

/// <summary>Send (or retry) one email; <paramref name="Round"/> is the email's round it was sent for.</summary>
public sealed record SendEmail(Guid EmailId, int Round);

public static class SendingEmailHandler
{
    /// <summary>The email after an attempt, and when to try again (if at all): the same schedule as webhooks.</summary>
    public static (OutgoingEmail Email, DateTimeOffset? RetryAt) Record(OutgoingEmail e, SendAttempt attempt, SmtpOptions options, DateTimeOffset at)
    {
        var tried = e with { Attempts = e.Attempts + 1, LastAttemptAt = at, LastError = attempt.Error };
        if (attempt.Sent) return (tried with { Status = EmailStatus.Sent, SentAt = at }, null);
        var retryAt = attempt.Permanent ? null : Backoff.RetryAt(tried.Attempts - e.AttemptsAtRoundStart, e.RoundStartedAt, at,
            options.FirstRetrySeconds, options.MaxRetrySeconds, options.RetryForSeconds);
        return retryAt is null ? (tried with { Status = EmailStatus.DeadLettered }, null) : (tried, retryAt);
    }

    /// <summary>
    /// Runs inside Wolverine's transaction for the message: the recorded attempt and the scheduled retry commit
    /// together. A crash between the send and the commit sends again under the same Message-ID.
    /// </summary>
    public static async Task Handle(SendEmail message, IDocumentSession session, IMessageBus bus, SmtpSender sender, Mailer mailer,
        IOptions<SmtpOptions> options, TimeProvider clock, ILogger<SmtpSender> log, CancellationToken ct)
    {
        var email = await session.LoadAsync<OutgoingEmail>(message.EmailId, ct);
        if (email is null || email.Status != EmailStatus.Pending || email.Round != message.Round) return;

        SendAttempt attempt;
        if (mailer.Read(email) is not { } body)
            attempt = new SendAttempt(false, true, "The email's body can no longer be read (its Data Protection key is gone).");
        else
            attempt = await sender.SendAsync(sender.Compose(email, body.Text, body.Html), ct);

        var (recorded, retryAt) = Record(email, attempt, options.Value, clock.GetUtcNow());
        session.Store(recorded);
        if (retryAt is { } at) await bus.ScheduleAsync(message, at);
        if (recorded.Status == EmailStatus.DeadLettered)
            log.LogWarning("Email {EmailId} ({Kind}) is dead-lettered after {Attempts} attempt(s): {Error}", email.Id, email.Kind, recorded.Attempts, attempt.Error);
        else if (!attempt.Sent)
            log.LogInformation("Email {EmailId} not sent yet (attempt {Attempts}): {Error}", email.Id, recorded.Attempts, attempt.Error);
    }
}
