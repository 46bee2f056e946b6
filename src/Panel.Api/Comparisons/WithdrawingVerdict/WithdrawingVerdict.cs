using Panel.Comparisons.SubmittingVerdict;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.WithdrawingVerdict;

public sealed record WithdrawVerdict(string? Reason);

public static class WithdrawingVerdictEndpoint
{
    public static ProblemDetails Validate(WithdrawVerdict? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Text("reason", command.Reason, SubmittingVerdictEndpoint.MaxReason).ToProblem();

    /// <summary>
    /// A withdrawn verdict leaves a visible placeholder: it no longer counts toward the percentages, and
    /// the reviewer no longer owes it for completeness. Submitting again (with a reason) reinstates it.
    /// </summary>
    public static Outcome Decide(Comparison c, Guid reviewerId, Guid toolId, string reason, DateTimeOffset at)
    {
        if (c.SeatOf(reviewerId) is null)
            return Problems.NotSeated();
        if (c.Tool(toolId) is null) return Problems.NotFound("tool in this comparison", toolId);

        var current = c.VerdictOf(reviewerId, toolId);
        if (current is null) return Problems.NotFound("verdict of yours on tool", toolId);
        if (current.Withdrawn) return Outcome.Unchanged;
        return Outcome.Append(new VerdictWithdrawn(c.Id, toolId, reviewerId, reason.Trim(), at));
    }

    [WolverinePost("/api/comparisons/{id}/verdicts/{toolId}/withdrawal", OperationId = "withdrawVerdict")]
    [EndpointSummary("Withdraw my verdict on a tool")]
    [Authorize(Roles = Roles.Reviewer)]
    [ProducesResponseType<VerdictView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Guid toolId, WithdrawVerdict command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var reviewerId = caller.Id();
        return EventStreams.Answer(http, WithdrawAsync(store, id, reviewerId, toolId, command, ETags.ReadIfMatch(http.Request), clock.GetUtcNow(), http.RequestAborted),
            (c, version) => Results.Ok(VerdictView.Of(c, c.VerdictOf(reviewerId, toolId)!, version)));
    }

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> WithdrawAsync(IDocumentStore store, Guid id, Guid reviewerId, Guid toolId, WithdrawVerdict command,
        IfMatch? expected, DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command), c => Decide(c, reviewerId, toolId, command.Reason.Checked(), at), ct);
}

/// <summary>The reviewer's withdrawal form: the same entry point as the API's withdrawal.</summary>
public static class WithdrawingVerdictForm
{
    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}/withdrawal"), WorkspaceOnly(Roles.Reviewer), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Withdrawal(toolId),
            form => WithdrawingVerdictEndpoint.WithdrawAsync(store, id, caller.Id(), toolId, new WithdrawVerdict(form.Text("reason")), form.Expected(),
                clock.GetUtcNow(), http.RequestAborted),
            _ => Done.VerdictWithdrawn);
}
