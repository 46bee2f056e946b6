using Panel.Comparisons;
using Panel.Comparisons.ClearingDeadline;
using Panel.Comparisons.EditingQuote;
using Panel.Comparisons.OpeningComparison;
using Panel.Comparisons.Publishing;
using Panel.Comparisons.SeatingReviewer;
using Panel.Comparisons.SettingDeadline;
using Panel.Comparisons.SubmittingVerdict;
using Panel.Comparisons.UnseatingReviewer;
using Panel.Comparisons.WithdrawingVerdict;
using Panel.Tools;
using Panel.Workspace.Sessions;

namespace Panel.Workspace.Comparisons;

/// <summary>
/// The workspace's forms on a comparison. Each reads its form, checks it with the API's own
/// <c>Validate</c>, decides with the API's own pure <c>Decide</c> through <see cref="EventStreams.WriteAsync{T}"/>,
/// then redirects with a message, or re-renders the page with the person's input and the problem in words.
/// </summary>
public static class ComparisonForms
{
    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Reviewer)]
    [ExcludeFromDescription]
    public static async Task<IResult> SaveVerdict(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new SubmitVerdict(form.Enum<Decision>("decision"), form.Text("quote"), form.Text("note"), form.Text("reason"));
        var me = caller.Id();
        return await Write(http, store, caller, id, $"verdict-{toolId}", form, SubmittingVerdictEndpoint.Validate(command), form.Expected(),
            c => SubmittingVerdictEndpoint.Decide(c, me, toolId, command.Decision.Checked(), command.Quote.Checked(), command.Note, command.Reason,
                clock.GetUtcNow()),
            w => w.Appended.Count == 0 ? "verdict-unchanged" : "verdict-saved", $"tool-{toolId}");
    }

    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}/withdrawal")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Reviewer)]
    [ExcludeFromDescription]
    public static async Task<IResult> Withdraw(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new WithdrawVerdict(form.Text("reason"));
        var me = caller.Id();
        return await Write(http, store, caller, id, $"withdraw-{toolId}", form, WithdrawingVerdictEndpoint.Validate(command), form.Expected(),
            c => WithdrawingVerdictEndpoint.Decide(c, me, toolId, command.Reason.Checked(), clock.GetUtcNow()),
            _ => "verdict-withdrawn", $"tool-{toolId}");
    }

    [WolverinePost("/workspace/comparisons/{id}/seats")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Seat(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new SeatReviewer(form.Id("reviewerId"), form.Text("angle"));
        var validation = SeatingReviewerEndpoint.Validate(command);
        User? reviewer = null;
        if (command.ReviewerId is { } reviewerId && reviewerId != Guid.Empty)
        {
            await using var session = store.QuerySession();
            reviewer = await session.LoadAsync<User>(reviewerId, http.RequestAborted);
        }
        return await Write(http, store, caller, id, "seat", form, validation, null,
            c => SeatingReviewerEndpoint.Decide(c, reviewer, command.Angle.Checked(), caller.Id(), clock.GetUtcNow()),
            _ => "seated", "seats");
    }

    [WolverinePost("/workspace/comparisons/{id}/seats/{reviewerId}/removal")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Unseat(Guid id, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        return await Write(http, store, caller, id, $"unseat-{reviewerId}", form, WolverineContinue.NoProblems, null,
            c => UnseatingReviewerEndpoint.Decide(c, reviewerId, caller.Id(), clock.GetUtcNow()),
            _ => "unseated", "seats");
    }

    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}/reviewers/{reviewerId}/quote")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> EditQuote(Guid id, Guid toolId, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new EditQuote(form.Text("quote"), form.Text("reason"));
        return await Write(http, store, caller, id, $"quote-{toolId}-{reviewerId}", form, EditingQuoteEndpoint.Validate(command), form.Expected(),
            c => EditingQuoteEndpoint.Decide(c, reviewerId, toolId, command.Quote.Checked(), command.Reason.Checked(), caller.Id(), clock.GetUtcNow()),
            _ => "quote-edited", $"verdict-{toolId}-{reviewerId}");
    }

    [WolverinePost("/workspace/comparisons/{id}/publications")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Publish(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock,
        Panel.Evidence.Signer signer)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new Publish(form.Text("note"));
        // Sealed like the API's publications: the links are read first, and read again if a write moved past them.
        for (var attempt = 1; ; attempt++)
        {
            IReadOnlyList<string> links;
            await using (var session = store.QuerySession()) links = await Panel.Evidence.Sealing.LinksAsync(session, id, http.RequestAborted);
            var moved = false;
            var result = await Write(http, store, caller, id, "publish", form, PublishingEndpoint.Validate(command), form.Expected(),
                c => PublishingEndpoint.DecideSealed(c, command.Note, caller.Id(), clock.GetUtcNow(), signer, links, out moved),
                w => w.State!.PublishedVersion > 1 ? "corrected" : "published", "publish");
            if (!moved || attempt == 5) return result;
        }
    }

    /// <summary>Tool facts that move: the comparison takes its tools' current facts.</summary>
    [WolverinePost("/workspace/comparisons/{id}/tool-facts")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> ApplyToolFacts(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new Panel.Comparisons.ApplyingToolFacts.ApplyToolFacts(form.Id("toolId"));
        var ct = http.RequestAborted;
        var written = await Panel.Comparisons.ApplyingToolFacts.ApplyingToolFactsEndpoint.ApplyAsync(store, id, command, form.Expected(),
            caller.Id(), clock.GetUtcNow(), ct);
        if (written.Problem is null)
            return WorkspaceForms.SeeOther(http, $"/workspace/comparisons/{id}?done={(written.Appended.Count == 0 ? "facts-current" : "facts-applied")}#tool-facts");

        await using var session = store.QuerySession();
        var current = await session.LoadAsync<Comparison>(id, ct);
        if (current is null) return WorkspaceForms.NotFound(http, "comparison");
        return await ComparisonPages.Show(http, session, current, caller, WorkspaceForms.Failed("tool-facts", form, written.Problem), null,
            WorkspaceForms.StatusOf(written.Problem), ct);
    }

    [WolverinePost("/workspace/comparisons/{id}/deadline")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> SetDeadline(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new SetDeadline(Utc(form.Text("dueAt")), Utc(form.Text("remindAt")));
        var validation = SettingDeadlineEndpoint.Validate(command);
        if (form.Text("remindAt") is not null && command.RemindAt is null)
            validation = Problems.Validation("remindAt", "Enter the reminder as a date and time.");
        var deadlineId = Guid.NewGuid();
        return await Write(http, store, caller, id, "deadline", form, validation, null,
            c => SettingDeadlineEndpoint.Decide(c, command.DueAt.Checked(), command.RemindAt, deadlineId, caller.Id(), clock.GetUtcNow()),
            _ => "deadline-set", "deadline");
    }

    [WolverinePost("/workspace/comparisons/{id}/deadline/removal")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> ClearDeadline(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        return await Write(http, store, caller, id, "deadline", form, WolverineContinue.NoProblems, null,
            c => ClearingDeadlineEndpoint.Decide(c, caller.Id(), clock.GetUtcNow()),
            _ => "deadline-cleared", "deadline");
    }

    /// <summary>A date-and-time field's value (<c>2026-12-04T17:00</c>), read as UTC as the form says.</summary>
    public static DateTimeOffset? Utc(string? value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    /// <summary>The one shape of every comparison form: validate, write through the one write path, redirect or re-render.</summary>
    internal static async Task<IResult> Write(HttpContext http, IDocumentStore store, ClaimsPrincipal caller, Guid id, string formKey,
        IFormCollection form, ProblemDetails validation, IfMatch? expected, Func<Comparison, Outcome> decide,
        Func<StreamWrite<Comparison>, string> done, string anchor)
    {
        var ct = http.RequestAborted;
        var problem = validation;
        if (ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            var written = await EventStreams.WriteAsync<Comparison>(store, id, "comparison", mayStart: false, expected, c => decide(c!), ct);
            if (written.Problem is null)
                return WorkspaceForms.SeeOther(http, $"/workspace/comparisons/{id}?done={done(written)}#{anchor}");
            problem = written.Problem;
        }

        await using var session = store.QuerySession();
        var current = await session.LoadAsync<Comparison>(id, ct);
        if (current is null) return WorkspaceForms.NotFound(http, "comparison");
        var failed = WorkspaceForms.Failed(formKey, form, problem);
        if (expected is { Any: false, Versions.Count: > 0 } && problem.Type?.EndsWith("/stale-version") == true)
            failed = failed with { Changes = await ChangesSince(session, id, expected.Versions.Min(), caller, ct) };
        return await ComparisonPages.Show(http, session, current, caller, failed, null, WorkspaceForms.StatusOf(problem), ct);
    }

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

    [WolverineGet("/workspace/comparisons/new")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> New(HttpContext http, IQuerySession session, CancellationToken ct) =>
        WorkspaceForms.Page<NewComparisonPage>(http, new() { ["Tools"] = await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(ct) });

    [WolverinePost("/workspace/comparisons")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Open(ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var ids = form["toolIds"].Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();
        var command = new OpenComparison(form.Text("title"), ids);
        var problem = OpeningComparisonEndpoint.Validate(command);
        if (ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            var (id, refusal) = await OpeningComparisonEndpoint.OpenAsync(store, command, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
            if (refusal is null) return WorkspaceForms.SeeOther(http, $"/workspace/comparisons/{id}?done=opened");
            problem = refusal;
        }
        await using var session = store.QuerySession();
        return WorkspaceForms.Page<NewComparisonPage>(http, new()
        {
            ["Tools"] = await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(http.RequestAborted),
            ["Form"] = WorkspaceForms.Failed("open", form, problem)
        }, WorkspaceForms.StatusOf(problem));
    }
}
