using Panel.Scorecards;

namespace Panel.Comparisons.GettingScorecard;

/// <summary>The live scorecard, as the projection computed it.</summary>
public sealed record LiveScorecard(
    Guid Id, string Title, long Version, IReadOnlyList<ToolScore> Tools, Split Split, bool Complete,
    IReadOnlyList<MissingVerdict> Missing, PanelPick Pick, string Method, int PublishedVersion, bool NeedsCorrection)
{
    /// <summary>Facts of its tools that moved since the comparison captured them.</summary>
    public IReadOnlyList<Panel.Tools.ToolFactChange> OutdatedFacts { get; init; } = [];

    /// <summary>How much the reviewers agree so far (<see cref="Uncertainty.Alpha"/>).</summary>
    public Agreement Agreement { get; init; } = null!;

    public static LiveScorecard Of(Comparison c) => new(c.Id, c.Title, c.Version, c.Scorecard.Tools, c.Scorecard.Split,
        c.Scorecard.Complete, c.Scorecard.Missing, c.Scorecard.Pick, c.Scorecard.Method, c.PublishedVersion, c.NeedsCorrection)
    { Agreement = c.Scorecard.Agreement };
}

public static class GettingScorecardEndpoint
{
    /// <summary>
    /// Editors and admins always; a seated reviewer only once they have answered every tool, so nobody
    /// is swayed by the others before committing to their own verdicts.
    /// </summary>
    public static ProblemDetails? MayRead(Comparison c, ClaimsPrincipal caller)
    {
        if (caller.Role() != Role.Reviewer) return null;
        var me = caller.Id();
        if (c.SeatOf(me) is null) return Problems.NotSeated();
        if (!c.MayReadPanel(me))
        {
            var owed = c.OwedBy(me).Select(t => t.ToolId).ToList();
            var problem = Problems.Forbidden("Submit your own verdict on every tool before reading the panel's.");
            problem.Extensions["owedToolIds"] = owed;
            return problem;
        }
        return null;
    }

    /// <summary><c>?at=</c> gives the scorecard as it stood at that moment, replayed from the events up to then.</summary>
    [WolverineGet("/api/comparisons/{id}/scorecard", OperationId = "getLiveScorecard")]
    [EndpointSummary("Read the live scorecard")]
    [Authorize(Roles = Roles.Reviewer + "," + Roles.EditorOrAdmin)]
    [ProducesResponseType<LiveScorecard>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public static async Task<IResult> Get(Guid id, DateTimeOffset? at, ClaimsPrincipal caller, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var current = await session.LoadAsync<Comparison>(id, ct);
        if (current is null) return Problems.NotFound("comparison", id).ToResult();
        if (MayRead(current, caller) is { } forbidden) return forbidden.ToResult();

        var c = current;
        if (at is not null)
        {
            if (caller.Role() == Role.Reviewer)
                return Problems.Forbidden("The scorecard's history is for editors and admins.").ToResult();
            c = await session.Events.AggregateStreamAsync<Comparison>(id, timestamp: at.Value.ToUniversalTime(), token: ct);
            if (c is null)
            {
                return new ProblemDetails
                {
                    Type = Problems.TypeBase + "not-found",
                    Title = "The comparison did not exist yet.",
                    Status = StatusCodes.Status404NotFound,
                    Detail = $"Comparison {id} was opened at {current.OpenedAt.UtcDateTime:O}; {at.Value.UtcDateTime:O} is before that."
                }.ToResult();
            }
        }

        var live = LiveScorecard.Of(c);
        if (at is null && caller.Role() != Role.Reviewer)
            live = live with { OutdatedFacts = ApplyingToolFacts.ApplyingToolFactsEndpoint.OutdatedFacts(c, await ApplyingToolFacts.ApplyingToolFactsEndpoint.ToolsOf(session, c, ct)) };
        var unchanged = ETags.NotModified(http, c.Version) && live.OutdatedFacts.Count == 0;
        return unchanged ? ETags.NotModifiedResult : Results.Ok(live);
    }
}
