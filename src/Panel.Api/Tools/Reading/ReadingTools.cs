namespace Panel.Tools.Reading;

public static class ReadingToolsEndpoint
{
    [WolverineGet("/api/tools", OperationId = "listTools")]
    [EndpointSummary("List tools")]
    [Authorize]
    public static async Task<IReadOnlyList<ToolView>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(ct)).Select(ToolView.Of).ToList();

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
