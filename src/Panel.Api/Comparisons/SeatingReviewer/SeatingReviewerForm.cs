using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.SeatingReviewer;

/// <summary>The editor's seat form: the same entry point as <c>POST /api/comparisons/{id}/seats</c>.</summary>
public static class SeatingReviewerForm
{
    [WolverinePost("/workspace/comparisons/{id}/seats")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new SeatReviewer(form.Id("reviewerId"), form.Text("angle"));
        var written = await SeatingReviewerEndpoint.SeatAsync(store, id, command, null, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Seat, written, _ => Done.Seated);
    }
}
