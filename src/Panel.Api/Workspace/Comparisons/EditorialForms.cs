using Panel.Comparisons.RequiringConflictFree;
using Panel.Comparisons.DeclaringConflicts;
using Panel.Comparisons.RetractingComparison;
using Panel.Comparisons.WritingEditorsVerdict;
using Panel.Workspace.Sessions;

namespace Panel.Workspace.Comparisons;

/// <summary>
/// The workspace's forms for the editorial record: a reviewer's declaration of conflicts, an editor's
/// conflict rule per tool, the editor's verdict and the retraction. Same Validate/Decide as the API.
/// </summary>
public static class EditorialForms
{
    /// <summary>A declaration form has this many rows at most, as the API allows.</summary>
    public const int Rows = DeclaringConflictsEndpoint.MaxConflicts;

    [WolverinePost("/workspace/comparisons/{id}/conflicts")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Reviewer)]
    [ExcludeFromDescription]
    public static async Task<IResult> Declare(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        // Rows are description0/toolId0, description1/toolId1, …; empty rows are left out; "none" declares none.
        var entries = form.Text("none") == "1"
            ? []
            : Enumerable.Range(0, Rows)
                .Where(i => !string.IsNullOrWhiteSpace(form.Text($"description{i}")))
                .Select(i => new ConflictEntry(form.Text($"description{i}"), form.Id($"toolId{i}")))
                .ToList();
        var validation = entries.Count == 0 && form.Text("none") != "1"
            ? Problems.Validation("description0", "Describe a conflict, or use “I have no conflicts”.")
            : RowErrors(DeclaringConflictsEndpoint.Validate(new DeclareConflicts(entries)));
        var me = caller.Id();
        return await ComparisonForms.Write(http, store, caller, id, "conflicts", form, validation, form.Expected(),
            c => RowErrors(DeclaringConflictsEndpoint.Decide(c, me, entries, clock.GetUtcNow())),
            _ => "conflicts-declared", "conflicts");
    }

    [WolverinePost("/workspace/comparisons/{id}/conflict-rules/{toolId}")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> SetRule(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new ConflictRule(bool.TryParse(form.Text("conflictFree"), out var free) ? free : null);
        return await ComparisonForms.Write(http, store, caller, id, $"rule-{toolId}", form, RequiringConflictFreeEndpoint.Validate(command), null,
            c => RequiringConflictFreeEndpoint.Decide(c, toolId, command.ConflictFree.Checked(), caller.Id(), clock.GetUtcNow()),
            _ => "conflict-rule-set", "conflict-rules");
    }

    [WolverinePost("/workspace/comparisons/{id}/editors-verdict")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> WriteVerdict(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new WriteEditorsVerdict(form.Text("bottomLine"), form.Id("recommendedToolId"));
        return await ComparisonForms.Write(http, store, caller, id, "editors-verdict", form, WritingEditorsVerdictEndpoint.Validate(command),
            form.Expected(), c => WritingEditorsVerdictEndpoint.Decide(c, command, caller.Id(), clock.GetUtcNow()),
            _ => "editors-verdict-written", "editors-verdict");
    }

    [WolverinePost("/workspace/comparisons/{id}/retractions")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.EditorOrAdmin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Retract(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new Retract(form.Text("note"));
        return await ComparisonForms.Write(http, store, caller, id, "retract", form, RetractingComparisonEndpoint.Validate(command), form.Expected(),
            c => RetractingComparisonEndpoint.Decide(c, command.Note.Checked(), caller.Id(), clock.GetUtcNow()),
            _ => "retracted", "retract");
    }

    /// <summary>The API's <c>conflicts[i].description</c> is the form's <c>description{i}</c>.</summary>
    private static ProblemDetails RowErrors(ProblemDetails problem) =>
        problem is ValidationProblemDetails v
            ? Problems.Validation(v.Errors.ToDictionary(
                x => System.Text.RegularExpressions.Regex.Replace(x.Key, @"^conflicts\[(\d+)\]\.(\w+)$", "$2$1"),
                x => x.Value.Select(m => System.Text.RegularExpressions.Regex.Replace(m, @"^conflicts\[\d+\]\.", "")).ToArray()))
            : problem;

    private static Outcome RowErrors(Outcome outcome) =>
        outcome.Problem is { } problem ? RowErrors(problem) : outcome;
}
