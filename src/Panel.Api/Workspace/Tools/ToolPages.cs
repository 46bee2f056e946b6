using Panel.Tools;
using Panel.Tools.RedescribingTool;
using Panel.Tools.RegisteringTool;
using Panel.Tools.RepricingTool;
using Panel.Workspace.Sessions;

namespace Panel.Workspace.Tools;

/// <summary>The editor's tools: register one, reprice one; the same validation and decisions as the API.</summary>
public static class ToolPages
{
    [WolverineGet("/workspace/tools")]
    [WorkspaceOnly(Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(string? done, HttpContext http, IQuerySession session, CancellationToken ct) =>
        await Show(http, session, null, WorkspaceForms.Notice(done), StatusCodes.Status200OK, ct);

    private static async Task<IResult> Show(HttpContext http, IQuerySession session, FormState? form, string? notice, int status, CancellationToken ct) =>
        WorkspaceForms.Page<ToolsPage>(http, new()
        {
            ["Tools"] = await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(ct),
            ["Form"] = form,
            ["Notice"] = notice
        }, status);

    [WolverinePost("/workspace/tools")]
    [WorkspaceOnly(Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Register(ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new RegisterTool(form.Text("name"), form.Text("vendor"), form.Text("category"), form.Text("tagline"),
            form.Text("description"), form.Enum<EntryTier>("entryTier"), form.Text("pricingRead"));
        var problem = RegisteringToolEndpoint.Validate(command);
        if (ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            var (_, refusal) = await RegisteringToolEndpoint.RegisterAsync(store, command, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
            if (refusal is null) return WorkspaceForms.SeeOther(http, "/workspace/tools", Done.ToolRegistered);
            // The name is the field a duplicate is about.
            problem = refusal.Type?.EndsWith("/duplicate-tool") == true ? Problems.Validation("name", refusal.Detail!) : refusal;
        }
        await using var session = store.QuerySession();
        return await Show(http, session, WorkspaceForms.Failed("register", form, problem), null, WorkspaceForms.StatusOf(problem), http.RequestAborted);
    }

    [WolverinePost("/workspace/tools/{id}/pricing")]
    [WorkspaceOnly(Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Reprice(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new RepriceTool(form.Enum<EntryTier>("entryTier"), form.Text("pricingRead"));
        var problem = RepricingToolEndpoint.Validate(command);
        if (ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            var written = await EventStreams.WriteAsync<Tool>(store, id, "tool", mayStart: false, null,
                t => RepricingToolEndpoint.Decide(t!, command.EntryTier.Checked(), command.PricingRead.Checked(), caller.Id(), clock.GetUtcNow()), http.RequestAborted);
            if (written.Problem is null) return WorkspaceForms.SeeOther(http, "/workspace/tools", Done.ToolRepriced, $"tool-{id}");
            problem = written.Problem;
        }
        await using var session = store.QuerySession();
        return await Show(http, session, WorkspaceForms.Failed($"reprice-{id}", form, problem), null, WorkspaceForms.StatusOf(problem), http.RequestAborted);
    }

    /// <summary>New wording for a tool; the old wording stays in the tool's history.</summary>
    [WolverinePost("/workspace/tools/{id}/description")]
    [WorkspaceOnly(Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Redescribe(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new RedescribeTool(form.Text("name"), form.Text("tagline"), form.Text("description"));
        var problem = RedescribingToolEndpoint.Validate(command);
        if (ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            var taken = await RedescribingToolEndpoint.NameTakenAsync(store, id, command.Name!, http.RequestAborted);
            StreamWrite<Tool> written;
            try
            {
                written = await EventStreams.WriteAsync<Tool>(store, id, "tool", mayStart: false, null,
                    t => RedescribingToolEndpoint.Decide(t!, command, taken, caller.Id(), clock.GetUtcNow()), http.RequestAborted);
            }
            catch (Exception e) when (EventStreams.IsUniqueViolation(e))
            {
                written = StreamWrite<Tool>.Refused(RedescribingToolEndpoint.Duplicate(Names.Normalize(command.Name!)));
            }
            if (written.Problem is null) return WorkspaceForms.SeeOther(http, "/workspace/tools", Done.ToolRedescribed, $"tool-{id}");
            if (written.Problem.Status == StatusCodes.Status404NotFound) return WorkspaceForms.NotFound(http, "tool");
            // The name is the field a duplicate is about.
            problem = written.Problem.Type?.EndsWith("/duplicate-tool") == true ? Problems.Validation("name", written.Problem.Detail!) : written.Problem;
        }
        await using var session = store.QuerySession();
        return await Show(http, session, WorkspaceForms.Failed($"describe-{id}", form, problem), null, WorkspaceForms.StatusOf(problem), http.RequestAborted);
    }
}
