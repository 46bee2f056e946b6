namespace Panel.People.Keys;

public sealed record CreateKey(string? Name);

/// <summary>The key appears here once and never again: only its hash is kept.</summary>
public sealed record CreatedKey(Guid Id, string Name, DateTimeOffset CreatedAt, string Key);

public static class CreatingKeyEndpoint
{
    public static ProblemDetails Validate(CreateKey? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Text("name", command.Name, ApiKeys.MaxNameLength).ToProblem();

    public static Outcome Decide(User user, Guid keyId, string name, string key, Guid by, DateTimeOffset at) =>
        user.Revoked ? Outcome.Reject(ApiKeys.PersonRevoked())
        : user.ActiveKeyHashes.Count >= ApiKeys.MaxActive ? Outcome.Reject(ApiKeys.TooMany())
        : Outcome.Append(new ApiKeyCreated(user.Id, keyId, name.Trim(), Tokens.Hash(key), by, at));

    /// <summary>A new key for the caller's scripts, named so they can tell it from the others later.</summary>
    [WolverinePost("/api/me/keys", OperationId = "createMyKey")]
    [EndpointSummary("Create an API key")]
    [Authorize]
    [ProducesResponseType<CreatedKey>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(CreateKey command, ClaimsPrincipal caller, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var (created, problem) = await CreateAsync(store, caller, command.Name.Checked(), clock.GetUtcNow(), ct);
        return problem is not null ? problem.ToResult() : Results.Created("/api/me/keys", created);
    }

    /// <summary>
    /// The one entry point, for the API and the Keys page: creates a key for the caller and hands it back, the
    /// only time it exists in clear. Not for the configured admin (no person), nor with a key (a leaked key
    /// must not outlive its own revocation by minting others).
    /// </summary>
    public static async Task<(CreatedKey? Created, ProblemDetails? Problem)> CreateAsync(IDocumentStore store, ClaimsPrincipal caller, string name,
        DateTimeOffset at, CancellationToken ct)
    {
        var me = caller.Id();
        if (me == ConfiguredAdmin.Id) return (null, ApiKeys.ConfiguredAdminHasNone());
        if (caller.ViaKey()) return (null, ApiKeys.NotWithAKey());

        var key = Tokens.NewKey();
        var created = new CreatedKey(Guid.CreateVersion7(), name.Trim(), at, key);
        // Known before the commit, so a retry with the same Idempotency-Key gets this very key again.
        Idempotency.AnswerWith(StatusCodes.Status201Created, "/api/me/keys", created);
        var written = await EventStreams.WriteAsync<User>(store, me, "user", mayStart: false, null,
            user => Decide(user!, created.Id, name, key, me, at), ct);
        return written.Problem is not null ? (null, written.Problem) : (created, null);
    }
}
