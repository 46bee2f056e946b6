using Panel.Community;
using Panel.Comparisons;
using Panel.Comparisons.GettingHistory;
using Panel.Pages;
using Panel.Scorecards;
using Panel.Scorecards.Page;
using Panel.Scorecards.Reading;
using Panel.Tools;
using Panel.Workspace.Sessions;

namespace Panel.Workspace.Comparisons;

/// <summary>The pages of one comparison: the reviewer's forms, the editor's desk, the draft preview, the history.</summary>
public static class ComparisonPages
{
    [WolverineGet("/workspace/comparisons/{id}")]
    [WorkspaceOnly]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(Guid id, string? done, ClaimsPrincipal caller, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var c = await session.LoadAsync<Comparison>(id, ct);
        if (c is null) return WorkspaceForms.NotFound(http, "comparison");
        return await Show(http, session, c, caller, null, WorkspaceForms.Notice(done), StatusCodes.Status200OK, ct);
    }

    /// <summary>The comparison as this person works on it; a failed form comes back with the person's input kept.</summary>
    public static async Task<IResult> Show(HttpContext http, IQuerySession session, Comparison c, ClaimsPrincipal caller,
        FormState? form, string? notice, int status, CancellationToken ct)
    {
        if (caller.Role() == Role.Reviewer)
        {
            if (c.SeatOf(caller.Id()) is null) return NotSeated(http);
            return WorkspaceForms.Page<ReviewerComparisonPage>(http, new()
            {
                ["Comparison"] = c,
                ["Form"] = form,
                ["Notice"] = notice
            }, status);
        }

        var seated = c.Seats.Select(s => s.ReviewerId).ToHashSet();
        var reviewers = (await session.Query<User>().Where(u => u.Role == Role.Reviewer).OrderBy(u => u.Name).ToListAsync(ct))
            .Where(u => u.TokenRevokedAt is null && !seated.Contains(u.Id)).ToList();
        var outdated = Panel.Comparisons.ApplyingToolFacts.ApplyingToolFactsEndpoint.OutdatedFacts(c,
            await Panel.Comparisons.ApplyingToolFacts.ApplyingToolFactsEndpoint.ToolsOf(session, c, ct));
        return WorkspaceForms.Page<EditorComparisonPage>(http, new()
        {
            ["Comparison"] = c,
            ["Reviewers"] = reviewers,
            ["Form"] = form,
            ["Notice"] = notice,
            ["OutdatedFacts"] = outdated,
            ["DeclaredElsewhere"] = await DeclaredElsewhereAsync(session, c, ct)
        }, status);
    }

