using Panel.Tools;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.OpeningComparison;

public sealed record OpenComparison(string? Title, IReadOnlyList<Guid>? ToolIds);

public static class OpeningComparisonEndpoint
{
    public const int MaxTitle = 200;

    public const int MinTools = 2, MaxTools = 4;

    public static ProblemDetails Validate(OpenComparison? command)
    {
        if (command is null) return FieldErrors.MissingBody();
        var errors = new FieldErrors().Name("title", command.Title, MaxTitle);
        if (command.ToolIds is null) errors.Add("toolIds", "toolIds is required.");
        else if (command.ToolIds.Count is < MinTools or > MaxTools) errors.Add("toolIds", $"A comparison has {MinTools} to {MaxTools} tools.");
        else if (command.ToolIds.Distinct().Count() != command.ToolIds.Count) errors.Add("toolIds", "Each tool may appear once.");
        else if (command.ToolIds.Contains(Guid.Empty)) errors.Add("toolIds", "Tool ids must not be empty.");
        return errors.ToProblem();
    }

    /// <summary>Opens the comparison on the tools' facts as they stand now, in the order given.</summary>
    public static Outcome Decide(string title, IReadOnlyList<Guid> toolIds, IReadOnlyDictionary<Guid, Tool> known, Guid id, Guid by, DateTimeOffset at)
    {
        var unknown = toolIds.Where(x => !known.ContainsKey(x)).ToList();
        if (unknown.Count > 0)
        {
            var problem = Problems.NotFound("tool", string.Join(", ", unknown));
            problem.Extensions["unknownToolIds"] = unknown;
            return problem;
        }

        var tools = toolIds.Select(x => known[x]).Select(t => new ComparedTool(
            t.Id, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier, t.PricingRead, t.PricedAt)).ToList();
        return Outcome.Append(new ComparisonOpened(id, Names.Normalize(title), tools, by, at));
    }

    [WolverinePost("/api/comparisons", OperationId = "openComparison")]
    [EndpointSummary("Open a comparison")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<Created>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Post(OpenComparison command, ClaimsPrincipal caller, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var (id, problem) = await OpenAsync(store, command, caller.Id(), clock.GetUtcNow(), ct);
        return problem is not null ? problem.ToResult() : Results.Created($"/api/comparisons/{id}", new Created(id));
    }

    /// <summary>
    /// The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide on
    /// the tools as they stand, start the comparison's stream.
    /// </summary>
    public static async Task<(Guid Id, ProblemDetails? Problem)> OpenAsync(IDocumentStore store, OpenComparison command, Guid by, DateTimeOffset at, CancellationToken ct)
    {
        if (Validate(command) is var invalid && !ReferenceEquals(invalid, WolverineContinue.NoProblems)) return (Guid.Empty, invalid);
        await using var session = store.LightweightSession();
        var toolIds = command.ToolIds.Checked();
        var known = (await session.LoadManyAsync<Tool>(ct, toolIds)).ToDictionary(x => x.Id);

        var id = Guid.CreateVersion7();
        var outcome = Decide(command.Title.Checked(), toolIds, known, id, by, at);
        if (outcome.Problem is not null) return (id, outcome.Problem);

        session.Events.StartStream<Comparison>(id, outcome.Events.ToArray());
        Idempotency.AnswerWith(StatusCodes.Status201Created, $"/api/comparisons/{id}", new Created(id));
        await session.SaveChangesAsync(ct);
        return (id, null);
    }
}

/// <summary>The editor's page and form that open a comparison: the same entry point as <c>POST /api/comparisons</c>.</summary>
public static class OpeningComparisonForm
{
    public const string Key = "open";

    [WolverineGet("/workspace/comparisons/new"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static async Task<IResult> New(HttpContext http, IQuerySession session, CancellationToken ct) =>
        WorkspaceForms.Page<NewComparisonPage>(http, new() { ["Tools"] = await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(ct) });

    [WolverinePost("/workspace/comparisons"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static async Task<IResult> Post(ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var ids = form["toolIds"].Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();
        var (id, problem) = await OpeningComparisonEndpoint.OpenAsync(store, new OpenComparison(form.Text("title"), ids), caller.Id(),
            clock.GetUtcNow(), http.RequestAborted);
        if (problem is null) return WorkspaceForms.SeeOther(http, $"/workspace/comparisons/{id}", Done.Opened);

        await using var session = store.QuerySession();
        return WorkspaceForms.Page<NewComparisonPage>(http, new()
        {
            ["Tools"] = await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(http.RequestAborted),
            ["Form"] = WorkspaceForms.Failed(Key, form, problem)
        }, WorkspaceForms.StatusOf(problem));
    }
}
