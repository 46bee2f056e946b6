using Panel.Comparisons.Reading;
using System.Text.RegularExpressions;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

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
        if (!c.EditorialRecordOpen) return EditorialRecord.DeclarationsClosed(c);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].ToolId is { } toolId && c.Tool(toolId) is null)
                return Problems.Validation($"conflicts[{i}].toolId", "That tool is not part of this comparison.");
        }

        var conflicts = entries.Select(x => new DeclaredConflict(x.Description.Checked().Trim(), x.ToolId)).ToList();
        if (seat.Declaration is { } current && current.Conflicts.SequenceEqual(conflicts)) return Outcome.Unchanged;
        return Outcome.Append(new ConflictsDeclared(c.Id, reviewerId, conflicts, at));
    }

    [EndpointSummary("Declare conflicts of interest on your seat")]
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
        return EventStreams.Answer(http, DeclareAsync(store, id, reviewerId, command, ETags.ReadIfMatch(http.Request), clock.GetUtcNow(), http.RequestAborted),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));
    }

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> DeclareAsync(IDocumentStore store, Guid id, Guid reviewerId, DeclareConflicts command,
        IfMatch? expected, DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command), c => Decide(c, reviewerId, command.Conflicts.Checked(), at), ct);
}

/// <summary>
/// The reviewer's declaration form: rows <c>description0</c>/<c>toolId0</c>, <c>description1</c>/<c>toolId1</c>, …
/// (empty rows left out; <c>none</c> declares none), written through the same entry point as the API's.
/// </summary>
public static partial class DeclaringConflictsForm
{
    /// <summary>A declaration form has this many rows at most, as the API allows.</summary>
    public const int Rows = DeclaringConflictsEndpoint.MaxConflicts;

    [WolverinePost("/workspace/comparisons/{id}/conflicts"), WorkspaceOnly(Roles.Reviewer), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.Conflicts, async form =>
        {
            var none = form.Text("none") == "1";
            var entries = none
                ? []
                : Enumerable.Range(0, Rows)
                    .Where(i => !string.IsNullOrWhiteSpace(form.Text($"description{i}")))
                    .Select(i => new ConflictEntry(form.Text($"description{i}"), form.Id($"toolId{i}")))
                    .ToList();
            return InRows(entries.Count == 0 && !none
                ? StreamWrite<Comparison>.Refused(Problems.Validation("description0", "Describe a conflict, or use “I have no conflicts”."))
                : await DeclaringConflictsEndpoint.DeclareAsync(store, id, caller.Id(), new DeclareConflicts(entries), form.Expected(), clock.GetUtcNow(),
                    http.RequestAborted));
        }, _ => Done.ConflictsDeclared);

    /// <summary>The API's <c>conflicts[i].description</c> is the form's <c>description{i}</c>.</summary>
    private static StreamWrite<Comparison> InRows(StreamWrite<Comparison> written) =>
        written.Problem is ValidationProblemDetails v
            ? written with
            {
                Problem = Problems.Validation(v.Errors.ToDictionary(
                    x => Row().Replace(x.Key, "$2$1"),
                    x => x.Value.Select(m => RowPrefix().Replace(m, "")).ToArray()))
            }
            : written;

    [GeneratedRegex(@"^conflicts\[(\d+)\]\.(\w+)$")]
    private static partial Regex Row();

    [GeneratedRegex(@"^conflicts\[\d+\]\.")]
    private static partial Regex RowPrefix();
}
