using Panel.Comparisons.DeclaringConflicts;
using Panel.Comparisons.Reading;
using Panel.Workspace;
using Panel.Workspace.Comparisons;

namespace Panel.Comparisons.WritingEditorsVerdict;

public sealed record WriteEditorsVerdict(string? BottomLine, Guid? RecommendedToolId = null);

public static class WritingEditorsVerdictEndpoint
{
    /// <summary>A bottom line is a few sentences: long enough to say something, short enough to read first.</summary>
    public const int MinBottomLine = 20, MaxBottomLine = 600;

    public static ProblemDetails Validate(WriteEditorsVerdict? command)
    {
        if (command is null) return FieldErrors.MissingBody();
        var errors = new FieldErrors().Text("bottomLine", command.BottomLine, MaxBottomLine);
        if (!string.IsNullOrWhiteSpace(command.BottomLine) && command.BottomLine.Trim().Length < MinBottomLine)
            errors.Add("bottomLine", $"bottomLine must be at least {MinBottomLine} characters.");
        if (command.RecommendedToolId == Guid.Empty) errors.Add("recommendedToolId", "recommendedToolId is not an id.");
        return errors.ToProblem();
    }

    /// <summary>
    /// The editor's verdict may recommend any of the comparison's tools, also one the figures do not pick
    /// (the page says so). After publication a new wording needs a correction, like any other change.
    /// </summary>
    public static Outcome Decide(Comparison c, WriteEditorsVerdict command, Guid by, DateTimeOffset at)
    {
        if (c.Retracted) return EditorialRecord.Retracted(c);
        if (command.RecommendedToolId is { } toolId && c.Tool(toolId) is null)
            return Problems.Validation("recommendedToolId", "That tool is not part of this comparison.");
        var bottomLine = command.BottomLine.Checked().Trim();
        if (c.EditorsVerdict is { } current && current.BottomLine == bottomLine && current.RecommendedToolId == command.RecommendedToolId)
            return Outcome.Unchanged;
        return Outcome.Append(new EditorsVerdictWritten(c.Id, bottomLine, command.RecommendedToolId, by, at));
    }

    [EndpointSummary("Write the editor's verdict")]
    [WolverinePut("/api/comparisons/{id}/editors-verdict", OperationId = "writeEditorsVerdict")]
    [Authorize(Roles = Roles.Editor)]
    [ProducesResponseType<ComparisonDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Put(Guid id, WriteEditorsVerdict command, ClaimsPrincipal caller, HttpContext http, IDocumentStore store,
        TimeProvider clock) =>
        EventStreams.Answer(http, WriteAsync(store, id, command, ETags.ReadIfMatch(http.Request), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            (c, _) => Results.Ok(ComparisonDetails.For(c, caller)));

    /// <summary>The use case's one entry point, for the JSON endpoint and the workspace form alike: validate, decide, commit.</summary>
    public static Task<StreamWrite<Comparison>> WriteAsync(IDocumentStore store, Guid id, WriteEditorsVerdict command, IfMatch? expected,
        Guid by, DateTimeOffset at, CancellationToken ct) =>
        ComparisonStream.WriteAsync(store, id, expected, Validate(command), c => Decide(c, command, by, at), ct);
}

/// <summary>The editor's verdict form: the same entry point as the API's.</summary>
public static class WritingEditorsVerdictForm
{
    [WolverinePost("/workspace/comparisons/{id}/editors-verdict"), WorkspaceOnly(Roles.Editor), ExcludeFromDescription]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock) =>
        ComparisonForm.Handle(http, store, caller, id, ComparisonFormKey.EditorsVerdict,
            form => WritingEditorsVerdictEndpoint.WriteAsync(store, id, new WriteEditorsVerdict(form.Text("bottomLine"), form.Id("recommendedToolId")),
                form.Expected(), caller.Id(), clock.GetUtcNow(), http.RequestAborted),
            _ => Done.EditorsVerdictWritten);
}
