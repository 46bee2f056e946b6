using Panel.Comparisons.SettingDeadline;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.ClearingDeadline;

public static class ClearingDeadlineEndpoint
{
    /// <summary>Clearing a deadline supersedes whatever was scheduled for it; no deadline, nothing to clear.</summary>
    public static Outcome Decide(Comparison c, Guid by, DateTimeOffset at) =>
        c.Deadline is null ? Outcome.Unchanged : Outcome.Append(new DeadlineCleared(c.Id, c.Deadline.Id, by, at));

    [WolverineDelete("/api/comparisons/{id}/deadline", OperationId = "clearDeadline")]
    [EndpointSummary("Clear the panel's deadline")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<DeadlineView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Delete(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Answer(http, ClearAsync(store, id, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, version) => Results.Ok(DeadlineView.Of(c, version)));

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> ClearAsync(IDocumentStore store, Guid id, IfMatch? expected, Guid by, DateTimeOffset at,
        CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, c => Decide(c, by, at), ct);
}

/// <summary>The editor's button that clears the deadline: the same entry point as the API's.</summary>
public static class ClearingDeadlineForm
{
    [WolverinePost("/workspace/comparisons/{id}/deadline/removal"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Deadline,
            _ => ClearingDeadlineEndpoint.ClearAsync(store, id, null, caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            _ => Done.DeadlineCleared);
}
