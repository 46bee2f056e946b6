using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.SubmittingVerdict;

/// <summary>The reviewer's verdict form: the same entry point as <c>PUT /api/comparisons/{id}/verdicts/{toolId}</c>.</summary>
public static class SubmittingVerdictForm
{
    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Reviewer)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new SubmitVerdict(form.Enum<Decision>("decision"), form.Text("quote"), form.Text("note"), form.Text("reason"));
        var written = await SubmittingVerdictEndpoint.SubmitAsync(store, id, caller.Id(), toolId, command, form.Expected(), clock.GetUtcNow(),
            http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Verdict(toolId), written,
            w => w.Appended.Count == 0 ? Done.VerdictUnchanged : Done.VerdictSaved);
    }
}
