using Microsoft.Extensions.Options;
using Panel.Email;
using Panel.People.CreatingUser;
using Panel.People.Inviting;
using Panel.People.ReissuingToken;
using Panel.People.RevokingToken;
using Panel.People.SettingEmail;
using Panel.People.SignInLinks;
using Panel.Workspace.Sessions;
using Wolverine;

namespace Panel.Workspace.People;

/// <summary>
/// The admin's people: create (and invite by email), set addresses, invite, reissue, revoke. A token is shown
/// once, on the page that answers the POST (never in a URL or a redirect, never cached).
/// </summary>
public static class PeoplePages
{
    [WolverineGet("/workspace/people")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(string? done, HttpContext http, IQuerySession session, Mailer mailer, CancellationToken ct) =>
        await Show(http, session, mailer, null, WorkspaceForms.Notice(done), StatusCodes.Status200OK, ct);

    private static async Task<IResult> Show(HttpContext http, IQuerySession session, Mailer mailer, FormState? form, string? notice, int status,
        CancellationToken ct) =>
        WorkspaceForms.Page<PeoplePage>(http, new()
        {
            ["People"] = await session.Query<User>().OrderBy(x => x.Name).ToListAsync(ct),
            ["Form"] = form,
            ["Notice"] = notice,
            ["EmailOn"] = mailer.Enabled
        }, status);

    [WolverinePost("/workspace/people")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Create(ClaimsPrincipal caller, HttpContext http, IDocumentStore store, IDocumentSession session, IMessageBus bus,
        Mailer mailer, IOptions<SignInOptions> signIn, IOptions<PanelOptions> panel, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var command = new CreateUser(form.Text("name"), form.Enum<Role>("role"), form.Text("email"));
        var invite = form.Text("invite") == "on";
        var problem = CreatingUserEndpoint.Validate(command);
        if (ReferenceEquals(problem, WolverineContinue.NoProblems) && invite && string.IsNullOrWhiteSpace(command.Email))
            problem = Problems.Validation("email", "Email is required to send an invitation.");
        if (!ReferenceEquals(problem, WolverineContinue.NoProblems))
            return await Show(http, session, mailer, WorkspaceForms.Failed("create", form, problem), null, StatusCodes.Status400BadRequest, http.RequestAborted);

        var (created, taken) = await CreatingUserEndpoint.CreateAsync(store, command, caller.Id(), clock.GetUtcNow(), http.RequestAborted);
        if (taken is not null)
            return await Show(http, session, mailer, WorkspaceForms.Failed("create", form, Problems.Validation("email", taken.Title + " " + taken.Detail)), null,
                StatusCodes.Status409Conflict, http.RequestAborted);

        var message = $"{created!.Name} can now sign in.";
        if (invite)
        {
            var (sent, notSent) = await InvitingEndpoint.InviteAsync(session, bus, mailer, signIn.Value, panel.Value, created.Id, caller.Id(),
                clock.GetUtcNow(), http.RequestAborted);
            message = sent is not null
                ? $"{created.Name} can now sign in: an invitation is on its way to {sent.Email}."
                : $"{created.Name} can now sign in with the token below. No invitation was sent: {WorkspaceForms.Say(notSent!)}";
        }
        return TokenShown(http, created.Name, created.Role, created.Token, message);
    }

    [WolverinePost("/workspace/people/{id}/email")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> SetEmail(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentStore store, Mailer mailer, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var key = $"email-{id}";
        var problem = SettingEmailEndpoint.Validate(new SetEmail(form.Text("email")));
        if (ReferenceEquals(problem, WolverineContinue.NoProblems))
        {
            var written = await SettingEmailEndpoint.SetAsync(store, id, form.Text("email")!, caller.Id(), clock.GetUtcNow(), null, http.RequestAborted);
            if (written.Problem is null) return WorkspaceForms.SeeOther(http, "/workspace/people", Done.EmailSet, $"person-{id}");
            if (written.Problem.Status == StatusCodes.Status404NotFound) return WorkspaceForms.NotFound(http, "person");
            problem = Problems.Validation("email", $"{written.Problem.Title} {written.Problem.Detail}");
            problem.Status = written.Problem.Status;
        }
        await using var session = store.QuerySession();
        return await Show(http, session, mailer, WorkspaceForms.Failed(key, form, problem), null, WorkspaceForms.StatusOf(problem), http.RequestAborted);
    }

    [WolverinePost("/workspace/people/{id}/invitation")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Invite(Guid id, ClaimsPrincipal caller, HttpContext http, IDocumentSession session, IMessageBus bus, Mailer mailer,
        IOptions<SignInOptions> signIn, IOptions<PanelOptions> panel, TimeProvider clock)
    {
        var (_, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var (_, problem) = await InvitingEndpoint.InviteAsync(session, bus, mailer, signIn.Value, panel.Value, id, caller.Id(), clock.GetUtcNow(),
            http.RequestAborted);
        if (problem is null) return WorkspaceForms.SeeOther(http, "/workspace/people", Done.Invited, $"person-{id}");
        if (problem.Status == StatusCodes.Status404NotFound) return WorkspaceForms.NotFound(http, "person");
        return await Show(http, session, mailer, new FormState($"invite-{id}", new Dictionary<string, string>(), new Dictionary<string, string[]>(),
            WorkspaceForms.Say(problem)), null, WorkspaceForms.StatusOf(problem), http.RequestAborted);
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
