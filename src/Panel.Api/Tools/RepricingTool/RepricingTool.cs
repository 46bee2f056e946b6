namespace Panel.Tools.RepricingTool;

public sealed record RepriceTool(EntryTier? EntryTier, string? PricingRead);

public static class RepricingToolEndpoint
{
    public static ProblemDetails Validate(RepriceTool? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Required("entryTier", command.EntryTier).Text("pricingRead", command.PricingRead, 300).ToProblem();

    public static Outcome Decide(Tool tool, EntryTier entryTier, string pricingRead, Guid by, DateTimeOffset at)
    {
        var read = pricingRead.Trim();
        return tool.EntryTier == entryTier && tool.PricingRead == read
            ? Outcome.Unchanged
            : Outcome.Append(new ToolRepriced(tool.Id, entryTier, read, by, at));
    }

    /// <summary>New pricing applies to comparisons opened from now on; opened ones keep the facts they were judged on.</summary>
    [WolverinePut("/api/tools/{id}/pricing", OperationId = "repriceTool")]
    [EndpointSummary("Reprice a tool")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ToolView>(StatusCodes.Status200OK)]
    public static Task<IResult> Put(Guid id, RepriceTool command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Change<Tool>(store, http, id, "tool",
            tool => Decide(tool, command.EntryTier.Checked(), command.PricingRead.Checked(), caller.Id(), clock.GetUtcNow()),
            (tool, _) => Results.Ok(ToolView.Of(tool)));
}
