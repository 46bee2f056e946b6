using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.RetractingComparison;

/// <summary>The retraction form: the same entry point as the API's.</summary>
public static class RetractingComparisonForm
{
    [WolverinePost("/workspace/comparisons/{id}/retractions")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.EditorOrAdmin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await RetractingComparisonEndpoint.RetractAsync(store, id, new Retract(form.Text("note")), form.Expected(), caller.Id(),
            clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Retract, written, _ => Done.Retracted);
    }
}
