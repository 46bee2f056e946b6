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

    /// <summary>Tools an editor requires to be judged free of declared conflicts (each seat carries its declaration).</summary>
    public IReadOnlyList<Guid> ConflictFreeToolIds { get; init; } = [];

    public EditorsVerdict? EditorsVerdict { get; init; }

    public Retraction? Retraction { get; init; }

    /// <summary>Facts of its tools that moved since the comparison captured them (for editors and admins).</summary>
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
            CompletedAt = c.CompletedAt,
            ConflictFreeToolIds = c.ConflictFreeTools,
            EditorsVerdict = c.EditorsVerdict,
            Retraction = c.Retraction
        };
    }
}

/// <summary>Where a page of the comparisons ended: the last one's opening time and id.</summary>
public sealed record OpenedPosition(DateTimeOffset OpenedAt, Guid Id);

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
    /// <summary>Newest first, a page at a time (<c>limit</c>, <c>cursor</c>; the next page in the <c>Link</c> header).</summary>
    [WolverineGet("/api/comparisons", OperationId = "listComparisons")]
    [EndpointSummary("List comparisons")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    [ProducesResponseType<IReadOnlyList<ComparisonSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(int? limit, string? cursor, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (Paging.Read<OpenedPosition>(http, "comparisons", limit, cursor, out var page) is { } bad) return bad.ToResult();
        var query = session.Query<Comparison>().AsQueryable();
        if (page.After is { } after)
        {
            var at = Paging.Microseconds(after.OpenedAt);
            var id = after.Id;
            query = query.Where(x => x.OpenedAt < at || (x.OpenedAt == at && x.Id < id));
        }
        var rows = await query.OrderByDescending(x => x.OpenedAt).ThenByDescending(x => x.Id).Take(page.Limit + 1).ToListAsync(ct);
        var (items, _) = Paging.Cut(http, "comparisons", rows, page.Limit, x => new OpenedPosition(x.OpenedAt, x.Id));
        return Results.Ok(items.Select(Summary).ToList());
    }

    private static ComparisonSummary Summary(Comparison c) => new ComparisonSummary(c.Id, c.Title, c.Tools.Select(t => t.Name).ToList(), c.Seats.Count,
            c.Scorecard.Complete, c.Scorecard.Missing.Count, c.PublishedVersion, c.NeedsCorrection, c.OpenedAt)
    {
        DueAt = c.Deadline?.DueAt,
        Overdue = c.Overdue
    };

    [WolverineGet("/api/comparisons/{id}", OperationId = "getComparison")]
    [EndpointSummary("Read a comparison")]
    [Authorize(Roles = Roles.Reviewer + "," + Roles.EditorOrAdmin)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
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
    [EndpointSummary("List the comparisons I sit on")]
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
