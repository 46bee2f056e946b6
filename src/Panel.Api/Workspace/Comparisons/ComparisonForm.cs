using Panel.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Workspace.Comparisons;

/// <summary>
/// Which form on a comparison's page: the key a failed form is shown again under (its input kept) and the
/// anchor a saved one returns to. The forms and the pages name them through here, never by a literal.
/// </summary>
public sealed record ComparisonFormKey(string Key, string Anchor)
{
    public static ComparisonFormKey Verdict(Guid toolId) => new($"verdict-{toolId}", $"tool-{toolId}");
    public static ComparisonFormKey Withdrawal(Guid toolId) => new($"withdraw-{toolId}", $"tool-{toolId}");
    public static readonly ComparisonFormKey Seat = new("seat", "seats");
    public static ComparisonFormKey Unseat(Guid reviewerId) => new($"unseat-{reviewerId}", "seats");
    public static ComparisonFormKey Quote(Guid toolId, Guid reviewerId) => new($"quote-{toolId}-{reviewerId}", $"verdict-{toolId}-{reviewerId}");
    public static readonly ComparisonFormKey Publish = new("publish", "publish");
    public static readonly ComparisonFormKey ToolFacts = new("tool-facts", "tool-facts");
    public static readonly ComparisonFormKey Deadline = new("deadline", "deadline");
    public static readonly ComparisonFormKey Conflicts = new("conflicts", "conflicts");
    public static ComparisonFormKey Rule(Guid toolId) => new($"rule-{toolId}", "conflict-rules");
    public static readonly ComparisonFormKey EditorsVerdict = new("editors-verdict", "editors-verdict");
    public static readonly ComparisonFormKey Retract = new("retract", "retract");

    /// <summary>The failed form to show again in this form's place, if it is this one.</summary>
    public FormState? Of(FormState? form) => form?.Key == Key ? form : null;
}

/// <summary>
/// What every comparison form does once its slice's entry point has written (or refused): redirect with
/// the outcome (post/redirect/get), or show the page again with the person's input and the problem in
/// words, and, when someone changed the comparison since the page was read, what they changed.
/// </summary>
public static class ComparisonForm
{
    /// <summary>A comparison form from end to end: read it (antiforgery checked), write through the slice's entry point, answer.</summary>
    public static async Task<IResult> Handle(HttpContext http, IDocumentStore store, ClaimsPrincipal caller, Guid id, ComparisonFormKey which,
        Func<IFormCollection, Task<StreamWrite<Comparison>>> write, Func<StreamWrite<Comparison>, Done> done)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        return await Answer(http, store, caller, id, form, which, await write(form), done);
    }

    public static async Task<IResult> Answer(HttpContext http, IDocumentStore store, ClaimsPrincipal caller, Guid id, IFormCollection form,
        ComparisonFormKey which, StreamWrite<Comparison> written, Func<StreamWrite<Comparison>, Done> done)
    {
        if (written.Problem is not { } problem)
            return WorkspaceForms.SeeOther(http, $"/workspace/comparisons/{id}", done(written), which.Anchor);

        var ct = http.RequestAborted;
        await using var session = store.QuerySession();
        var current = await session.LoadAsync<Comparison>(id, ct);
        if (current is null) return WorkspaceForms.NotFound(http, "comparison");
        var failed = WorkspaceForms.Failed(which.Key, form, problem);
        if (form.Expected() is { Any: false, Versions.Count: > 0 } expected && problem.Type?.EndsWith("/stale-version") == true)
            failed = failed with { Changes = await ChangesSince(session, id, expected.Versions.Min(), caller, ct) };
        return await ComparisonPages.Show(http, session, current, caller, failed, null, WorkspaceForms.StatusOf(problem), ct);
    }

    /// <summary>A date-and-time field's value (<c>2026-12-04T17:00</c>), read as UTC as the form says.</summary>
    public static DateTimeOffset? Utc(string? value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    /// <summary>
    /// What happened since the person read the page. A reviewer sees their own changes in full and only a
    /// count of the others' (the panel's verdicts stay hidden until theirs are all in).
    /// </summary>
    private static async Task<StaleChanges> ChangesSince(IQuerySession session, Guid id, long version, ClaimsPrincipal caller, CancellationToken ct)
    {
        var history = await Panel.Comparisons.GettingHistory.ComparisonHistory.ReadAsync(session, id, ct) ?? [];
        var lines = HistoryLines.Of(history).Where(l => l.Version > version).ToList();
        if (caller.Role() != Role.Reviewer) return new StaleChanges(lines, 0);
        var mine = lines.Where(l => Panel.Comparisons.GettingHistory.ComparisonHistory.ConcernsReviewer(l.Event, caller.Id())).ToList();
        return new StaleChanges(mine, lines.Count - mine.Count);
    }
}
