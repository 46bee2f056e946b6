using Panel.People.CreatingUser;
using Panel.People.ReissuingToken;
using Panel.People.RevokingToken;
using Panel.Workspace.Sessions;

namespace Panel.Workspace.People;

/// <summary>
/// The admin's people: create, reissue, revoke. A token is shown once, on the page that answers the
/// POST (never in a URL or a redirect, never cached).
/// </summary>
public static class PeoplePages
{
    [WolverineGet("/workspace/people")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(string? done, HttpContext http, IQuerySession session, CancellationToken ct) =>
        await Show(http, session, null, WorkspaceForms.Notice(done), StatusCodes.Status200OK, ct);

    private static async Task<IResult> Show(HttpContext http, IQuerySession session, FormState? form, string? notice, int status, CancellationToken ct) =>
        WorkspaceForms.Page<PeoplePage>(http, new()
        {
            ["People"] = await session.Query<User>().OrderBy(x => x.Name).ToListAsync(ct),
            ["Form"] = form,
            ["Notice"] = notice
        }, status);

    [WolverinePost("/workspace/people")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Create(ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new CreateUser(form.Text("name"), form.Enum<Role>("role"));
        var problem = CreatingUserEndpoint.Validate(command);
        if (!ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            await using var session = store.QuerySession();
            return await Show(http, session, WorkspaceForms.Failed("create", form, problem), null, StatusCodes.Status400BadRequest, http.RequestAborted);
        }
        var created = await CreatingUserEndpoint.CreateAsync(store, command, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        return TokenShown(http, created.Name, created.Role, created.Token, $"{created.Name} can now sign in.");
    }

    [WolverinePost("/workspace/people/{id}/token")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Reissue(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (_, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var token = Tokens.New();
        var written = await EventStreams.WriteAsync<User>(store, id, "person", mayStart: false, null,
            u => ReissuingTokenEndpoint.Decide(u!, token, caller.Id(), clock.GetUtcNow()), http.RequestAborted);
        if (written.Problem is not null) return WorkspaceForms.NotFound(http, "person");
        return TokenShown(http, written.State!.Name, written.State.Role, token,
            $"{written.State.Name}'s old token and every session started with it have stopped working.");
    }

    [WolverinePost("/workspace/people/{id}/revocation")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Revoke(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (_, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await EventStreams.WriteAsync<User>(store, id, "person", mayStart: false, null,
            u => RevokingTokenEndpoint.Decide(u!, caller.Id(), clock.GetUtcNow()), http.RequestAborted);
        if (written.Problem is not null) return WorkspaceForms.NotFound(http, "person");
        return WorkspaceForms.SeeOther(http, "/workspace/people", Done.Revoked, $"person-{id}");
    }

    private static IResult TokenShown(HttpContext http, string name, Role role, string token, string message) =>
        WorkspaceForms.Page<TokenPage>(http, new() { ["Name"] = name, ["Role"] = role, ["Token"] = token, ["Message"] = message });
}
