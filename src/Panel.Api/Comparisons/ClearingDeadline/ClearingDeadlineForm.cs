using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.ClearingDeadline;

/// <summary>The editor's button that clears the deadline: the same entry point as the API's.</summary>
public static class ClearingDeadlineForm
{
    [WolverinePost("/workspace/comparisons/{id}/deadline/removal")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await ClearingDeadlineEndpoint.ClearAsync(store, id, null, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Deadline, written, _ => Done.DeadlineCleared);
    }
}
