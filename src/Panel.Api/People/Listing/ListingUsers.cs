namespace Panel.People.Listing;

public sealed record UserSummary(Guid Id, string Name, Role Role, DateTimeOffset RegisteredAt, DateTimeOffset TokenIssuedAt,
    DateTimeOffset? TokenRevokedAt)
{
    public static UserSummary Of(User u) => new(u.Id, u.Name, u.Role, u.RegisteredAt, u.TokenIssuedAt, u.TokenRevokedAt);
}

public sealed record Me(Guid Id, string Name, Role Role);

public static class ListingUsersEndpoint
{
    [WolverineGet("/api/users", OperationId = "listUsers")]
    [EndpointSummary("List users")]
    [Authorize(Roles = Roles.Admin)]
    public static async Task<IReadOnlyList<UserSummary>> Get(IQuerySession session, CancellationToken ct) =>
        (await session.Query<User>().OrderBy(x => x.Name).ToListAsync(ct))
        .Select(UserSummary.Of)
        .ToList();

    [WolverineGet("/api/users/{id}", OperationId = "getUser")]
    [EndpointSummary("Read a user")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<UserSummary>(StatusCodes.Status200OK)]
    public static async Task<IResult> GetOne(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<User>(id, ct) is { } user
            ? Results.Ok(UserSummary.Of(user))
            : Problems.NotFound("user", id).ToResult();

    /// <summary>Who the presented credential belongs to.</summary>
    [WolverineGet("/api/me", OperationId = "getMe")]
    [EndpointSummary("Who am I")]
    [Authorize]
    public static Me GetMe(ClaimsPrincipal caller) => new(caller.Id(), caller.DisplayName(), caller.Role());
}
