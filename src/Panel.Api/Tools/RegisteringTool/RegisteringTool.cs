namespace Panel.Tools.RegisteringTool;

public sealed record RegisterTool(
    string? Name, string? Vendor, string? Category, string? Tagline, string? Description,
    EntryTier? EntryTier, string? PricingRead);

public static class RegisteringToolEndpoint
{
    public static ProblemDetails Validate(RegisterTool? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors()
            .Name("name", command.Name, 100)
            .Name("vendor", command.Vendor, 100)
            .Name("category", command.Category, 60)
            .Text("tagline", command.Tagline, 200)
            .Text("description", command.Description, 4000)
            .Required("entryTier", command.EntryTier)
            .Text("pricingRead", command.PricingRead, 300)
            .ToProblem();

    public static ToolRegistered Decide(string name, string vendor, string category, string tagline, string description,
        EntryTier entryTier, string pricingRead, Guid id, Guid by, DateTimeOffset at) =>
        new(id, Names.Normalize(name), Names.Normalize(vendor), Names.Normalize(category), tagline.Trim(), description.Trim(), entryTier, pricingRead.Trim(), by, at);

    [WolverinePost("/api/tools", OperationId = "registerTool")]
    [EndpointSummary("Register a tool")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(RegisterTool command, ClaimsPrincipal caller, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var (id, problem) = await RegisterAsync(store, command, caller.Id(), clock.GetUtcNow(), ct);
        return problem is not null ? problem.ToResult() : Results.Created($"/api/tools/{id}", new Created(id));
    }

    /// <summary>Starts the tool's stream unless the name is taken; for the API and the workspace form alike.</summary>
    public static async Task<(Guid Id, ProblemDetails? Problem)> RegisterAsync(IDocumentStore store, RegisterTool command, Guid by, DateTimeOffset at, CancellationToken ct)
    {
        var registered = Decide(command.Name.Checked(), command.Vendor.Checked(), command.Category.Checked(), command.Tagline.Checked(),
            command.Description.Checked(), command.EntryTier.Checked(), command.PricingRead.Checked(), Guid.CreateVersion7(), by, at);
        var duplicate = Problems.Conflict("duplicate-tool", "A tool with that name exists.",
            $"There is already a tool named '{registered.Name}'.");

        await using var session = store.LightweightSession();
        var key = Tool.KeyOf(registered.Name);
        // The same skeleton: the same name in another case, spacing, accent or alphabet. Say which tool holds it.
        if (await session.Query<Tool>().Where(x => x.NameKey == key).Select(x => x.Name).FirstOrDefaultAsync(ct) is { } holder)
            return (registered.ToolId, holder == registered.Name ? duplicate : RedescribingTool.RedescribingToolEndpoint.Duplicate(registered.Name, holder));

        session.Events.StartStream<Tool>(registered.ToolId, registered);
        Idempotency.AnswerWith(StatusCodes.Status201Created, $"/api/tools/{registered.ToolId}", new Created(registered.ToolId));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (EventStreams.IsUniqueViolation(e))
        {
            return (registered.ToolId, duplicate);
        }
        return (registered.ToolId, null);
    }
}
