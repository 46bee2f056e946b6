using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Panel.Workspace.Sessions;

/// <summary>
/// Configuration section <c>Panel:Oidc</c>: the organisation's OpenID Connect provider. Without an authority
/// single sign-on is off and the sign-in page does not offer it; half a configuration stops the start.
/// </summary>
public sealed class SingleSignOnOptions
{
    /// <summary>The provider's issuer, e.g. <c>https://login.example.org/realms/staff</c> (its discovery document lives beneath it).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The provider as the button names it: "Sign in with {DisplayName}".</summary>
    public string? DisplayName { get; set; }

    /// <summary>Only for a test provider on plain http: the discovery document and keys are otherwise fetched over https only.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The authority's origin: where the sign-in form's redirect may go (the page's form-action).</summary>
    public string Origin => new Uri(Authority!.Trim()).GetLeftPart(UriPartial.Authority);

    public void Validate()
    {
        var given = new[] { Authority, ClientId, ClientSecret, DisplayName };
        if (given.All(string.IsNullOrWhiteSpace)) return;
        var missing = new[] { nameof(Authority), nameof(ClientId), nameof(ClientSecret), nameof(DisplayName) }
            .Where((_, i) => string.IsNullOrWhiteSpace(given[i])).Select(x => "Panel:Oidc:" + x).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"Single sign-on needs all four of Panel:Oidc:Authority, ClientId, ClientSecret and DisplayName; missing: {string.Join(", ", missing)}.");
        if (!Uri.TryCreate(Authority!.Trim(), UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http") || authority.Query != "" || authority.Fragment != "")
            throw new InvalidOperationException($"Panel:Oidc:Authority must be the provider's absolute https address, without query (it is '{Authority}').");
        if (authority.Scheme == "http" && RequireHttpsMetadata)
            throw new InvalidOperationException("Panel:Oidc:Authority is http: the provider's keys would travel unprotected. Use https (Panel:Oidc:RequireHttpsMetadata=false is for test providers only).");
        if (DisplayName!.Trim().Length > 60)
            throw new InvalidOperationException("Panel:Oidc:DisplayName must be at most 60 characters: it names a button.");
    }
}

/// <summary>
/// Single sign-on with the organisation's OpenID Connect provider: authorization code flow with PKCE. The
/// provider's answer lands in a short-lived cookie of its own (<see cref="ExternalScheme"/>), never in the
/// workspace session; <see cref="SingleSignOnEndpoints.Complete"/> then matches the ID token's email, only when
/// the provider says it verified it, to a person, and starts Panel's own session for them. Nobody is created.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "Oidc";
    public const string ExternalScheme = "OidcExternal";
    public const string CallbackPath = "/sign-in/sso/callback";
    public const string CompletePath = "/sign-in/sso/complete";
    public const string ReturnUrlItem = "panel:returnUrl";

    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        var section = configuration.GetSection("Panel:Oidc");
        var sso = section.Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
        sso.Validate();
        auth.Services.Configure<SingleSignOnOptions>(section);
        if (!sso.Enabled) return auth;

        var publicUrl = configuration["Panel:PublicUrl"]?.Trim().TrimEnd('/');
        auth.AddCookie(ExternalScheme, o =>
        {
            // Holds the provider's claims from the callback to the completion, a redirect later; then it is deleted.
            o.Cookie.Name = "panel_sso";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            o.SlidingExpiration = false;
        });
        return auth.AddOpenIdConnect(Scheme, sso.DisplayName!.Trim(), o =>
        {
            o.Authority = sso.Authority!.Trim();
            o.ClientId = sso.ClientId!.Trim();
            o.ClientSecret = sso.ClientSecret!.Trim();
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The code comes back on a top-level GET: the state and nonce cookies can then be SameSite=Lax, so they
            // work over plain http too (SameSite=None needs Secure), and no cross-site POST is needed.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("email");
            o.Scope.Add("profile");
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            // Providers that keep email out of the ID token give it at the userinfo endpoint; the ID token's claims win.
            o.GetClaimsFromUserInfoEndpoint = true;
            o.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
            o.CallbackPath = CallbackPath;
            o.SignInScheme = ExternalScheme;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events = new OpenIdConnectEvents
            {
                OnRedirectToIdentityProvider = context =>
                {
                    // The redirect URI registered at the provider: built from the configured address, not the request's Host.
                    if (!string.IsNullOrEmpty(publicUrl)) context.ProtocolMessage.RedirectUri = publicUrl + CallbackPath;
                    return Task.CompletedTask;
                },
                OnRemoteFailure = RemoteFailure
            };
        });
    }

    /// <summary>
    /// The provider said no (the person cancelled, or was refused), or the answer cannot be trusted (a state that is
    /// not this browser's, an expired attempt, a code the provider will not redeem): a page that says so, never a 500.
    /// </summary>
    private static async Task RemoteFailure(RemoteFailureContext context)
    {
        var http = context.HttpContext;
        var name = context.Scheme.DisplayName ?? "your provider";
        var error = context.Failure?.Data["error"] as string;
        var detail = context.Failure?.Message;
        // The person's doing (cancelled, an old or replayed answer) is routine; anything else (a wrong client secret,
        // a provider error, an ID token that does not validate) is the operator's to look at.
        var routine = error is "access_denied" or "invalid_grant" or "login_required" or "consent_required" or "interaction_required"
            || (error is null && detail is not null && (detail.Contains("state", StringComparison.OrdinalIgnoreCase) || detail.Contains("Correlation", StringComparison.Ordinal)));
        Log(http, "remote-failure", error is null ? detail : $"{error}: {detail}", level: routine ? LogLevel.Information : LogLevel.Warning);
        var page = error == "access_denied"
            ? WorkspaceForms.Refusal(http, StatusCodes.Status403Forbidden, "Single sign-on was cancelled",
                $"{name} did not sign you in (you cancelled, or it refused). Nothing changed here; sign in again or another way.")
            : WorkspaceForms.Refusal(http, StatusCodes.Status400BadRequest, "Single sign-on did not finish",
                $"The answer from {name} could not be used: the attempt expired, was started in another browser, or {name} refused it. Start again from the sign-in page.");
        await page.ExecuteAsync(http);
        context.HandleResponse();
    }

    /// <summary>
    /// One line per refusal: why, and the address's domain only (the address itself is personal data). The
    /// handler's own log lines are left out (appsettings.json): they call a person's cancel an error.
    /// </summary>
    public static void Log(HttpContext http, string reason, string? detail, string? email = null, LogLevel level = LogLevel.Information)
    {
        var domain = email is null ? null : email[(email.LastIndexOf('@') + 1)..];
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Panel.SingleSignOn")
            .Log(level, "Single sign-on refused ({Reason}; address at {Domain}): {Detail}", reason, domain ?? "(none)", detail ?? "");
    }
}

