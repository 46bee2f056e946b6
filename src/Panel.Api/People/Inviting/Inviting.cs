using Microsoft.Extensions.Options;
using Panel.Email;
using Panel.Email.Outgoing;
using Panel.People.SignInLinks;
using Wolverine;

namespace Panel.People.Inviting;

/// <summary>The invitation as it went out: its link's id and end, the email on its way.</summary>
public sealed record InvitationSent(Guid InvitationId, Guid UserId, string Email, DateTimeOffset ExpiresAt, Guid EmailId);

public static class InvitingEndpoint
{
    /// <summary>Who can be invited: a person with an address who still has access, while email is on.</summary>
    public static ProblemDetails? Refusal(User user, bool emailOn) =>
        !emailOn ? OutgoingEmailsEndpoint.EmailOff()
        : user.Email is null ? Problems.Conflict("no-email", "The person has no email address.",
            $"Set {user.Name}'s email address first (PUT /api/users/{user.Id}/email).")
        : user.Revoked ? Problems.Conflict("person-revoked", "The person's access is revoked.",
            $"{user.Name}'s access was revoked; reissue their token to give it back before inviting them.")
        : null;

    /// <summary>
    /// Emails the person a one-time link that signs them in; it supersedes every earlier unused link. The
    /// link's record, the email and the message that sends it commit together (Wolverine's outbox).
    /// </summary>
    [WolverinePost("/api/users/{id}/invitations", OperationId = "inviteUser")]
    [EndpointSummary("Invite a user by email")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<InvitationSent>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, IDocumentSession session, IMessageBus bus, Mailer mailer,
        IOptions<SignInOptions> options, IOptions<PanelOptions> panel, TimeProvider clock, CancellationToken ct)
    {
        var (sent, problem) = await InviteAsync(session, bus, mailer, options.Value, panel.Value, id, caller.Id(), clock.GetUtcNow(), ct);
        return problem is not null ? problem.ToResult() : Results.Accepted($"/api/users/{id}", sent);
    }

    /// <summary>The one entry point, for the API and the People page alike; it commits the session itself.</summary>
    public static async Task<(InvitationSent? Sent, ProblemDetails? Problem)> InviteAsync(IDocumentSession session, IMessageBus bus, Mailer mailer,
        SignInOptions options, PanelOptions panel, Guid id, Guid by, DateTimeOffset at, CancellationToken ct)
    {
        if (id == Guid.Empty) return (null, Problems.NotFound("user", id));
        var stream = await session.Events.FetchForExclusiveWriting<User>(id, ct);
        if (stream.Aggregate is not { } user) return (null, Problems.NotFound("user", id));
        if (Refusal(user, mailer.Enabled) is { } refused) return (null, refused);

        var (issued, email) = await SignInLinkMail.IssueAsync(session, bus, mailer, user, LinkPurpose.Invitation,
            TimeSpan.FromHours(options.InvitationHours), panel.EmailSiteUrl(), by, at);
        var sent = new InvitationSent(issued.LinkId, user.Id, user.Email!, issued.ExpiresAt, email.Id);
        Idempotency.AnswerWith(StatusCodes.Status202Accepted, $"/api/users/{id}", sent);
        await session.SaveChangesAsync(ct);
        return (sent, null);
    }
}
