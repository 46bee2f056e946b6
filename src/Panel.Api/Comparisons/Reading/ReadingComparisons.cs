namespace Panel.Comparisons.Reading;

/// <summary>
/// A comparison as its editors see it (every verdict, private notes included) or as a seated reviewer
/// sees it (only their own verdicts, and what they still owe).
/// </summary>
public sealed record ComparisonDetails(
    Guid Id, string Title, long Version, IReadOnlyList<ComparedTool> Tools, IReadOnlyList<Seat> Seats,
    IReadOnlyList<Verdict> Verdicts, IReadOnlyList<Guid> OwedToolIds, bool Complete,
    int PublishedVersion, DateTimeOffset? PublishedAt, bool NeedsCorrection, DateTimeOffset OpenedAt)
{
    /// <summary>The deadline (null when none is set): due and reminder times, whether reminded, whether overdue.</summary>
    public Deadline? Deadline { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Facts of its tools that moved since the comparison captured them (for editors and admins; issue 11, item 4).</summary>
    public IReadOnlyList<Panel.Tools.ToolFactChange> OutdatedFacts { get; init; } = [];

    public static ComparisonDetails For(Comparison c, ClaimsPrincipal caller)
    {
        var reviewer = caller.Role() == Role.Reviewer ? caller.Id() : (Guid?)null;
        var verdicts = reviewer is null ? c.Verdicts : c.Verdicts.Where(v => v.ReviewerId == reviewer).ToList();
        var owed = reviewer is null ? [] : c.OwedBy(reviewer.Value).Select(t => t.ToolId).ToList();
        return new ComparisonDetails(c.Id, c.Title, c.Version, c.Tools, c.Seats, verdicts, owed, c.Scorecard.Complete,
            c.PublishedVersion, c.PublishedAt, c.NeedsCorrection, c.OpenedAt)
        {
            Deadline = c.Deadline,
            CompletedAt = c.CompletedAt
        };
    }
}

public sealed record ComparisonSummary(
    Guid Id, string Title, IReadOnlyList<string> Tools, int Seats, bool Complete, int Missing,
    int PublishedVersion, bool NeedsCorrection, DateTimeOffset OpenedAt)
{
    public DateTimeOffset? DueAt { get; init; }
    public bool Overdue { get; init; }
}

public sealed record MyComparison(Guid Id, string Title, string Angle, IReadOnlyList<ComparedTool> Tools, IReadOnlyList<Guid> OwedToolIds)
{
    public DateTimeOffset? DueAt { get; init; }
    public bool Overdue { get; init; }
}

public static class ReadingComparisonsEndpoint
{
    [WolverineGet("/api/comparisons", OperationId = "listComparisons")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    public static async Task<IReadOnlyList<ComparisonSummary>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Comparison>().OrderByDescending(x => x.OpenedAt).ToListAsync(ct))
        .Select(c => new ComparisonSummary(c.Id, c.Title, c.Tools.Select(t => t.Name).ToList(), c.Seats.Count,
            c.Scorecard.Complete, c.Scorecard.Missing.Count, c.PublishedVersion, c.NeedsCorrection, c.OpenedAt)
        {
            DueAt = c.Deadline?.DueAt,
            Overdue = c.Overdue
        })
        .ToList();

    [WolverineGet("/api/comparisons/{id}", OperationId = "getComparison")]
    [Authorize(Roles = Roles.Reviewer + "," + Roles.EditorOrAdmin)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal caller, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var c = await session.LoadAsync<Comparison>(id, ct);
        if (c is null) return Problems.NotFound("comparison", id).ToResult();
        if (caller.Role() == Role.Reviewer && c.SeatOf(caller.Id()) is null)
            return Problems.NotSeated().ToResult();

        var details = ComparisonDetails.For(c, caller);
        if (caller.Role() != Role.Reviewer)
            details = details with { OutdatedFacts = ApplyingToolFacts.ApplyingToolFactsEndpoint.OutdatedFacts(c, await ApplyingToolFacts.ApplyingToolFactsEndpoint.ToolsOf(session, c, ct)) };
        // A tool's change moves no comparison version: while facts are outdated, the answer is always sent in full.
        var unchanged = ETags.NotModified(http, c.Version) && details.OutdatedFacts.Count == 0;
        return unchanged ? ETags.NotModifiedResult : Results.Ok(details);
    }

    /// <summary>The comparisons the calling reviewer sits on, and the verdicts they still owe.</summary>
    [WolverineGet("/api/me/comparisons", OperationId = "listMyComparisons")]
    [Authorize(Roles = Roles.Reviewer)]
    public static async Task<IReadOnlyList<MyComparison>> Mine(ClaimsPrincipal caller, IQuerySession session, CancellationToken ct)
    {
        var me = caller.Id();
        var seated = await session.Query<Comparison>()
            .Where(x => x.Seats.Any(s => s.ReviewerId == me))
            .OrderByDescending(x => x.OpenedAt)
            .ToListAsync(ct);
        return seated.Select(c => new MyComparison(c.Id, c.Title, c.SeatOf(me)!.Angle, c.Tools,
            c.OwedBy(me).Select(t => t.ToolId).ToList())
        {
            DueAt = c.Deadline?.DueAt,
            Overdue = c.Overdue
        }).ToList();
    }
}
