using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.SubmittingVerdict;

public sealed record SubmitVerdict(Decision? Decision, string? Quote, string? Note = null, string? Reason = null);

/// <summary>The caller's own verdict as it now stands, with the version to send as If-Match next time.</summary>
public sealed record VerdictView(
    Guid ComparisonId, Guid ToolId, Guid ReviewerId, Decision Decision, string Quote, string? EditedQuote,
    string? Note, int Revisions, bool Withdrawn, DateTimeOffset At, long Version)
{
    public static VerdictView Of(Comparison c, Verdict v, long version) =>
        new(c.Id, v.ToolId, v.ReviewerId, v.Decision, v.Quote, v.EditedQuote, v.Note, v.Revisions, v.Withdrawn, v.At, version);
}

public static class SubmittingVerdictEndpoint
{
    public const int MaxQuote = 2000, MaxNote = 2000, MaxReason = 500;

    public static ProblemDetails Validate(SubmitVerdict? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors()
            .Required("decision", command.Decision)
            .Text("quote", command.Quote, MaxQuote)
            .Text("note", command.Note, MaxNote, required: false)
            .Text("reason", command.Reason, MaxReason, required: false)
            .ToProblem();

    /// <summary>
    /// The first verdict is a submission; any later change is a revision and states a reason. Sending
    /// exactly what already stands changes nothing, so a client may safely retry.
    /// </summary>
    public static Outcome Decide(Comparison c, Guid reviewerId, Guid toolId, Decision decision, string quote, string? note, string? reason,
        DateTimeOffset at)
    {
        if (c.SeatOf(reviewerId) is null)
            return Problems.NotSeated();
        if (c.Tool(toolId) is null) return Problems.NotFound("tool in this comparison", toolId);
        if (c.Retracted) return EditorialRecord.Retracted(c);
        if (c.Barred(reviewerId, toolId))
            return Problems.Conflict("conflict-of-interest", "Your declared conflict bars a verdict on this tool.",
                $"You declared a conflict naming {c.Tool(toolId)!.Name}, which the editor requires to be judged conflict-free. " +
                "Change your declaration if it no longer holds, or leave this tool to the rest of the panel.");

        quote = quote.Trim();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var current = c.VerdictOf(reviewerId, toolId);

        if (current is null)
            return Outcome.Append(new VerdictSubmitted(c.Id, toolId, reviewerId, decision, quote, note, at));

        if (!current.Withdrawn && current.Decision == decision && current.Quote == quote && current.Note == note)
            return Outcome.Unchanged;

        if (string.IsNullOrWhiteSpace(reason))
            return Problems.Validation("reason", "A revision of a verdict states a reason.");

        return Outcome.Append(new VerdictRevised(c.Id, toolId, reviewerId, decision, quote, note, reason.Trim(), at));
    }

    [WolverinePut("/api/comparisons/{id}/verdicts/{toolId}", OperationId = "submitVerdict")]
    [EndpointSummary("Submit or revise my verdict on a tool")]
    [Authorize(Roles = Roles.Reviewer)]
    [ProducesResponseType<VerdictView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Put(Guid id, Guid toolId, SubmitVerdict command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var reviewerId = caller.Id();
        return EventStreams.Answer(http, SubmitAsync(store, id, reviewerId, toolId, command, ETags.ReadIfMatch(http.Request), clock.GetUtcNow(), http.RequestAborted),
            (c, version) => Results.Ok(VerdictView.Of(c, c.VerdictOf(reviewerId, toolId)!, version)));
    }

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> SubmitAsync(IDocumentStore store, Guid id, Guid reviewerId, Guid toolId, SubmitVerdict command,
        IfMatch? expected, DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command),
            c => Decide(c, reviewerId, toolId, command.Decision.Checked(), command.Quote.Checked(), command.Note, command.Reason, at), ct);
}

/// <summary>The reviewer's verdict form: the same entry point as <c>PUT /api/comparisons/{id}/verdicts/{toolId}</c>.</summary>
public static class SubmittingVerdictForm
{
    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}"), WorkspaceOnly(Roles.Reviewer), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Verdict(toolId),
            form => SubmittingVerdictEndpoint.SubmitAsync(store, id, caller.Id(), toolId,
                new SubmitVerdict(form.Enum<Decision>("decision"), form.Text("quote"), form.Text("note"), form.Text("reason")), form.Expected(),
                clock.GetUtcNow(), http.RequestAborted),
            w => w.Appended.Count == 0 ? Done.VerdictUnchanged : Done.VerdictSaved);
}
