using Panel.People.Listing;

namespace Panel.People.RevokingToken;

public static class RevokingTokenEndpoint
{
    public static Outcome Decide(User user, Guid by, DateTimeOffset at) =>
        user.TokenRevokedAt is not null ? Outcome.Unchanged : Outcome.Append(new TokenRevoked(user.Id, by, at));

    /// <summary>Takes a person's access away at once; reissuing a token gives it back.</summary>
    [WolverineDelete("/api/users/{id}/token", OperationId = "revokeToken")]
    [EndpointSummary("Revoke a user's token")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<UserSummary>(StatusCodes.Status200OK)]
    public static Task<IResult> Delete(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Change<User>(store, http, id, "user",
            user => Decide(user, caller.Id(), clock.GetUtcNow()),
            (user, _) => Results.Ok(UserSummary.Of(user)));
}
