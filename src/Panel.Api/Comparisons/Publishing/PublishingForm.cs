using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.Publishing;

/// <summary>The editor's publish form: the same entry point, and so the same seal, as the API's publication.</summary>
public static class PublishingForm
{
    [WolverinePost("/workspace/comparisons/{id}/publications")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock,
        Panel.Evidence.Signer signer)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await PublishingEndpoint.PublishAsync(store, id, new Publish(form.Text("note")), form.Expected(), caller.Id(), clock.GetUtcNow(),
            signer, http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Publish, written,
            w => w.State!.PublishedVersion > 1 ? Done.Corrected : Done.Published);
    }
}
