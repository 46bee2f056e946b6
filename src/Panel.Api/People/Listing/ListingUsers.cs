namespace Panel.People.Listing;

public sealed record UserSummary(Guid Id, string Name, Role Role, DateTimeOffset RegisteredAt, DateTimeOffset TokenIssuedAt);

public sealed record Me(Guid Id, string Name, Role Role);

public static class ListingUsersEndpoint
{
    [WolverineGet("/api/users", OperationId = "listUsers")]
    [Authorize(Roles = Roles.Admin)]
    public static async Task<IReadOnlyList<UserSummary>> Get(IQuerySession session, CancellationToken ct) =>
        (await session.Query<User>().OrderBy(x => x.Name).ToListAsync(ct))
        .Select(x => new UserSummary(x.Id, x.Name, x.Role, x.RegisteredAt, x.TokenIssuedAt))
        .ToList();

    /// <summary>Who the presented credential belongs to.</summary>
    [WolverineGet("/api/me", OperationId = "getMe")]
    [Authorize]
    public static Me GetMe(ClaimsPrincipal caller) => new(caller.Id(), caller.DisplayName(), caller.Role());
}
