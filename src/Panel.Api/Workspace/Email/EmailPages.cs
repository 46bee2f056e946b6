using Microsoft.Extensions.Options;
using Panel.Email;
using Panel.Email.Outgoing;
using Wolverine;

namespace Panel.Workspace.Email;

/// <summary>The admin's outgoing email: the newest 200, filtered by status, and a replay per email.</summary>
public static class EmailPages
{
    public const int Shown = 200;

    [WolverineGet("/workspace/email")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Get(EmailStatus? status, string? done, HttpContext http, IQuerySession session, Mailer mailer,
        IOptions<SmtpOptions> options, CancellationToken ct)
    {
        var query = session.Query<OutgoingEmail>().AsQueryable();
        if (status is { } s) query = query.Where(x => x.Status == s);
        var emails = await query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).Take(Shown).ToListAsync(ct);
        return WorkspaceForms.Page<EmailPage>(http, new()
        {
            ["Emails"] = emails,
            ["Status"] = status,
            ["EmailOn"] = mailer.Enabled,
            ["From"] = options.Value.From,
            ["Notice"] = WorkspaceForms.Notice(done)
        });
    }

    [WolverinePost("/workspace/email/{id}/replay")]
    [WorkspaceOnly(Roles.Admin)]
    [ExcludeFromDescription]
    public static async Task<IResult> Replay(Guid id, HttpContext http, IDocumentSession session, IMessageBus bus, Mailer mailer, TimeProvider clock)
    {
        var (_, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        var (_, problem) = await OutgoingEmailsEndpoint.ReplayAsync(session, bus, mailer, id, clock.GetUtcNow(), http.RequestAborted);
        if (problem is not null)
            return problem.Status == StatusCodes.Status404NotFound
                ? WorkspaceForms.NotFound(http, "email")
                : WorkspaceForms.Refusal(http, WorkspaceForms.StatusOf(problem), "Not sent again", WorkspaceForms.Say(problem));
        return WorkspaceForms.SeeOther(http, "/workspace/email", Done.EmailReplayed, $"email-{id}");
    }
}
