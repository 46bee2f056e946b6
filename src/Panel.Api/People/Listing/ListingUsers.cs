namespace Panel.People.Listing;

/// <summary>A person as admins see them; the email address is personal data and appears on admin routes only.</summary>
public sealed record UserSummary(Guid Id, string Name, Role Role, DateTimeOffset RegisteredAt, DateTimeOffset TokenIssuedAt,
    DateTimeOffset? TokenRevokedAt, string? Email)
{
    public static UserSummary Of(User u) => new(u.Id, u.Name, u.Role, u.RegisteredAt, u.TokenIssuedAt, u.TokenRevokedAt, u.Email);
}

public sealed record Me(Guid Id, string Name, Role Role);

public static class ListingUsersEndpoint
{
    /// <summary>By name, a page at a time (<c>limit</c>, <c>cursor</c>; the next page in the <c>Link</c> header).</summary>
    [WolverineGet("/api/users", OperationId = "listUsers")]
    [EndpointSummary("List users")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<UserSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(int? limit, string? cursor, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (Paging.Read<Tools.Reading.NamePosition>(http, "users", limit, cursor, out var page) is { } bad) return bad.ToResult();
        var query = session.Query<User>().AsQueryable();
        if (page.After is { } after)
        {
            var (name, id) = (after.Name, after.Id);
            query = query.Where(x => string.Compare(x.Name, name) > 0 || (x.Name == name && x.Id > id));
        }
        var rows = await query.OrderBy(x => x.Name).ThenBy(x => x.Id).Take(page.Limit + 1).ToListAsync(ct);
        var (items, _) = Paging.Cut(http, "users", rows, page.Limit, x => new Tools.Reading.NamePosition(x.Name, x.Id));
        return Results.Ok(items.Select(UserSummary.Of).ToList());
    }

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
