namespace Panel.People.CreatingUser;

public sealed record CreateUser(string? Name, Role? Role);

/// <summary>The token appears here once and never again: only its hash is kept.</summary>
public sealed record CreatedUser(Guid Id, string Name, Role Role, string Token);

public static class CreatingUserEndpoint
{
    public static ProblemDetails Validate(CreateUser? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Name("name", command.Name, 100).Required("role", command.Role).ToProblem();

    public static UserRegistered Decide(string name, Role role, Guid id, string token, Guid by, DateTimeOffset at) =>
        new(id, Names.Normalize(name), role, Tokens.Hash(token), by, at);

    [WolverinePost("/api/users", OperationId = "createUser")]
    [EndpointSummary("Create a user")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<CreatedUser>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(CreateUser command, ClaimsPrincipal caller, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var created = await CreateAsync(store, command, caller.Id(), clock.GetUtcNow(), ct);
        return Results.Created($"/api/users/{created.Id}", created);
    }

    /// <summary>Registers the person with a new token and hands the token back (the only time it exists in clear).</summary>
    public static async Task<CreatedUser> CreateAsync(IDocumentStore store, CreateUser command, Guid by, DateTimeOffset at, CancellationToken ct)
    {
        var token = Tokens.New();
        var registered = Decide(command.Name.Checked(), command.Role.Checked(), Guid.CreateVersion7(), token, by, at);

        await using var session = store.LightweightSession();
        session.Events.StartStream<User>(registered.UserId, registered);
        var created = new CreatedUser(registered.UserId, registered.Name, registered.Role, token);
        Idempotency.AnswerWith(StatusCodes.Status201Created, $"/api/users/{created.Id}", created);
        await session.SaveChangesAsync(ct);
        return created;
    }
}
