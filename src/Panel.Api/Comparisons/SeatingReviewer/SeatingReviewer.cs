using Panel.Comparisons.Reading;

namespace Panel.Comparisons.Seating;

public sealed record SeatReviewer(Guid? ReviewerId, string? Angle);

public static class SeatingEndpoints
{
    public const int MaxSeats = 12;

    public static ProblemDetails Validate(SeatReviewer? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Id("reviewerId", command.ReviewerId).Text("angle", command.Angle, 60).ToProblem();

    public static Outcome Seat(Comparison c, User? reviewer, string angle, Guid by, DateTimeOffset at)
    {
        if (reviewer is null) return Problems.NotFound("reviewer", "given");
        if (reviewer.Role != Role.Reviewer)
            return Problems.Validation("reviewerId", $"{reviewer.Name} is an {reviewer.Role}, not a Reviewer.");

        var seat = c.SeatOf(reviewer.Id);
        if (seat is not null)
        {
            return seat.Angle == angle.Trim()
                ? Outcome.Unchanged
                : Problems.Conflict("already-seated", "The reviewer is already seated.",
                    $"{reviewer.Name} already sits on this panel as '{seat.Angle}'.");
        }
        if (c.Seats.Count >= MaxSeats)
            return Problems.Conflict("panel-full", "The panel is full.", $"A panel has at most {MaxSeats} reviewers.");

        return Outcome.Append(new ReviewerSeated(c.Id, reviewer.Id, reviewer.Name, angle.Trim(), by, at));
    }

    /// <summary>Only a reviewer who has given no verdict can be unseated; one who has withdraws instead.</summary>
    public static Outcome Unseat(Comparison c, Guid reviewerId, Guid by, DateTimeOffset at)
    {
        if (c.SeatOf(reviewerId) is null) return Problems.NotFound("seat", reviewerId);
        if (c.Verdicts.Any(v => v.ReviewerId == reviewerId))
            return Problems.Conflict("reviewer-has-verdicts", "The reviewer has given verdicts.",
                "A reviewer with verdicts stays seated; withdraw their verdicts instead, which leaves a visible placeholder.");
        return Outcome.Append(new ReviewerUnseated(c.Id, reviewerId, by, at));
    }

    [WolverinePost("/api/comparisons/{id}/seats", OperationId = "seatReviewer")]
    [EndpointSummary("Seat a reviewer")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, SeatReviewer command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        User? reviewer;
        await using (var session = store.QuerySession())
        {
            reviewer = await session.LoadAsync<User>(command.ReviewerId!.Value, http.RequestAborted);
        }
        if (reviewer is null) return Problems.NotFound("reviewer", command.ReviewerId.Value).ToResult();
        return await EventStreams.Change<Comparison>(store, http, id, "comparison",
            c => Seat(c, reviewer, command.Angle!, caller.Id(), clock.GetUtcNow()),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));
    }
}

/// <summary>Unseating has no body, so it lives apart from seating's body validation.</summary>
public static class UnseatingEndpoint
{
    [WolverineDelete("/api/comparisons/{id}/seats/{reviewerId}", OperationId = "unseatReviewer")]
    [EndpointSummary("Unseat a reviewer")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Delete(Guid id, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Change<Comparison>(store, http, id, "comparison",
            c => SeatingEndpoints.Unseat(c, reviewerId, caller.Id(), clock.GetUtcNow()),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));
}
