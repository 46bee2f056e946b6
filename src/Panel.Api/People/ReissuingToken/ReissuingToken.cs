namespace Panel.People.ReissuingToken;

public sealed record ReissuedToken(Guid Id, string Token);

public static class ReissuingTokenEndpoint
{
    public static Outcome Decide(User user, string token, Guid by, DateTimeOffset at) =>
        Outcome.Append(new TokenReissued(user.Id, Tokens.Hash(token), by, at));

    /// <summary>Replaces a user's token: the old one stops working at once (lost or leaked credentials).</summary>
    [WolverinePost("/api/users/{id}/token", OperationId = "reissueToken")]
    [EndpointSummary("Reissue a user's token")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<ReissuedToken>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var token = Tokens.New();
        return EventStreams.Change<User>(store, http, id, "user",
            user => Decide(user, token, caller.Id(), clock.GetUtcNow()),
            (_, _) => Results.Ok(new ReissuedToken(id, token)));
    }
}
