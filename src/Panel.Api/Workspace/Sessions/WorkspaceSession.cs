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
/// reissuing the token ends every session at once. A session started with an API key also names the key,
/// and ends when the key is revoked. The JSON API never reads this cookie (no CSRF there).
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

    /// <summary><paramref name="keyId"/>: the API key the session was started with, if it was (it ends with that key too).</summary>
    public static ClaimsPrincipal Principal(Guid id, string name, Role role, string tokenHash, Guid? keyId = null)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, id.ToString()),
            new Claim(ClaimTypes.Name, name),
            new Claim(ClaimTypes.Role, role.ToString()),
            new Claim(FingerprintClaim, Fingerprint(tokenHash))
        ], Scheme);
        if (keyId is not null) identity.AddClaim(new Claim(BearerAuthentication.KeyClaim, keyId.Value.ToString()));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The person a token or API key belongs to, as a session principal; null for one nobody holds.</summary>
    public static async Task<ClaimsPrincipal?> SignInAs(string token, IDocumentStore store, PanelOptions panel, CancellationToken ct)
    {
        token = token.Trim();
        if (token.Length is 0 or > 200) return null;
        var adminKey = panel.AdminKey?.Trim();
        if (!string.IsNullOrEmpty(adminKey) && Tokens.SameSecret(token, adminKey))
            return Principal(ConfiguredAdmin.Id, ConfiguredAdmin.Name, Role.Admin, Tokens.Hash(adminKey));

        await using var session = store.QuerySession();
        var (user, keyId) = await BearerAuthentication.FindAsync(session, Tokens.Hash(token), ct);
        return user is null ? null : Principal(user.Id, user.Name, user.Role, user.TokenHash, keyId);
    }

    /// <summary>Every request: is the token this session was started with still the person's token (and its key still working)?</summary>
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
            // A session started with an API key lasts no longer than the key.
            if (principal.FindFirstValue(BearerAuthentication.KeyClaim) is { } key &&
                !(Guid.TryParse(key, out var keyId) && user?.Keys.Any(k => k.Id == keyId && k.Active) == true)) current = null;
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
