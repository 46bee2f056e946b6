namespace Panel.People.Keys;

public static class RevokingKeyEndpoint
{
    /// <summary>An unknown key (or someone else's) is a 404; revoking a revoked key changes nothing.</summary>
    public static Outcome Decide(User user, Guid keyId, Guid by, DateTimeOffset at) =>
        user.Keys.FirstOrDefault(k => k.Id == keyId) is not { } key ? Outcome.Reject(ApiKeys.KeyUnknown(keyId))
        : !key.Active ? Outcome.Unchanged
        : Outcome.Append(new ApiKeyRevoked(user.Id, keyId, by, at));

    /// <summary>The key stops working at once, on every instance (the callers' cache drops it with the change).</summary>
    [WolverineDelete("/api/me/keys/{keyId}", OperationId = "revokeMyKey")]
    [EndpointSummary("Revoke one of your API keys")]
    [Authorize]
    [ProducesResponseType<KeySummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Delete(Guid keyId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        Answer(http, RevokeAsync(store, caller.Id(), keyId, caller.Id(), clock.GetUtcNow(), http.RequestAborted), keyId);

    /// <summary>An admin ends someone's key (a leaked one, a script that should stop).</summary>
    [WolverineDelete("/api/users/{id}/keys/{keyId}", OperationId = "revokeUserKey")]
    [EndpointSummary("Revoke a user's API key")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<KeySummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> DeleteFor(Guid id, Guid keyId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        Answer(http, RevokeAsync(store, id, keyId, caller.Id(), clock.GetUtcNow(), http.RequestAborted), keyId);

    private static Task<IResult> Answer(HttpContext http, Task<StreamWrite<User>> writing, Guid keyId) =>
        EventStreams.Answer(http, writing, (user, _) => Results.Ok(KeySummary.Of(user.Keys.First(k => k.Id == keyId))));

    /// <summary>The one entry point, for the API and the workspace: <paramref name="owner"/>'s key, revoked by <paramref name="by"/>.</summary>
    public static async Task<StreamWrite<User>> RevokeAsync(IDocumentStore store, Guid owner, Guid keyId, Guid by, DateTimeOffset at, CancellationToken ct) =>
        owner == ConfiguredAdmin.Id
            ? StreamWrite<User>.Refused(ApiKeys.ConfiguredAdminHasNone())
            : await EventStreams.WriteAsync<User>(store, owner, "user", mayStart: false, null, user => Decide(user!, keyId, by, at), ct);
}
