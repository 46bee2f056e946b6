using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.RequiringConflictFree;

/// <summary>The editor's conflict rule for one tool: the same entry point as the API's.</summary>
public static class RequiringConflictFreeForm
{
    [WolverinePost("/workspace/comparisons/{id}/conflict-rules/{toolId}")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new ConflictRule(bool.TryParse(form.Text("conflictFree"), out var free) ? free : null);
        var written = await RequiringConflictFreeEndpoint.RequireAsync(store, id, toolId, command, null, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Rule(toolId), written, _ => Done.ConflictRuleSet);
    }
}
