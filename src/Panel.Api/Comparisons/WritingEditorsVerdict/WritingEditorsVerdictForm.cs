using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.WritingEditorsVerdict;

/// <summary>The editor's verdict form: the same entry point as the API's.</summary>
public static class WritingEditorsVerdictForm
{
    [WolverinePost("/workspace/comparisons/{id}/editors-verdict")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new WriteEditorsVerdict(form.Text("bottomLine"), form.Id("recommendedToolId"));
        var written = await WritingEditorsVerdictEndpoint.WriteAsync(store, id, command, form.Expected(), caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.EditorsVerdict, written, _ => Done.EditorsVerdictWritten);
    }
}
