using Panel.Email.Sending;
using Panel.Webhooks.Deliveries;
using Wolverine;

namespace Panel.Email.Outgoing;

/// <summary>An email as admins see it: to whom, what about, how it went. Never its body (it can hold a sign-in link).</summary>
public sealed record EmailView(
    Guid Id, string Kind, Guid? UserId, string To, string Subject, EmailStatus Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? SentAt)
{
    public static EmailView Of(OutgoingEmail e) =>
        new(e.Id, e.Kind, e.UserId, e.To, e.Subject, e.Status, e.Attempts, e.LastError, e.CreatedAt, e.LastAttemptAt, e.SentAt);
}

/// <summary>Whether email is on, as the workspace and scripts can ask.</summary>
public sealed record EmailSettings(bool Enabled, string? From);

public static class OutgoingEmailsEndpoint
{
    /// <summary>Newest first, a page at a time; <c>status</c> narrows to pending, sent or deadLettered.</summary>
    [WolverineGet("/api/emails", OperationId = "listEmails")]
    [EndpointSummary("List outgoing emails")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<EmailView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(EmailStatus? status, int? limit, string? cursor, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var list = $"emails/{status}";
        if (Paging.Read<CreatedPosition>(http, list, limit, cursor, out var page) is { } bad) return bad.ToResult();
        var query = session.Query<OutgoingEmail>().AsQueryable();
        if (status is { } s) query = query.Where(x => x.Status == s);
        if (page.After is { } after)
        {
            var at = Paging.Microseconds(after.CreatedAt);
            var last = after.Id;
            query = query.Where(x => x.CreatedAt < at || (x.CreatedAt == at && x.Id < last));
        }
        var rows = await query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Take(page.Limit + 1).ToListAsync(ct);
        var (items, _) = Paging.Cut(http, list, rows, page.Limit, x => new CreatedPosition(x.CreatedAt, x.Id));
        return Results.Ok(items.Select(EmailView.Of).ToList());
    }

    [WolverineGet("/api/emails/settings", OperationId = "getEmailSettings")]
    [EndpointSummary("Is email on")]
    [Authorize(Roles = Roles.Admin)]
    public static EmailSettings Settings(Mailer mailer, Microsoft.Extensions.Options.IOptions<SmtpOptions> options) =>
        new(mailer.Enabled, mailer.Enabled ? options.Value.From : null);

    /// <summary>Replays a dead-lettered (or sent) email: a new round, the same Message-ID, the retry time counted afresh.</summary>
    public static OutgoingEmail Replay(OutgoingEmail e, DateTimeOffset at) =>
        e with { Status = EmailStatus.Pending, Round = e.Round + 1, RoundStartedAt = at, AttemptsAtRoundStart = e.Attempts };

    [WolverinePost("/api/emails/{id}/replay", OperationId = "replayEmail")]
    [EndpointSummary("Replay an email")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<EmailView>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> PostReplay(Guid id, IDocumentSession session, IMessageBus bus, Mailer mailer, TimeProvider clock, CancellationToken ct)
    {
        var (replayed, problem) = await ReplayAsync(session, bus, mailer, id, clock.GetUtcNow(), ct);
        return problem is not null ? problem.ToResult() : Results.Accepted("/api/emails", EmailView.Of(replayed!));
    }

    /// <summary>The one entry point, for the API and the Email page: the new round and its message commit together.</summary>
    public static async Task<(OutgoingEmail? Replayed, ProblemDetails? Problem)> ReplayAsync(IDocumentSession session, IMessageBus bus, Mailer mailer,
        Guid id, DateTimeOffset at, CancellationToken ct)
    {
        var email = await session.LoadAsync<OutgoingEmail>(id, ct);
        if (email is null) return (null, Problems.NotFound("email", id));
        if (!mailer.Enabled) return (null, EmailOff());
        if (email.Status == EmailStatus.Pending)
            return (null, Problems.Conflict("email-pending", "The email is still being attempted.",
                $"It has had {email.Attempts} attempt(s) and will be retried; replay it once it is sent or dead-lettered."));
        var replayed = Replay(email, at);
        session.Store(replayed);
        await bus.PublishAsync(new SendEmail(replayed.Id, replayed.Round));
        Idempotency.AnswerWith(StatusCodes.Status202Accepted, "/api/emails", EmailView.Of(replayed));
        await session.SaveChangesAsync(ct);
        return (replayed, null);
    }

    public static ProblemDetails EmailOff() => Problems.Conflict("email-off", "Email is off.",
        "This service has no SMTP server configured (Panel:Smtp:Host), so it cannot send email. An admin can hand out a token instead.");
}
