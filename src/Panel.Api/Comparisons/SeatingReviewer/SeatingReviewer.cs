using Panel.Comparisons.Reading;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.SeatingReviewer;

public sealed record SeatReviewer(Guid? ReviewerId, string? Angle);

public static class SeatingReviewerEndpoint
{
    public const int MaxSeats = 12, MaxAngle = 60;

    public static ProblemDetails Validate(SeatReviewer? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Id("reviewerId", command.ReviewerId).Text("angle", command.Angle, MaxAngle).ToProblem();

    public static Outcome Decide(Comparison c, User? reviewer, string angle, Guid by, DateTimeOffset at)
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

    [WolverinePost("/api/comparisons/{id}/seats", OperationId = "seatReviewer")]
    [EndpointSummary("Seat a reviewer")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, SeatReviewer command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
        => await EventStreams.Answer(http, SeatAsync(store, id, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));

    /// <summary>
    /// The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, load the
    /// person to seat (an unknown one is not found), decide, commit.
    /// </summary>
    public static Task<StreamWrite<Comparison>> SeatAsync(IDocumentStore store, Guid id, SeatReviewer command, IfMatch? expected, Guid by,
        DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command), async (c, session, token) =>
            await session.LoadAsync<User>(command.ReviewerId.Checked(), token) is { } reviewer
                ? Decide(c, reviewer, command.Angle.Checked(), by, at)
                : Problems.NotFound("reviewer", command.ReviewerId.Checked()), ct);
}

/// <summary>The editor's seat form: the same entry point as <c>POST /api/comparisons/{id}/seats</c>.</summary>
public static class SeatingReviewerForm
{
    [WolverinePost("/workspace/comparisons/{id}/seats"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Seat,
            form => SeatingReviewerEndpoint.SeatAsync(store, id, new SeatReviewer(form.Id("reviewerId"), form.Text("angle")), null, caller.Id(),
                clock.GetUtcNow(), http.RequestAborted),
            _ => Done.Seated);
}
