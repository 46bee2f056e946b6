using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.WithdrawingVerdict;

/// <summary>The reviewer's withdrawal form: the same entry point as the API's withdrawal.</summary>
public static class WithdrawingVerdictForm
{
    [WolverinePost("/workspace/comparisons/{id}/verdicts/{toolId}/withdrawal")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Reviewer)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, Guid toolId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new WithdrawVerdict(form.Text("reason"));
        var written = await WithdrawingVerdictEndpoint.WithdrawAsync(store, id, caller.Id(), toolId, command, form.Expected(), clock.GetUtcNow(),
            http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Withdrawal(toolId), written, _ => Done.VerdictWithdrawn);
    }
}
