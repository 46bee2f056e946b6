using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Panel.Pages;

namespace Panel.Workspace.Sessions;

/// <summary>
/// Browser sessions for the workspace: a cookie beside the API's bearer scheme. The cookie (encrypted
/// with the Data Protection keys kept in PostgreSQL) names the person, their role and a fingerprint of
/// their token's hash; every request checks the fingerprint against the stored person, so revoking or
/// reissuing the token ends every session at once. The JSON API never reads this cookie (no CSRF there).
/// </summary>
public static class WorkspaceSession
{
    public const string Scheme = "Workspace";
    public const string CookieName = "panel_session";
    public const string FingerprintClaim = "panel:token-fingerprint";

    public static AuthenticationBuilder AddWorkspaceSessions(this AuthenticationBuilder auth)
    {
        auth.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "panel_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = WorkspaceForms.AntiforgeryField;
            // Every answer already says X-Frame-Options: DENY (SecurityHeaders).
            o.SuppressXFrameOptionsHeader = true;
        });
        return auth.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.LoginPath = "/sign-in";
            o.ReturnUrlParameter = "returnUrl";
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = Validate,
                OnRedirectToLogin = context =>
                {
                    // 303 to a local return address only; never an absolute URL taken from the request.
                    var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                    context.Response.StatusCode = StatusCodes.Status303SeeOther;
                    context.Response.Headers.Location = "/sign-in?returnUrl=" + Uri.EscapeDataString(back);
                    return Task.CompletedTask;
                },
                OnRedirectToAccessDenied = context => WorkspaceForms.Refusal(context.HttpContext, StatusCodes.Status403Forbidden,
                    "Not allowed", "Your role does not open this page. Your workspace has what you can do.")
                    .ExecuteAsync(context.HttpContext)
            };
        });
    }

    /// <summary>A fingerprint of the stored token hash: changes when the token is reissued or revoked.</summary>
    public static string Fingerprint(string tokenHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("panel-session:" + tokenHash)))[..32];

    public static ClaimsPrincipal Principal(Guid id, string name, Role role, string tokenHash) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, id.ToString()),
            new Claim(ClaimTypes.Name, name),
            new Claim(ClaimTypes.Role, role.ToString()),
            new Claim(FingerprintClaim, Fingerprint(tokenHash))
        ], Scheme));

    /// <summary>The person a token belongs to, as a session principal; null for a token nobody holds.</summary>
    public static async Task<ClaimsPrincipal?> SignInAs(string token, IDocumentStore store, PanelOptions panel, CancellationToken ct)
    {
        token = token.Trim();
        if (token.Length is 0 or > 200) return null;
        var adminKey = panel.AdminKey?.Trim();
        if (!string.IsNullOrEmpty(adminKey) && Tokens.SameSecret(token, adminKey))
            return Principal(ConfiguredAdmin.Id, ConfiguredAdmin.Name, Role.Admin, Tokens.Hash(adminKey));

        var hash = Tokens.Hash(token);
        await using var session = store.QuerySession();
        var user = await session.Query<User>().FirstOrDefaultAsync(x => x.TokenHash == hash, ct);
        return user is null ? null : Principal(user.Id, user.Name, user.Role, user.TokenHash);
    }

    /// <summary>Every request: is the token this session was started with still the person's token?</summary>
    private static async Task Validate(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var fingerprint = principal?.FindFirstValue(FingerprintClaim);
        if (principal is null || fingerprint is null || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await Reject(context);
            return;
        }

        string? current;
        Role? role;
        if (id == ConfiguredAdmin.Id)
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<PanelOptions>>().Value.AdminKey?.Trim();
            current = string.IsNullOrEmpty(key) ? null : Tokens.Hash(key);
            role = Role.Admin;
        }
        else
        {
            var store = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
            await using var session = store.QuerySession();
            var user = await session.LoadAsync<User>(id, context.HttpContext.RequestAborted);
            current = user?.TokenRevokedAt is null ? user?.TokenHash : null;
            role = user?.Role;
        }

        if (current is null || role?.ToString() != principal.FindFirstValue(ClaimTypes.Role) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Fingerprint(current)), Encoding.ASCII.GetBytes(fingerprint)))
        {
            await Reject(context);
        }
    }

    private static async Task Reject(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }
}