public static class SingleSignOnEndpoints
{
    /// <summary>The button on the sign-in page: off to the provider, with the page to land on kept in the (protected) state.</summary>
    [WolverinePost("/sign-in/sso")]
    [ExcludeFromDescription]
    public static async Task<IResult> Start(HttpContext http, SignInChoices choices)
    {
        if (choices.SsoName is null)
            return WorkspaceForms.Refusal(http, StatusCodes.Status404NotFound, "Not found", "Single sign-on is not configured on this service. Sign in another way.");
        var (form, refused) = await WorkspaceForms.ReadAsync(http);
        if (refused is not null) return refused;

        var properties = new AuthenticationProperties { RedirectUri = SingleSignOn.CompletePath };
        properties.SetString(SingleSignOn.ReturnUrlItem, SigningInEndpoints.LocalOrHome(form.Text("returnUrl")));
        try
        {
            await http.ChallengeAsync(SingleSignOn.Scheme, properties);
            return Results.Empty;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The provider's discovery document, keys or pushed-request endpoint did not answer.
            SingleSignOn.Log(http, "provider-unreachable", e.Message, level: LogLevel.Warning);
            http.Response.Headers.Location = default;
            return WorkspaceForms.Refusal(http, StatusCodes.Status502BadGateway, $"{choices.SsoName} does not answer",
                $"Panel could not reach {choices.SsoName} to sign you in. Try again in a moment, or sign in another way.");
        }
    }

    /// <summary>
    /// Back from the provider: the verified email of the ID token names the person, whose own session starts here.
    /// An address nobody has, one the provider did not verify, or a revoked person: a refusal page, and no person made.
    /// </summary>
    [WolverineGet("/sign-in/sso/complete")]
    [ExcludeFromDescription]
    public static async Task<IResult> Complete(HttpContext http, IDocumentStore store, SignInChoices choices)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (choices.SsoName is not { } name)
            return WorkspaceForms.Refusal(http, StatusCodes.Status404NotFound, "Not found", "Single sign-on is not configured on this service. Sign in another way.");
        var external = await http.AuthenticateAsync(SingleSignOn.ExternalScheme);
        // The provider's claims are needed for this one request only.
        await http.SignOutAsync(SingleSignOn.ExternalScheme);
        if (!external.Succeeded || external.Principal is not { } principal)
        {
            SingleSignOn.Log(http, "no-answer", external.Failure?.Message);
            return WorkspaceForms.Refusal(http, StatusCodes.Status400BadRequest, "Single sign-on did not finish",
                $"No answer from {name} is waiting here (it expired, or this page was opened again). Start again from the sign-in page.");
        }

        var email = principal.FindFirstValue("email")?.Trim();
        if (string.IsNullOrEmpty(email) || EmailAddresses.Problem("email", email) is not null)
        {
            SingleSignOn.Log(http, "no-email", null);
            return Refused(http, "Your provider gave no address", $"{name} did not tell Panel your email address, and Panel knows people by it. Sign in another way, or ask an admin.");
        }
        email = EmailAddresses.Normalize(email);
        if (!string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
        {
            SingleSignOn.Log(http, "unverified", null, email);
            return Refused(http, "Your provider did not confirm the address",
                $"{name} does not say that {email} is confirmed as yours, so Panel does not sign you in with it. Confirm it at {name}, or sign in another way.");
        }

        await using var session = store.QuerySession();
        var user = await session.Query<User>().FirstOrDefaultAsync(x => x.Email == email, http.RequestAborted);
        if (user is null)
        {
            SingleSignOn.Log(http, "unknown", null, email);
            return Refused(http, "No person here has this address",
                $"No person here has the address {email}. Panel does not create people at sign-in: ask an admin to add it to yours.");
        }
        if (user.Revoked)
        {
            SingleSignOn.Log(http, "revoked", null, email);
            return Refused(http, "Your access was revoked", "Your access to this service was revoked, and single sign-on does not restore it. Ask an admin.");
        }

        var returnUrl = SigningInEndpoints.LocalOrHome(external.Properties?.GetString(SingleSignOn.ReturnUrlItem));
        await http.SignInAsync(WorkspaceSession.Scheme, WorkspaceSession.Principal(user.Id, user.Name, user.Role, user.TokenHash),
            new AuthenticationProperties { IsPersistent = false });
        return WorkspaceForms.SeeOther(http, returnUrl);
    }

    private static IResult Refused(HttpContext http, string title, string message) =>
        WorkspaceForms.Refusal(http, StatusCodes.Status403Forbidden, title, message);
}
