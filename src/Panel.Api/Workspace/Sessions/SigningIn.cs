using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Panel.Workspace.Sessions;

public static class SigningInEndpoints
{
    [WolverineGet("/sign-in")]
    [ExcludeFromDescription]
    public static IResult Get(string? returnUrl, string? done, HttpContext http) =>
        WorkspaceForms.Page<SignInPage>(http, new()
        {
            ["ReturnUrl"] = LocalOrHome(returnUrl),
            ["Notice"] = WorkspaceForms.Notice(done)
        });

    /// <summary>A token that belongs to nobody re-renders the form with the error; a good one starts the session.</summary>
    [WolverinePost("/sign-in")]
    [ExcludeFromDescription]
    public static async Task<IResult> Post(HttpContext http, IDocumentStore store, IOptions<PanelOptions> panel, CredentialBrake brake)
    {
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;

        var returnUrl = LocalOrHome(form.Text("returnUrl"));
        var token = form.Text("token") ?? "";
        // The same brake as bearer credentials: guessing through the form is no faster than through the API.
        if (brake.IsBlocked(http, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString();
            return WorkspaceForms.Page<SignInPage>(http, new()
            {
                ["ReturnUrl"] = returnUrl,
                ["Error"] = $"Too many wrong tokens came from your address. Try again in {retryAfter} seconds."
            }, StatusCodes.Status429TooManyRequests);
        }
        var principal = string.IsNullOrWhiteSpace(token) ? null : await WorkspaceSession.SignInAs(token, store, panel.Value, http.RequestAborted);
        if (principal is null)
        {
            if (!string.IsNullOrWhiteSpace(token)) brake.Failed(http);
            return WorkspaceForms.Page<SignInPage>(http, new()
            {
                ["ReturnUrl"] = returnUrl,
                ["Error"] = string.IsNullOrWhiteSpace(token)
                    ? "Token is required."
                    : "That token is not valid. It may have been reissued or revoked; ask an admin for a new one."
            }, StatusCodes.Status400BadRequest);
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
