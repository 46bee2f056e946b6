using Panel.Evidence;
using Panel.Scorecards;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.Publishing;

public sealed record Publish(string? Note = null);

public sealed record Published(Guid Id, int Version, bool IsCorrection, DateTimeOffset PublishedAt);

public static class PublishingEndpoint
{
    public const int MaxNote = 2000;

    public static ProblemDetails Validate(Publish? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Text("note", command.Note, MaxNote, required: false).ToProblem();

    /// <summary>
    /// Publication needs a complete panel, no standing verdict a declared conflict bars, and the editor's
    /// verdict; a retracted comparison publishes nothing more. A later version is a correction: it needs a change since the
    /// last version and a note saying what was corrected.
    /// </summary>
    public static Outcome Decide(Comparison c, string? note, Guid by, DateTimeOffset at)
    {
        if (c.Retracted) return EditorialRecord.Retracted(c);
        if (!c.Scorecard.Complete)
        {
            var problem = Problems.Conflict("incomplete-panel", "The panel is not complete.",
                c.Seats.Count == 0
                    ? "No reviewer is seated yet."
                    : $"{c.Scorecard.Missing.Count} verdict(s) are missing; see missing.");
            problem.Extensions["missing"] = c.Scorecard.Missing;
            return problem;
        }

        if (c.BarredVerdicts() is { Count: > 0 } barred) return EditorialRecord.UnresolvedConflicts(c, barred);
        if (c.EditorsVerdict is null)
        {
            var missing = Problems.Conflict("missing-bottom-line", "The editor's verdict is missing.",
                "Write the panel's bottom line (PUT /api/comparisons/{id}/editors-verdict) before publishing; see missing.");
            missing.Extensions["missing"] = new[] { "bottomLine" };
            return missing;
        }

        var isCorrection = c.PublishedVersion > 0;
        if (isCorrection && !c.NeedsCorrection)
            return Problems.Conflict("already-published", "Nothing to correct.",
                $"Version {c.PublishedVersion} already shows the panel as it stands.");
        // Applied tool facts speak for themselves: without a note, the correction says what moved.
        if (isCorrection && string.IsNullOrWhiteSpace(note) && c.AppliedFacts.Count > 0)
            note = Tools.ToolFacts.Notice(c.AppliedFacts);
        if (isCorrection && string.IsNullOrWhiteSpace(note))
            return Problems.Validation("note", "A correction states what was corrected.");

        return Outcome.Append(new ScorecardPublished(c.Id, c.PublishedVersion + 1,
            string.IsNullOrWhiteSpace(note) ? null : note.Trim(), isCorrection, ScorecardCalculator.Freeze(c), by, at));
    }

    /// <summary>
    /// The use case's one entry point, for the JSON endpoint and the workspace form alike. The decision is made
    /// with the stream locked (or pinned by If-Match), and only a decision that publishes reads the chain's
    /// links, inside that lock: nothing can move between the links the seal names and the commit.
    /// </summary>
    public static Task<StreamWrite<Comparison>> PublishAsync(IDocumentStore store, Guid id, Publish command, IfMatch? expected, Guid by,
        DateTimeOffset at, Signer signer, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command), async (c, session, token) =>
        {
            var outcome = Decide(c, command.Note, by, at);
            if (outcome.Problem is not null || outcome.Events.Count == 0) return outcome;
            var links = await Sealing.LinksAsync(session, id, token);
            // A document without its canonical chain through this version (stored before the chain existed) cannot be sealed.
            return Sealing.Covers(c, links) ? Sealing.Seal(c, outcome, signer, links) : Problems.Busy();
        }, ct);

    [WolverinePost("/api/comparisons/{id}/publications", OperationId = "publishScorecard")]
    [EndpointSummary("Publish the scorecard (or a correction)")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<Published>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Publish command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock,
        Signer signer) =>
        EventStreams.Answer(http,
            PublishAsync(store, id, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), signer, http.RequestAborted),
            (c, _) => Results.Created($"/api/scorecards/{id}/versions/{c.PublishedVersion}",
                new Published(id, c.PublishedVersion, c.PublishedVersion > 1, c.PublishedAt!.Value)));
}

/// <summary>The editor's publish form: the same entry point, and so the same seal, as the API's publication.</summary>
public static class PublishingForm
{
    [WolverinePost("/workspace/comparisons/{id}/publications"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock,
        Panel.Evidence.Signer signer) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Publish,
            form => PublishingEndpoint.PublishAsync(store, id, new Publish(form.Text("note")), form.Expected(), caller.Id(), clock.GetUtcNow(), signer,
                http.RequestAborted),
            w => w.State!.PublishedVersion > 1 ? Done.Corrected : Done.Published);
}