    /// <summary>
    /// Before seating: the conflicts each reviewer declared on other panels that name one of this comparison's
    /// tools, so the editor weighs them when choosing who sits.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<string>>> DeclaredElsewhereAsync(IQuerySession session, Comparison c,
        CancellationToken ct)
    {
        var toolIds = c.Tools.Select(t => t.ToolId).ToArray();
        var others = await session.Query<Comparison>()
            .Where(x => x.Id != c.Id && x.Tools.Any(t => toolIds.Contains(t.ToolId)))
            .ToListAsync(ct);
        return others
            .SelectMany(x => x.Seats.SelectMany(s => (s.Declaration?.Conflicts ?? [])
                .Where(d => d.ToolId is { } id && toolIds.Contains(id))
                .Select(d => (s.ReviewerId, Text: $"{d.Description} ({c.Tool(d.ToolId!.Value)!.Name}, on “{x.Title}”)"))))
            .GroupBy(x => x.ReviewerId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(x => x.Text).Distinct().ToList());
    }

    public static IResult NotSeated(HttpContext http) =>
        WorkspaceForms.Refusal(http, StatusCodes.Status403Forbidden, "Not your panel",
            "You are not seated on this comparison's panel, so its page is not open to you.");

    /// <summary>
    /// The scorecard page exactly as the public would get it if the editor published now (the very
    /// component of /scorecards/{id}, fed what publishing would freeze), marked as a draft.
    /// </summary>
    [WolverineGet("/workspace/comparisons/{id}/preview")]
    [WorkspaceOnly(Roles.EditorOrAdmin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Preview(Guid id, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var c = await session.LoadAsync<Comparison>(id, ct);
        if (c is null) return WorkspaceForms.NotFound(http, "comparison");
        var tally = await session.LoadAsync<CommunityTally>(CommunityTally.StreamIdFor(id), ct);
        var page = Html.Page<ScorecardPage>(http, new Dictionary<string, object?>
        {
            ["Card"] = Draft(c, tally),
            ["Draft"] = (Microsoft.AspNetCore.Components.RenderFragment)(b =>
            {
                b.OpenComponent<DraftBanner>(0);
                b.AddAttribute(1, nameof(DraftBanner.Comparison), c);
                b.CloseComponent();
            })
        });
        // A draft is nobody's to index or keep.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        return page;
    }

    /// <summary>What publishing now would release, presented as the public page presents a version.</summary>
    public static PublicScorecard Draft(Comparison c, CommunityTally? tally)
    {
        var content = ScorecardCalculator.Freeze(c);
        var tools = content.Tools.Select(t =>
        {
            var votes = tally?.For(t.ToolId);
            return new ScorecardTool(t.ToolId, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier, t.PricingRead,
                t.PricedAt, t.ShipPercent, t.Ship, t.Skip, t.Withdrawn, t.SampleSize, votes?.Percent, votes?.Votes ?? 0);
        }).ToList();
        var version = c.PublishedVersion + 1;
        return new PublicScorecard(c.Id, content.Title, version, c.PublishedAt ?? c.OpenedAt, c.PublishedVersion > 0, null,
            tools, content.Quotes, content.Split, content.Pick, content.Method, content.Reviewers, tally?.Votes ?? 0, version, [],
            content.Events, $"/workspace/comparisons/{c.Id}/history")
        {
            EditorsVerdict = content.EditorsVerdict
        };
    }

    /// <summary>Every change with who, when and why; a reviewer reads only what concerns their own verdicts.</summary>
    [WolverineGet("/workspace/comparisons/{id}/history")]
    [WorkspaceOnly]
    [ExcludeFromDescription]
    public static async Task<IResult> History(Guid id, ClaimsPrincipal caller, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var c = await session.LoadAsync<Comparison>(id, ct);
        var history = await ComparisonHistory.ReadAsync(session, id, ct);
        if (c is null || history is null) return WorkspaceForms.NotFound(http, "comparison");
        var reviewer = caller.Role() == Role.Reviewer ? caller.Id() : (Guid?)null;
        if (reviewer is not null && c.SeatOf(reviewer.Value) is null) return NotSeated(http);

        var lines = HistoryLines.Of(history);
        if (reviewer is not null) lines = [.. lines.Where(l => ComparisonHistory.ConcernsReviewer(l.Event, reviewer.Value))];
        return WorkspaceForms.Page<HistoryPage>(http, new() { ["Comparison"] = c, ["Lines"] = lines, ["OwnOnly"] = reviewer is not null });
    }
}

/// <summary>The changes a stale form missed: those the person may read, and how many others there were.</summary>
public sealed record StaleChanges(IReadOnlyList<HistoryLine> Lines, int Others);

/// <summary>One event of the history as a person reads it.</summary>
public sealed record HistoryLine(object Event, long Version, DateTimeOffset Time, string Who, string What, string? Why, string? Quote,
    IReadOnlyList<DiffRun>? Diff);

public static class HistoryLines
{
    public static IReadOnlyList<HistoryLine> Of(IReadOnlyList<HistoryEntry> history)
    {
        Comparison? state = null;
        var lines = new List<HistoryLine>(history.Count);
        foreach (var h in history)
        {
            var before = state;
            state = Comparison.Next(state, h.Data);
            string Tool(Guid id) => state.Tool(id)?.Name ?? "a tool";
            string Reviewer(Guid id) => (before?.SeatOf(id) ?? state.SeatOf(id))?.ReviewerName ?? "a reviewer";
            var who = h.Actor.Name ?? "someone";
            lines.Add(h.Data switch
            {
                ComparisonOpened e => new HistoryLine(e, h.Version, h.Time, who,
                    $"Opened the comparison of {string.Join(", ", e.Tools.Select(t => t.Name))}", null, null, null),
                ReviewerSeated e => new HistoryLine(e, h.Version, h.Time, who, $"Seated {e.ReviewerName} as {e.Angle}", null, null, null),
                ReviewerUnseated e => new HistoryLine(e, h.Version, h.Time, who, $"Unseated {Reviewer(e.ReviewerId)}", null, null, null),
                VerdictSubmitted e => new HistoryLine(e, h.Version, h.Time, who, $"{e.Decision} on {Tool(e.ToolId)}",
                    e.Note is null ? null : $"Private note: {e.Note}", e.Quote, null),
                VerdictRevised e => new HistoryLine(e, h.Version, h.Time, who, $"Revised the verdict on {Tool(e.ToolId)} to {e.Decision}",
                    e.Reason, e.Quote, h.QuoteDiff),
                VerdictWithdrawn e => new HistoryLine(e, h.Version, h.Time, who, $"Withdrew the verdict on {Tool(e.ToolId)}", e.Reason, null, null),
                QuoteEdited e => new HistoryLine(e, h.Version, h.Time, who,
                    $"Edited {Reviewer(e.ReviewerId)}'s quote on {Tool(e.ToolId)} for publication", e.Reason, e.Quote, h.QuoteDiff),
                ToolFactsApplied e => new HistoryLine(e, h.Version, h.Time, who,
                    $"Applied the current facts of {e.Facts.Name}", Panel.Tools.ToolFacts.Notice(e.Changes), null, null),
                ScorecardPublished e => new HistoryLine(e, h.Version, h.Time, who,
                    e.IsCorrection ? $"Published a correction (version {e.Version})" : $"Published version {e.Version}", e.Note, null, null),
                ConflictsDeclared e => new HistoryLine(e, h.Version, h.Time, who,
                    e.Conflicts.Count == 0 ? "Declared no conflicts"
                        : "Declared conflicts: " + string.Join("; ", e.Conflicts.Select(x => x.ToolId is { } t ? $"{x.Description} ({Tool(t)})" : x.Description)),
                    null, null, null),
                ConflictFreeRequired e => new HistoryLine(e, h.Version, h.Time, who,
                    e.Required ? $"Required {Tool(e.ToolId)} to be judged free of declared conflicts" : $"Lifted the conflict-free rule on {Tool(e.ToolId)}",
                    null, null, null),
                EditorsVerdictWritten e => new HistoryLine(e, h.Version, h.Time, who,
                    e.RecommendedToolId is { } r ? $"Wrote the editor's verdict, recommending {Tool(r)}" : "Wrote the editor's verdict",
                    null, e.BottomLine, null),
                ComparisonRetracted e => new HistoryLine(e, h.Version, h.Time, who, $"Retracted the comparison (version {e.Version})", e.Note, null, null),
                _ => new HistoryLine(h.Data, h.Version, h.Time, who, h.Type, null, null, null)
            });
        }
        return lines;
    }
}
