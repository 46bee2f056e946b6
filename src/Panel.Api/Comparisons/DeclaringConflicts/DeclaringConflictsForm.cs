using System.Text.RegularExpressions;
using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.DeclaringConflicts;

/// <summary>
/// The reviewer's declaration form: rows <c>description0</c>/<c>toolId0</c>, <c>description1</c>/<c>toolId1</c>, …
/// (empty rows left out; <c>none</c> declares none), written through the same entry point as the API's.
/// </summary>
public static partial class DeclaringConflictsForm
{
    /// <summary>A declaration form has this many rows at most, as the API allows.</summary>
    public const int Rows = DeclaringConflictsEndpoint.MaxConflicts;

    [WolverinePost("/workspace/comparisons/{id}/conflicts")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Reviewer)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var none = form.Text("none") == "1";
        var entries = none
            ? []
            : Enumerable.Range(0, Rows)
                .Where(i => !string.IsNullOrWhiteSpace(form.Text($"description{i}")))
                .Select(i => new ConflictEntry(form.Text($"description{i}"), form.Id($"toolId{i}")))
                .ToList();
        var written = entries.Count == 0 && !none
            ? StreamWrite<Comparison>.Refused(Problems.Validation("description0", "Describe a conflict, or use “I have no conflicts”."))
            : await DeclaringConflictsEndpoint.DeclareAsync(store, id, caller.Id(), new DeclareConflicts(entries), form.Expected(), clock.GetUtcNow(),
                http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Conflicts, InRows(written), _ => Done.ConflictsDeclared);
    }

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
