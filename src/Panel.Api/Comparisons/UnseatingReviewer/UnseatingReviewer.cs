using Panel.Comparisons.Reading;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.UnseatingReviewer;

public static class UnseatingReviewerEndpoint
{
    /// <summary>Only a reviewer who has given no verdict can be unseated; one who has withdraws instead.</summary>
    public static Outcome Decide(Comparison c, Guid reviewerId, Guid by, DateTimeOffset at)
    {
        if (c.SeatOf(reviewerId) is null) return Problems.NotFound("seat", reviewerId);
        if (!c.MayUnseat(reviewerId))
            return Problems.Conflict("reviewer-has-verdicts", "The reviewer has given verdicts.",
                "A reviewer with verdicts stays seated; withdraw their verdicts instead, which leaves a visible placeholder.");
        return Outcome.Append(new ReviewerUnseated(c.Id, reviewerId, by, at));
    }

    [WolverineDelete("/api/comparisons/{id}/seats/{reviewerId}", OperationId = "unseatReviewer")]
    [EndpointSummary("Unseat a reviewer")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Delete(Guid id, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Answer(http, UnseatAsync(store, id, reviewerId, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> UnseatAsync(IDocumentStore store, Guid id, Guid reviewerId, IfMatch? expected, Guid by,
        DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, c => Decide(c, reviewerId, by, at), ct);
}

/// <summary>The editor's unseat button: the same entry point as the API's unseating.</summary>
public static class UnseatingReviewerForm
{
    [WolverinePost("/workspace/comparisons/{id}/seats/{reviewerId}/removal"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Unseat(reviewerId),
            _ => UnseatingReviewerEndpoint.UnseatAsync(store, id, reviewerId, null, caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            _ => Done.Unseated);
}
