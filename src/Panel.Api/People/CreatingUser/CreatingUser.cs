using Panel.People.SettingEmail;

namespace Panel.People.CreatingUser;

public sealed record CreateUser(string? Name, Role? Role, string? Email = null);

/// <summary>The token appears here once and never again: only its hash is kept.</summary>
public sealed record CreatedUser(Guid Id, string Name, Role Role, string Token, string? Email = null);

public static class CreatingUserEndpoint
{
    public static ProblemDetails Validate(CreateUser? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Name("name", command.Name, 100).Required("role", command.Role).Email("email", command.Email).ToProblem();

    public static UserRegistered Decide(string name, Role role, Guid id, string token, Guid by, DateTimeOffset at) =>
        new(id, Names.Normalize(name), role, Tokens.Hash(token), by, at);

    [WolverinePost("/api/users", OperationId = "createUser")]
    [EndpointSummary("Create a user")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<CreatedUser>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(CreateUser command, ClaimsPrincipal caller, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var (created, problem) = await CreateAsync(store, command, caller.Id(), clock.GetUtcNow(), ct);
        return problem is not null ? problem.ToResult() : Results.Created($"/api/users/{created!.Id}", created);
    }

    /// <summary>
    /// Registers the person with a new token (and their address, if given) and hands the token back: the only
    /// time it exists in clear. An address someone else has refuses the whole creation.
    /// </summary>
    public static async Task<(CreatedUser? Created, ProblemDetails? Problem)> CreateAsync(IDocumentStore store, CreateUser command, Guid by,
        DateTimeOffset at, CancellationToken ct)
    {
        var token = Tokens.New();
        var registered = Decide(command.Name.Checked(), command.Role.Checked(), Guid.CreateVersion7(), token, by, at);
        var email = string.IsNullOrWhiteSpace(command.Email) ? null : EmailAddresses.Normalize(command.Email);

        await using var session = store.LightweightSession();
        if (email is not null && await SettingEmailEndpoint.IsTakenAsync(session, email, ct)) return (null, SettingEmailEndpoint.Taken(email));
        object[] events = email is null ? [registered] : [registered, new EmailAddressSet(registered.UserId, email, by, at)];
        session.Events.StartStream<User>(registered.UserId, events);
        var created = new CreatedUser(registered.UserId, registered.Name, registered.Role, token, email);
        Idempotency.AnswerWith(StatusCodes.Status201Created, $"/api/users/{created.Id}", created);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (email is not null && EventStreams.IsUniqueViolation(e))
        {
            return (null, SettingEmailEndpoint.Taken(email));
        }
        return (created, null);
    }
}
