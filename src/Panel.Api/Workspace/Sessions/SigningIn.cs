using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Panel.Email;
using Panel.People.SignInLinks;

namespace Panel.Workspace.Sessions;

/// <summary>The ways in this service offers on the sign-in page: a link by email, single sign-on, a token.</summary>
public sealed class SignInChoices(Mailer mailer, IOptions<SignInOptions> signIn, IOptions<SingleSignOnOptions> sso)
{
    public bool EmailOn => mailer.Enabled;
    public int LinkMinutes => (int)Math.Round(signIn.Value.LinkMinutes);

    /// <summary>The organisation's provider as the button names it; null when single sign-on is not configured.</summary>
    public string? SsoName { get; set; } = sso.Value.Enabled ? sso.Value.DisplayName!.Trim() : null;

    /// <summary>Where the single sign-on form's redirect goes: a form-action the sign-in page must allow.</summary>
    private readonly string? _ssoOrigin = sso.Value.Enabled ? sso.Value.Origin : null;

    public IResult Page(HttpContext http, Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
    {
        parameters["EmailOn"] = EmailOn;
        parameters["LinkMinutes"] = LinkMinutes;
        parameters["SsoName"] = SsoName;
        var page = WorkspaceForms.Page<SignInPage>(http, parameters, status);
        // A form's redirect is held to the page's form-action too: the provider's origin, beside 'self'.
        if (SsoName is not null && _ssoOrigin is not null)
            http.Response.Headers.ContentSecurityPolicy = WorkspaceForms.ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {_ssoOrigin}");
        return page;
    }
}

public static class SigningInEndpoints
{
    [WolverineGet("/sign-in")]
    [ExcludeFromDescription]
    public static IResult Get(string? returnUrl, string? done, HttpContext http, SignInChoices choices) =>
        choices.Page(http, new()
        {
            ["ReturnUrl"] = LocalOrHome(returnUrl),
            ["Notice"] = WorkspaceForms.Notice(done)
        });

    /// <summary>A token that belongs to nobody re-renders the form with the error; a good one starts the session.</summary>
    [WolverinePost("/sign-in")]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(HttpContext http, IDocumentStore store, IOptions<PanelOptions> panel, CredentialBrake brake, SignInChoices choices)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;

        var returnUrl = LocalOrHome(form.Text("returnUrl"));
        var token = form.Text("token") ?? "";
        var principal = string.IsNullOrWhiteSpace(token) ? null : await WorkspaceSession.SignInAs(token, store, panel.Value, http.RequestAborted);
        if (principal is null)
        {
            // The same brake as bearer credentials: guessing through the form is no faster than through the API,
            // and a correct token is let in whatever the brake says.
            if (!string.IsNullOrWhiteSpace(token) && await brake.FailedAsync(http, token, http.RequestAborted) is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = retryAfter.ToString();
                var braked = $"Too many wrong tokens came from your address or to this service. Try again in {retryAfter} seconds.";
                return choices.Page(http, new() { ["ReturnUrl"] = returnUrl, ["Error"] = braked, ["TokenError"] = braked },
                    StatusCodes.Status429TooManyRequests);
            }
            var error = string.IsNullOrWhiteSpace(token)
                ? "Token is required."
                : "That token is not valid. It may have been reissued or revoked; ask an admin for a new one.";
            return choices.Page(http, new() { ["ReturnUrl"] = returnUrl, ["Error"] = error, ["TokenError"] = error }, StatusCodes.Status400BadRequest);
        }

        await http.SignInAsync(WorkspaceSession.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        return WorkspaceForms.SeeOther(http, returnUrl);
    }

    [WolverinePost("/sign-out")]
    [WorkspaceOnly]
    [ExcludeFromDescription]
    public static async Task<IResult> SignOut(HttpContext http)
    {
        var (_, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;
        await http.SignOutAsync(WorkspaceSession.Scheme);
        return WorkspaceForms.SeeOther(http, "/sign-in", Done.SignedOut);
    }

    /// <summary>
    /// Only a well-formed path on this site (never "//elsewhere" or "/\elsewhere": no open redirect), in
    /// ASCII so the Location header can carry it; anything doubtful goes to the workspace (<see cref="LocalRedirects"/>).
    /// </summary>
    public static string LocalOrHome(string? url) => LocalRedirects.Local(url) ?? "/workspace";
}
