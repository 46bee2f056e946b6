using Microsoft.AspNetCore.Authentication;
using Panel.People.SignInLinks;
using Wolverine;

namespace Panel.Workspace.Sessions;

/// <summary>
/// Signing in with a link that arrived by email: asking for one (the same answer, and the same work, for any
/// address) and following one (once, before it expires, unless a newer one replaced it).
/// </summary>
public static class SigningInByLinkEndpoints
{
    [WolverinePost("/sign-in/link")]
    [ExcludeFromDescription]
    public static async Task<IResult> Request(HttpContext http, IMessageBus bus, SignInChoices choices, SignInLinkThrottle throttle, TimeProvider clock)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        if (!choices.EmailOn)
            return choices.Page(http, new() { ["Error"] = "Sign-in links are off on this service (no SMTP server is configured). Sign in with your token." },
                StatusCodes.Status409Conflict);

        var problem = new FieldErrors().Email("email", form.Text("email"), required: true).ToProblem();
        if (!ReferenceEquals(problem, WolverineContinue.NoProblems))
            return choices.Page(http, new() { ["Form"] = WorkspaceForms.Failed("link", form, problem), ["Error"] = WorkspaceForms.Say(problem) },
                StatusCodes.Status400BadRequest);

        var email = EmailAddresses.Normalize(form.Text("email")!);
        if (!throttle.TryTake(http, email, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString();
            return choices.Page(http, new()
            {
                ["Error"] = $"Too many sign-in links were asked for from your address or for this email address. Try again in {retryAfter} seconds."
            }, StatusCodes.Status429TooManyRequests);
        }

        await bus.PublishAsync(new IssueSignInLink(email, clock.GetUtcNow()));
        return WorkspaceForms.Page<SignInLinkPage>(http, new()
        {
            ["Heading"] = "Check your email",
            ["Message"] = $"If {email} belongs to someone on this service, a sign-in link is on its way to it. The link works once, for {choices.LinkMinutes} minutes.",
            ["Sent"] = true
        });
    }

    /// <summary>A link that works starts the session and lands on the workspace; one that does not says why.</summary>
    [WolverineGet("/sign-in/link/{code}")]
    [ExcludeFromDescription]
    public static async Task<IResult> Follow(string code, HttpContext http, IDocumentStore store, SignInChoices choices, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        // Never cached or handed on: the address carries a credential until it is used.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (SignInLinkCodes.UserOf(code) is not { } userId) return Refused(http, choices, LinkRefusal.Unknown);

        LinkRefusal? refusal = null;
        var written = await EventStreams.WriteAsync<User>(store, userId, "sign-in link", mayStart: false, null, user =>
        {
            var (link, why) = SignInLinkCodes.Check(user, code, now);
            refusal = why;
            return why is null ? Outcome.Append(new SignedInWithLink(user!.Id, link!.Id, now)) : Outcome.Unchanged;
        }, http.RequestAborted);
        if (refusal is { } why) return Refused(http, choices, why);
        if (written.Problem is not null || written.State is not { } person) return Refused(http, choices, LinkRefusal.Unknown);

        var principal = WorkspaceSession.Principal(person.Id, person.Name, person.Role, person.TokenHash);
        await http.SignInAsync(WorkspaceSession.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        return WorkspaceForms.SeeOther(http, "/workspace");
    }

    private static IResult Refused(HttpContext http, SignInChoices choices, LinkRefusal why)
    {
        var (heading, message) = why switch
        {
            LinkRefusal.Used => ("This link was used", "This sign-in link has already been used, and each link works once."),
            LinkRefusal.Expired => ("This link has expired", "This sign-in link is past its time."),
            LinkRefusal.Superseded => ("This link was replaced", "A newer sign-in link or invitation was sent to you since, and only the newest works."),
            LinkRefusal.Ended => ("This link no longer works", "Your access to this service was revoked, and its links ended with it. Ask an admin."),
            _ => ("This link is not valid", "This address is not a sign-in link Panel sent, or it was copied incompletely.")
        };
        var offer = why is LinkRefusal.Ended ? "" : choices.EmailOn ? " Enter your email address for a new one." : "";
        return WorkspaceForms.Page<SignInLinkPage>(http, new()
        {
            ["Heading"] = heading,
            ["Message"] = message + offer,
            ["EmailOn"] = choices.EmailOn && why is not LinkRefusal.Ended
        }, why == LinkRefusal.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone);
    }
}
