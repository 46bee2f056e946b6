using Panel.Comparisons.Reading;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.RequiringConflictFree;

public sealed record ConflictRule(bool? ConflictFree);

/// <summary>An editor requires that no reviewer who declared a conflict naming a tool gives a verdict on it.</summary>
public static class RequiringConflictFreeEndpoint
{
    public static ProblemDetails Validate(ConflictRule? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Required("conflictFree", command.ConflictFree).ToProblem();

    /// <summary>
    /// The rule bars a conflicted reviewer's verdict on the tool (refused when given; one given before blocks
    /// publication until withdrawn) and stops counting the tool as owed by them. Set before the first publication.
    /// </summary>
    public static Outcome Decide(Comparison c, Guid toolId, bool conflictFree, Guid by, DateTimeOffset at)
    {
        if (c.Tool(toolId) is null) return Problems.NotFound("tool in this comparison", toolId);
        if (c.Retracted) return EditorialRecord.Retracted(c);
        if (!c.EditorialRecordOpen) return EditorialRecord.DeclarationsClosed(c);
        if (c.ConflictFreeTools.Contains(toolId) == conflictFree) return Outcome.Unchanged;
        return Outcome.Append(new ConflictFreeRequired(c.Id, toolId, conflictFree, by, at));
    }

    [EndpointSummary("Require a tool to be judged free of declared conflicts")]
    [WolverinePut("/api/comparisons/{id}/tools/{toolId}/conflict-rule", OperationId = "setConflictRule")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Put(Guid id, Guid toolId, ConflictRule command, ClaimsPrincipal caller, HttpContext http,
        IDocumentStore store, TimeProvider clock) =>
        EventStreams.Answer(http, RequireAsync(store, id, toolId, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> RequireAsync(IDocumentStore store, Guid id, Guid toolId, ConflictRule command, IfMatch? expected,
        Guid by, DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command), c => Decide(c, toolId, command.ConflictFree.Checked(), by, at), ct);
}

/// <summary>The editor's conflict rule for one tool: the same entry point as the API's.</summary>
public static class RequiringConflictFreeForm
{
    [WolverinePost("/workspace/comparisons/{id}/conflict-rules/{toolId}"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Rule(toolId),
            form => RequiringConflictFreeEndpoint.RequireAsync(store, id, toolId,
                new ConflictRule(bool.TryParse(form.Text("conflictFree"), out var free) ? free : null), null, caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            _ => Done.ConflictRuleSet);
}
