using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.RetractingComparison;

public sealed record Retract(string? Note);

public sealed record Retracted(Guid Id, int Version, string Note, DateTimeOffset RetractedAt);

public static class RetractingComparisonEndpoint
{
    public const int MaxNote = 2000;

    public static ProblemDetails Validate(Retract? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Text("note", command.Note, MaxNote).ToProblem();

    /// <summary>
    /// Only a published comparison is retracted, once. Nothing is deleted: every version stays readable
    /// under a retraction notice, and no further version, vote or editorial change is taken.
    /// </summary>
    public static Outcome Decide(Comparison c, string note, Guid by, DateTimeOffset at)
    {
        if (c.PublishedVersion == 0)
            return Problems.Conflict("not-published", "Only a published comparison is retracted.",
                "Nothing was released yet, so there is nothing to retract.");
        if (c.Retraction is { } r)
            return Problems.Conflict("already-retracted", "The comparison is already retracted.",
                $"Version {r.Version} was retracted at {r.At:u}: \"{r.Note}\".");
        return Outcome.Append(new ComparisonRetracted(c.Id, c.PublishedVersion, note.Trim(), by, at));
    }

    [EndpointSummary("Retract a published comparison")]
    [WolverinePost("/api/comparisons/{id}/retractions", OperationId = "retractComparison")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    [ProducesResponseType<Retracted>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Post(Guid id, Retract command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        EventStreams.Answer(http, RetractAsync(store, id, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, _) => Results.Created($"/api/scorecards/{id}",
                new Retracted(id, c.Retraction!.Version, c.Retraction.Note, c.Retraction.At)));

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> RetractAsync(IDocumentStore store, Guid id, Retract command, IfMatch? expected, Guid by,
        DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command), c => Decide(c, command.Note.Checked(), by, at), ct);
}

/// <summary>The retraction form: the same entry point as the API's.</summary>
public static class RetractingComparisonForm
{
    [WolverinePost("/workspace/comparisons/{id}/retractions"), WorkspaceOnly(Roles.EditorOrAdmin), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Retract,
            form => RetractingComparisonEndpoint.RetractAsync(store, id, new Retract(form.Text("note")), form.Expected(), caller.Id(), clock.GetUtcNow(),
                http.RequestAborted),
            _ => Done.Retracted);
}
