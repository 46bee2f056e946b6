namespace Panel.People.Keys;

public static class ListingKeysEndpoint
{
    /// <summary>The caller's keys, newest first, revoked ones included (so a person sees when each stopped).</summary>
    [WolverineGet("/api/me/keys", OperationId = "listMyKeys")]
    [EndpointSummary("List your API keys")]
    [Authorize]
    [ProducesResponseType<IReadOnlyList<KeySummary>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<KeySummary>> Get(ClaimsPrincipal caller, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<User>(caller.Id(), ct) is { } user ? KeySummary.Of(user) : [];

    [WolverineGet("/api/users/{id}/keys", OperationId = "listUserKeys")]
    [EndpointSummary("List a user's API keys")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<KeySummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetFor(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<User>(id, ct) is { } user
            ? Results.Ok(KeySummary.Of(user))
            : Problems.NotFound("user", id).ToResult();
}
