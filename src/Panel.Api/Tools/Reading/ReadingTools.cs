namespace Panel.Tools.Reading;

/// <summary>Where a page of a list ordered by name ended.</summary>
public sealed record NamePosition(string Name, Guid Id);

public static class ReadingToolsEndpoint
{
    /// <summary>By name, a page at a time (<c>limit</c>, <c>cursor</c>; the next page in the <c>Link</c> header).</summary>
    [WolverineGet("/api/tools", OperationId = "listTools")]
    [EndpointSummary("List tools")]
    [Authorize]
    [ProducesResponseType<IReadOnlyList<ToolView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(int? limit, string? cursor, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (Paging.Read<NamePosition>(http, "tools", limit, cursor, out var page) is { } bad) return bad.ToResult();
        var query = session.Query<Tool>().AsQueryable();
        if (page.After is { } after)
        {
            var (name, id) = (after.Name, after.Id);
            query = query.Where(x => string.Compare(x.Name, name) > 0 || (x.Name == name && x.Id > id));
        }
        var rows = await query.OrderBy(x => x.Name).ThenBy(x => x.Id).Take(page.Limit + 1).ToListAsync(ct);
        var (items, _) = Paging.Cut(http, "tools", rows, page.Limit, x => new NamePosition(x.Name, x.Id));
        return Results.Ok(items.Select(ToolView.Of).ToList());
    }

    [WolverineGet("/api/tools/{id}", OperationId = "getTool")]
    [EndpointSummary("Read a tool")]
    [Authorize]
    [ProducesResponseType<ToolView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var tool = await session.LoadAsync<Tool>(id, ct);
        if (tool is null) return Problems.NotFound("tool", id).ToResult();
        return ETags.NotModified(http, tool.Version) ? ETags.NotModifiedResult : Results.Ok(ToolView.Of(tool));
    }
}
