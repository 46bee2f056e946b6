using Panel.Comparisons.Reading;
using Panel.Tools;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.ApplyingToolFacts;

/// <summary>Apply one tool's current facts (<c>toolId</c>), or every tool's that moved (no <c>toolId</c>).</summary>
public sealed record ApplyToolFacts(Guid? ToolId = null);

/// <summary>
/// A comparison captures its tools' facts when it opens. When a tool is repriced or reworded later, the comparison
/// says so (<see cref="OutdatedFacts"/>) and keeps what it captured until an editor applies the new facts.
/// </summary>
public static class ApplyingToolFactsEndpoint
{
    /// <summary>How each tool's current facts differ from those the comparison holds; empty when they agree.</summary>
    public static IReadOnlyList<ToolFactChange> OutdatedFacts(Comparison c, IReadOnlyDictionary<Guid, Tool> current) =>
        [.. c.Tools.SelectMany(t => current.TryGetValue(t.ToolId, out var tool) ? Between(t, tool) : [])];

    public static IReadOnlyList<ToolFactChange> Between(ComparedTool held, Tool now) =>
        ToolFacts.Between(held.ToolId, held.Name, (held.Name, held.Tagline, held.Description, held.EntryTier, held.PricingRead), ToolFacts.Of(now));

    /// <summary>
    /// One <see cref="ToolFactsApplied"/> per tool whose facts moved (or just the one asked for). Nothing moved:
    /// nothing changes. A tool the comparison does not hold is not found.
    /// </summary>
    public static Outcome Decide(Comparison c, ApplyToolFacts command, IReadOnlyDictionary<Guid, Tool> current, Guid by, DateTimeOffset at)
    {
        if (command.ToolId is { } only && c.Tool(only) is null) return Problems.NotFound("tool in this comparison", only);

        var events = new List<object>();
        foreach (var held in c.Tools.Where(t => command.ToolId is null || t.ToolId == command.ToolId))
        {
            if (!current.TryGetValue(held.ToolId, out var now)) continue;
            var changes = Between(held, now);
            if (changes.Count == 0) continue;
            var facts = new ComparedTool(now.Id, now.Name, now.Vendor, now.Category, now.Tagline, now.Description,
                now.EntryTier, now.PricingRead, now.PricedAt);
            events.Add(new ToolFactsApplied(c.Id, held.ToolId, changes, facts, by, at));
        }
        return events.Count == 0 ? Outcome.Unchanged : Outcome.Append([.. events]);
    }

    /// <summary>The current documents of the comparison's tools.</summary>
    public static async Task<IReadOnlyDictionary<Guid, Tool>> ToolsOf(IQuerySession session, Comparison c, CancellationToken ct) =>
        (await session.LoadManyAsync<Tool>(ct, c.Tools.Select(t => t.ToolId))).ToDictionary(t => t.Id);

    /// <summary>
    /// The use case's one entry point, for the JSON endpoint and the workspace form alike: the tools as they
    /// stand are read inside the comparison's lock, then the decision commits.
    /// </summary>
    public static Task<StreamWrite<Comparison>> ApplyAsync(IDocumentStore store, Guid id, ApplyToolFacts command, IfMatch? expected,
        Guid by, DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, async (c, session, token) => Decide(c, command, await ToolsOf(session, c, token), by, at), ct);

    [EndpointSummary("Apply the tools' current facts to the comparison")]
    [WolverinePost("/api/comparisons/{id}/tool-facts", OperationId = "applyToolFacts")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ApplyToolFacts command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store,
        TimeProvider clock)
    {
        var written = await ApplyAsync(store, id, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        if (written.Problem is not null) return written.Problem.ToResult();
        ETags.Set(http.Response, written.Version);
        await using var session = store.QuerySession();
        var c = written.State!;
        return Results.Ok(ComparisonDetails.For(c, caller) with { OutdatedFacts = OutdatedFacts(c, await ToolsOf(session, c, http.RequestAborted)) });
    }
}

/// <summary>Tool facts that move: the editor's button, the same entry point as the API's.</summary>
public static class ApplyingToolFactsForm
{
    [WolverinePost("/workspace/comparisons/{id}/tool-facts"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.ToolFacts,
            form => ApplyingToolFactsEndpoint.ApplyAsync(store, id, new ApplyToolFacts(form.Id("toolId")), form.Expected(), caller.Id(),
                clock.GetUtcNow(), http.RequestAborted),
            w => w.Appended.Count == 0 ? Done.FactsCurrent : Done.FactsApplied);
}
