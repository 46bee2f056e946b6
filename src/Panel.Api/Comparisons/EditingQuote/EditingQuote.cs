using Panel.Comparisons.SubmittingVerdict;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.EditingQuote;

public sealed record EditQuote(string? Quote, string? Reason);

public static class EditingQuoteEndpoint
{
    public static ProblemDetails Validate(EditQuote? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors()
            .Text("quote", command.Quote, SubmittingVerdictEndpoint.MaxQuote)
            .Text("reason", command.Reason, SubmittingVerdictEndpoint.MaxReason)
            .ToProblem();

    /// <summary>Editors change a quote's wording for publication, never the decision.</summary>
    public static Outcome Decide(Comparison c, Guid reviewerId, Guid toolId, string quote, string reason, Guid by, DateTimeOffset at)
    {
        var verdict = c.VerdictOf(reviewerId, toolId);
        if (verdict is null) return Problems.NotFound("verdict", $"{reviewerId} on tool {toolId}");
        if (verdict.Withdrawn)
            return Problems.Conflict("verdict-withdrawn", "The verdict is withdrawn.", "A withdrawn verdict has no quote to edit.");

        quote = quote.Trim();
        return quote == verdict.PublicQuote
            ? Outcome.Unchanged
            : Outcome.Append(new QuoteEdited(c.Id, toolId, reviewerId, quote, reason.Trim(), by, at));
    }

    [WolverinePut("/api/comparisons/{id}/verdicts/{toolId}/reviewers/{reviewerId}/quote", OperationId = "editQuote")]
    [EndpointSummary("Edit a verdict's quote")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<VerdictView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Put(Guid id, Guid toolId, Guid reviewerId, EditQuote command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Answer(http,
            EditAsync(store, id, toolId, reviewerId, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, version) => Results.Ok(VerdictView.Of(c, c.VerdictOf(reviewerId, toolId)!, version)));

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> EditAsync(IDocumentStore store, Guid id, Guid toolId, Guid reviewerId, EditQuote command,
        IfMatch? expected, Guid by, DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command),
            c => Decide(c, reviewerId, toolId, command.Quote.Checked(), command.Reason.Checked(), by, at), ct);
}

/// <summary>The editor's quote form: the same entry point as the API's quote edit.</summary>
public static class EditingQuoteForm
{
    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}/reviewers/{reviewerId}/quote"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, Guid toolId, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Quote(toolId, reviewerId),
            form => EditingQuoteEndpoint.EditAsync(store, id, toolId, reviewerId, new EditQuote(form.Text("quote"), form.Text("reason")), form.Expected(),
                caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            _ => Done.QuoteEdited);
}
