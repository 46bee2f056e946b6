using Panel.People.Listing;

namespace Panel.People.SettingEmail;

public sealed record SetEmail(string? Email);

public static class SettingEmailEndpoint
{
    public static ProblemDetails Validate(SetEmail? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Email("email", command.Email, required: true).ToProblem();

    public static ProblemDetails Taken(string email) =>
        Problems.Conflict("email-taken", "That email address belongs to someone else.",
            $"Another person already has the address {email}; each address belongs to one person.");

    public static Outcome Decide(User user, string email, Guid by, DateTimeOffset at) =>
        user.Email == email ? Outcome.Unchanged : Outcome.Append(new EmailAddressSet(user.Id, email, by, at));

    [WolverinePut("/api/users/{id}/email", OperationId = "setUserEmail")]
    [EndpointSummary("Set a user's email address")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<UserSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Put(Guid id, SetEmail command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Answer(http, SetAsync(store, id, command.Email.Checked(), caller.Id(), clock.GetUtcNow(), ETags.ReadIfMatch(http.Request), http.RequestAborted),
            (user, _) => Results.Ok(UserSummary.Of(user)));

    /// <summary>
    /// Sets the address unless another person has it: checked inside the person's lock, and by the unique
    /// index at the commit for the race between two people being given one address at the same moment.
    /// </summary>
    public static async Task<StreamWrite<User>> SetAsync(IDocumentStore store, Guid id, string email, Guid by, DateTimeOffset at,
        IfMatch? expected, CancellationToken ct)
    {
        var address = EmailAddresses.Normalize(email);
        try
        {
            return await EventStreams.WriteAsync<User>(store, id, "user", mayStart: false, expected, async (user, session, token) =>
                await session.Query<User>().AnyAsync(x => x.Email == address && x.Id != id, token)
                    ? Outcome.Reject(Taken(address))
                    : Decide(user!, address, by, at), ct);
        }
        catch (Exception e) when (EventStreams.IsUniqueViolation(e))
        {
            return StreamWrite<User>.Refused(Taken(address));
        }
    }

    /// <summary>Is the address free for a new person? (The unique index has the last word at the commit.)</summary>
    public static Task<bool> IsTakenAsync(IQuerySession session, string email, CancellationToken ct)
    {
        var address = EmailAddresses.Normalize(email);
        return session.Query<User>().AnyAsync(x => x.Email == address, ct);
    }
}
