using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.ApplyingToolFacts;

/// <summary>Tool facts that move: the editor's button, the same entry point as the API's.</summary>
public static class ApplyingToolFactsForm
{
    [WolverinePost("/workspace/comparisons/{id}/tool-facts")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await ApplyingToolFactsEndpoint.ApplyAsync(store, id, new ApplyToolFacts(form.Id("toolId")), form.Expected(), caller.Id(),
            clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.ToolFacts, written,
            w => w.Appended.Count == 0 ? Done.FactsCurrent : Done.FactsApplied);
    }
}
