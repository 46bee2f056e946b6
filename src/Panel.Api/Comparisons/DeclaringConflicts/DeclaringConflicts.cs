using Panel.Comparisons.Reading;

namespace Panel.Comparisons.DeclaringConflicts;

public sealed record ConflictEntry(string? Description, Guid? ToolId);

/// <summary>The reviewer's whole declaration: an empty list declares "none".</summary>
public sealed record DeclareConflicts(IReadOnlyList<ConflictEntry>? Conflicts);

public static class DeclaringConflictsEndpoint
{
    public const int MaxConflicts = 5, MaxDescription = 500;

    public static ProblemDetails Validate(DeclareConflicts? command)
    {
        if (command is null) return FieldErrors.MissingBody();
        var errors = new FieldErrors();
        if (command.Conflicts is null) return errors.Add("conflicts", "conflicts is required; an empty list declares none.").ToProblem();
        if (command.Conflicts.Count > MaxConflicts) errors.Add("conflicts", $"Declare at most {MaxConflicts} conflicts.");
        for (var i = 0; i < command.Conflicts.Count; i++)
        {
            if (command.Conflicts[i] is null) { errors.Add($"conflicts[{i}]", "A conflict is an object."); continue; }
            errors.Text($"conflicts[{i}].description", command.Conflicts[i].Description, MaxDescription);
            if (command.Conflicts[i].ToolId == Guid.Empty) errors.Add($"conflicts[{i}].toolId", "toolId is not an id.");
        }
        return errors.ToProblem();
    }

    /// <summary>
    /// A seated reviewer declares on their own seat, replacing what they declared before, until the first
    /// publication: a released version shows the declarations it was published with.
    /// </summary>
    public static Outcome Decide(Comparison c, Guid reviewerId, IReadOnlyList<ConflictEntry> entries, DateTimeOffset at)
    {
        var seat = c.SeatOf(reviewerId);
        if (seat is null) return Problems.NotSeated();
        if (c.Retracted) return EditorialRecord.Retracted(c);
        if (c.PublishedVersion > 0) return EditorialRecord.DeclarationsClosed(c);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].ToolId is { } toolId && c.Tool(toolId) is null)
                return Problems.Validation($"conflicts[{i}].toolId", "That tool is not part of this comparison.");
        }

        var conflicts = entries.Select(x => new DeclaredConflict(x.Description!.Trim(), x.ToolId)).ToList();
        if (seat.Declaration is { } current && current.Conflicts.SequenceEqual(conflicts)) return Outcome.Unchanged;
        return Outcome.Append(new ConflictsDeclared(c.Id, reviewerId, conflicts, at));
    }

    [WolverinePut("/api/comparisons/{id}/seats/{reviewerId}/conflicts", OperationId = "declareConflicts")]
    [Authorize(Roles = Roles.Reviewer)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Put(Guid id, Guid reviewerId, DeclareConflicts command, ClaimsPrincipal caller, HttpContext http,
        IDocumentStore store, TimeProvider clock)
    {
        // The seat in the route must be the caller's own: nobody declares for someone else.
        if (reviewerId != caller.Id())
            return Task.FromResult(Problems.Forbidden("Only the reviewer in a seat declares its conflicts.").ToResult());
        return EventStreams.Change<Comparison>(store, http, id, "comparison",
            c => Decide(c, reviewerId, command.Conflicts!, clock.GetUtcNow()),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));
    }
}

public sealed record ConflictRule(bool? ConflictFree);

/// <summary>An editor requires that no reviewer who declared a conflict naming a tool gives a verdict on it.</summary>
public static class RequiringConflictFreeEndpoint
{
    public static ProblemDetails Validate(ConflictRule? command) => command is null
        ? FieldErrors.MissingBody()
        : new FieldErrors().Required("conflictFree", command.ConflictFree).ToProblem();

    /// <summary>
    /// The rule bars a conflicted reviewer's verdict on the tool (refused when given; one given before blocks
    /// publication until withdrawn) and stops counting the tool as owed by them. Set before the first publication.
    /// </summary>
    public static Outcome Decide(Comparison c, Guid toolId, bool conflictFree, Guid by, DateTimeOffset at)
    {
        if (c.Tool(toolId) is null) return Problems.NotFound("tool in this comparison", toolId);
        if (c.Retracted) return EditorialRecord.Retracted(c);
        if (c.PublishedVersion > 0) return EditorialRecord.DeclarationsClosed(c);
        if (c.ConflictFreeTools.Contains(toolId) == conflictFree) return Outcome.Unchanged;
        return Outcome.Append(new ConflictFreeRequired(c.Id, toolId, conflictFree, by, at));
    }

    [WolverinePut("/api/comparisons/{id}/tools/{toolId}/conflict-rule", OperationId = "setConflictRule")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Put(Guid id, Guid toolId, ConflictRule command, ClaimsPrincipal caller, HttpContext http,
        IDocumentStore store, TimeProvider clock) =>
        EventStreams.Change<Comparison>(store, http, id, "comparison",
            c => Decide(c, toolId, command.ConflictFree!.Value, caller.Id(), clock.GetUtcNow()),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));
}

/// <summary>The problems the editorial record answers with, shared by its decisions and publishing.</summary>
public static class EditorialRecord
{
    public static ProblemDetails Retracted(Comparison c) => Problems.Conflict("retracted", "The comparison is retracted.",
        $"Version {c.Retraction!.Version} was retracted: \"{c.Retraction.Note}\". A retracted comparison stays as it is; open a new comparison instead.");

    public static ProblemDetails DeclarationsClosed(Comparison c) => Problems.Conflict("declarations-closed",
        "Conflicts are settled at publication.",
        $"Version {c.PublishedVersion} was published with the declarations and conflict rules as they stood; they no longer change.");

    /// <summary>Standing verdicts from reviewers barred by a declared conflict: listed so the editor can resolve each.</summary>
    public static ProblemDetails UnresolvedConflicts(Comparison c, IReadOnlyList<Verdict> barred)
    {
        var problem = Problems.Conflict("unresolved-conflicts", "Verdicts from conflicted reviewers stand.",
            $"{barred.Count} verdict(s) come from reviewers who declared a conflict naming a tool that must be judged conflict-free; " +
            "the reviewer withdraws each, or the editor lifts the rule. See conflicts.");
        problem.Extensions["conflicts"] = barred.Select(v => new
        {
            reviewerId = v.ReviewerId,
            reviewerName = c.SeatOf(v.ReviewerId)?.ReviewerName,
            toolId = v.ToolId,
            toolName = c.Tool(v.ToolId)?.Name,
            declared = c.SeatOf(v.ReviewerId)?.Declaration?.Conflicts.Where(x => x.ToolId == v.ToolId).Select(x => x.Description).ToList()
        }).ToList();
        return problem;
    }
}
