using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.UnseatingReviewer;

/// <summary>The editor's unseat button: the same entry point as the API's unseating.</summary>
public static class UnseatingReviewerForm
{
    [WolverinePost("/workspace/comparisons/{id}/seats/{reviewerId}/removal")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, Guid reviewerId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await UnseatingReviewerEndpoint.UnseatAsync(store, id, reviewerId, null, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Unseat(reviewerId), written, _ => Done.Unseated);
    }
}
