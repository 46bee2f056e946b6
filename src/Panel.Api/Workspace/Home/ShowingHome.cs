using Panel.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Workspace.Home;

/// <summary>One comparison on someone's home page: what it waits for, in words, and whether that is them.</summary>
public sealed record HomeItem(Comparison Comparison, string Status, IReadOnlyList<string> Details, bool NeedsMe);

public static class ShowingHomeEndpoint
{
    /// <summary>What needs the signed-in person now first (the one next action on top), then the rest.</summary>
    [WolverineGet("/workspace")]
    [WorkspaceOnly]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(string? done, ClaimsPrincipal caller, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var me = caller.Id();
        var comparisons = caller.Role() == Role.Reviewer
            ? await session.Query<Comparison>().Where(x => x.Seats.Any(s => s.ReviewerId == me)).OrderByDescending(x => x.OpenedAt).ToListAsync(ct)
            : await session.Query<Comparison>().OrderByDescending(x => x.OpenedAt).ToListAsync(ct);

        var items = comparisons.Select(c => caller.Role() == Role.Reviewer ? ForReviewer(c, me) : ForEditor(c)).ToList();
        return WorkspaceForms.Page<HomePage>(http, new()
        {
            // Overdue first, then the soonest due, then the undated (newest first), as the queues order them.
            ["Needing"] = items.Where(x => x.NeedsMe)
                .OrderByDescending(x => x.Comparison.Overdue)
                .ThenBy(x => x.Comparison.Deadline?.DueAt ?? DateTimeOffset.MaxValue)
                .ToList(),
            ["Rest"] = items.Where(x => !x.NeedsMe).ToList(),
            ["Notice"] = WorkspaceForms.Notice(done)
        });
    }

    public static HomeItem ForReviewer(Comparison c, Guid me)
    {
        var owed = c.OwedBy(me);
        return owed.Count > 0
            ? new HomeItem(c, $"{Pages.PageText.Plural(owed.Count, "verdict", "verdicts")} owed on {c.Title}", [.. owed.Select(t => t.Name)], true)
            : new HomeItem(c, "Your verdicts are all in", [], false);
    }

    public static HomeItem ForEditor(Comparison c)
    {
        if (c.Retraction is { } retraction) return new HomeItem(c, $"Retracted (version {retraction.Version})", [], false);
        if (c.Seats.Count == 0) return new HomeItem(c, "No reviewers seated yet", [], true);
        if (!c.Scorecard.Complete)
        {
            var missing = c.Scorecard.Missing.GroupBy(m => m.ReviewerName)
                .Select(g => $"{g.Key} owes {string.Join(", ", g.Select(m => m.ToolName))}").ToList();
            return new HomeItem(c, $"{Pages.PageText.Plural(c.Scorecard.Missing.Count, "verdict", "verdicts")} owed", missing, true);
        }
        // What publishing would still refuse, said before the editor tries.
        List<string> blocking = [.. c.BarredVerdicts().Select(v => $"{c.SeatOf(v.ReviewerId)?.ReviewerName}'s verdict on {c.Tool(v.ToolId)?.Name} is barred by a declared conflict")];
        if (c.EditorsVerdict is null) blocking.Add("The editor's verdict (the bottom line) is not written yet");
        if (c.PublishedVersion == 0) return new HomeItem(c, "Panel complete: ready to publish", blocking, true);
        if (c.NeedsCorrection) return new HomeItem(c, $"Changed since version {c.PublishedVersion}: publish a correction", [], true);
        return new HomeItem(c, $"Published, version {c.PublishedVersion}", [], false);
    }
}
