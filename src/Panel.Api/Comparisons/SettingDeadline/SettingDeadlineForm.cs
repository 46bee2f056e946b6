using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.SettingDeadline;

/// <summary>The editor's deadline form (times in UTC, as the form says): the same entry point as the API's.</summary>
public static class SettingDeadlineForm
{
    [WolverinePost("/workspace/comparisons/{id}/deadline")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new SetDeadline(ComparisonForm.Utc(form.Text("dueAt")), ComparisonForm.Utc(form.Text("remindAt")));
        var written = form.Text("remindAt") is not null && command.RemindAt is null
            ? StreamWrite<Comparison>.Refused(Problems.Validation("remindAt", "Enter the reminder as a date and time."))
            : await SettingDeadlineEndpoint.SetAsync(store, id, command, null, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        return await ComparisonForm.Answer(http, store, caller, id, form, ComparisonFormKey.Deadline, written, _ => Done.DeadlineSet);
    }
}
