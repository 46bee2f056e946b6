using Panel.Tools;
using Panel.Workspace;
using Panel.Workspace.Comparisons;
using Panel.Workspace.Sessions;

namespace Panel.Comparisons.OpeningComparison;

/// <summary>The editor's page and form that open a comparison: the same entry point as <c>POST /api/comparisons</c>.</summary>
public static class OpeningComparisonForm
{
    public const string Key = "open";

    [WolverineGet("/workspace/comparisons/new")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> New(HttpContext http, IQuerySession session, CancellationToken ct) =>
        WorkspaceForms.Page<NewComparisonPage>(http, new() { ["Tools"] = await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(ct) });

    [WolverinePost("/workspace/comparisons")]
    [Authorize(AuthenticationSchemes = WorkspaceSession.Scheme, Roles = Roles.Editor)]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var ids = form["toolIds"].Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();
        var (id, problem) = await OpeningComparisonEndpoint.OpenAsync(store, new OpenComparison(form.Text("title"), ids), caller.Id(),
            clock.GetUtcNow(), http.RequestAborted);
        if (problem is null) return WorkspaceForms.SeeOther(http, $"/workspace/comparisons/{id}", Done.Opened);

        await using var session = store.QuerySession();
        return WorkspaceForms.Page<NewComparisonPage>(http, new()
        {
            ["Tools"] = await session.Query<Tool>().OrderBy(x => x.Name).ToListAsync(http.RequestAborted),
            ["Form"] = WorkspaceForms.Failed(Key, form, problem)
        }, WorkspaceForms.StatusOf(problem));
    }
}
