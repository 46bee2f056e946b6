using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.EditingQuote;

/// <summary>The editor's quote form: the same entry point as the API's quote edit.</summary>
public static class EditingQuoteForm
{
    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}/reviewers/{reviewerId}/quote")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, Guid toolId, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new EditQuote(form.Text("quote"), form.Text("reason"));
        var written = await EditingQuoteEndpoint.EditAsync(store, id, toolId, reviewerId, command, form.Expected(), caller.Id(), clock.GetUtcNow(),
            http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Quote(toolId, reviewerId), written, _ => Done.QuoteEdited);
    }
}
