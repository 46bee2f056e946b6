using Panel.People.Keys;

namespace Panel.Workspace.Keys;

/// <summary>
/// Everyone's own API keys (create, see, revoke), and an admin's view of one person's keys (see, revoke). A new
/// key is shown once, on the page that answers the POST (never in a URL or a redirect, never cached). The
/// writes are the API's own entry points (<see cref="CreatingKeyEndpoint.CreateAsync"/>, <see cref="RevokingKeyEndpoint.RevokeAsync"/>).
/// </summary>
public static class KeyPages
{
    public const string Own = "/workspace/keys";

    public static string Of(Guid person) => $"/workspace/people/{person}/keys";

    [WolverineGet("/workspace/keys")]
    [WorkspaceOnly]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(string? done, HttpContext http, IQuerySession session, CancellationToken ct) =>
        await ShowOwn(http, session, null, WorkspaceForms.Notice(done), StatusCodes.Status200OK, ct);

    [WolverinePost("/workspace/keys")]
    [WorkspaceOnly]
    [ExcludeFromDescription]
    public static async Task<IResult> Create(ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new CreateKey(form.Text("name"));
        var problem = CreatingKeyEndpoint.Validate(command);
        if (ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            var (created, notCreated) = await CreatingKeyEndpoint.CreateAsync(store, caller, command.Name!, clock.GetUtcNow(), http.RequestAborted);
            if (created is not null) return WorkspaceForms.Page<KeyPage>(http, new() { ["Key"] = created });
            problem = notCreated!;
        }
        await using var session = store.QuerySession();
        return await ShowOwn(http, session, WorkspaceForms.Failed("create", form, problem), null, WorkspaceForms.StatusOf(problem), http.RequestAborted);
    }

    [WolverinePost("/workspace/keys/{keyId}/revocation")]
    [WorkspaceOnly]
    [ExcludeFromDescription]
    public static async Task<IResult> Revoke(Guid keyId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (_, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await RevokingKeyEndpoint.RevokeAsync(store, caller.Id(), keyId, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        // Someone else's key is as unknown here as a key that never was.
        if (written.Problem is not null) return Refused(http, written.Problem);
        return WorkspaceForms.SeeOther(http, Own, Done.KeyRevoked, $"key-{keyId}");
    }

    [WolverineGet("/workspace/people/{id}/keys")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> GetFor(Guid id, string? done, HttpContext http, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<User>(id, ct) is { } person
            ? WorkspaceForms.Page<KeysPage>(http, new() { ["Owner"] = person, ["Own"] = false, ["Notice"] = WorkspaceForms.Notice(done) })
            : WorkspaceForms.NotFound(http, "person");

    [WolverinePost("/workspace/people/{id}/keys/{keyId}/revocation")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> RevokeFor(Guid id, Guid keyId, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, TimeProvider clock)
    {
        var (_, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var written = await RevokingKeyEndpoint.RevokeAsync(store, id, keyId, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        if (written.Problem is not null) return Refused(http, written.Problem);
        return WorkspaceForms.SeeOther(http, Of(id), Done.KeyRevoked, $"key-{keyId}");
    }

    private static IResult Refused(HttpContext http, ProblemDetails problem) =>
        problem.Status == StatusCodes.Status404NotFound
            ? WorkspaceForms.NotFound(http, "API key")
            : WorkspaceForms.Refusal(http, WorkspaceForms.StatusOf(problem), "Not revoked", WorkspaceForms.Say(problem));

    private static async Task<IResult> ShowOwn(HttpContext http, IQuerySession session, FormState? form, string? notice, int status, CancellationToken ct) =>
        WorkspaceForms.Page<KeysPage>(http, new()
        {
            // Null for the configured admin, who is no stored person and holds no keys.
            ["Owner"] = await session.LoadAsync<User>(http.User.Id(), ct),
            ["Own"] = true,
            ["ViaKey"] = http.User.ViaKey(),
            ["Form"] = form,
            ["Notice"] = notice
        }, status);
}
