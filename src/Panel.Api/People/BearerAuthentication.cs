using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Panel.People;

/// <summary>
/// Who is calling comes from the bearer token alone: the configured admin key, a user's token, or one of a
/// user's API keys, the last two looked up by their hash. 401 and 403 answers are problem details like
/// every other error.
/// </summary>
public sealed class BearerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    IOptions<PanelOptions> panel,
    CredentialBrake brake,
    Callers callers)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>The id of the API key a caller presented (absent for a token): what a key may not do is decided on it.</summary>
    public const string KeyClaim = "panel:api-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        // Checked first, whatever the brake says: a correct credential always gets in.
        var result = await Authenticate(header);
        if (result.Failure is null) return result;
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..] : header;
        if (await brake.FailedAsync(Context, presented, Context.RequestAborted) is { } retryAfter)
        {
            Context.Items[CredentialBrake.BlockedItem] = retryAfter;
            return AuthenticateResult.Fail("Too many wrong credentials.");
        }
        return result;
    }

    private async Task<AuthenticateResult> Authenticate(string header)
    {
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("The bearer token is not valid.");

        // The presented token is trimmed, so the configured key is compared trimmed too.
        var adminKey = panel.Value.AdminKey?.Trim();
        if (!string.IsNullOrEmpty(adminKey) && Tokens.SameSecret(token, adminKey))
            return Success(ConfiguredAdmin.Id, ConfiguredAdmin.Name, Role.Admin);

        var hash = Tokens.Hash(token);
        if (callers.TryGet(hash, out var known)) return Success(known.Id, known.Name, known.Role, known.KeyId);
        var before = callers.Epoch;
        await using var session = store.QuerySession();
        var (user, keyId) = await FindAsync(session, hash, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("The bearer token is not valid.");
        callers.Keep(hash, user, keyId, before);
        return Success(user.Id, user.Name, user.Role, keyId);
    }

    /// <summary>
    /// The person whose token this hash is, else the person with a working API key of this hash (a containment
    /// query the GIN index on the person's document answers; a revoked key's hash has left that list).
    /// </summary>
    public static async Task<(User? User, Guid? KeyId)> FindAsync(IQuerySession session, string hash, CancellationToken ct)
    {
        if (await session.Query<User>().FirstOrDefaultAsync(x => x.TokenHash == hash, ct) is { } holder) return (holder, null);
        var owner = await session.Query<User>().FirstOrDefaultAsync(x => x.ActiveKeyHashes.Contains(hash), ct);
        return owner?.Keys.FirstOrDefault(k => k.Active && k.Hash == hash) is { } key ? (owner, key.Id) : (null, null);
    }

    private AuthenticateResult Success(Guid id, string name, Role role, Guid? keyId = null)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, id.ToString()),
                new Claim(ClaimTypes.Name, name),
                new Claim(ClaimTypes.Role, role.ToString())
            ], SchemeName);
        if (keyId is not null) identity.AddClaim(new Claim(KeyClaim, keyId.Value.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        if (Context.Items[CredentialBrake.BlockedItem] is int retryAfter)
        {
            Response.Headers.RetryAfter = retryAfter.ToString();
            await new ProblemDetails
            {
                Type = Problems.TypeBase + "too-many-failed-credentials",
                Title = "Too many wrong credentials.",
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"Too many wrong credentials came from this address, for this credential or to this service; try again in {retryAfter} seconds. A correct credential is never refused."
            }.ToResult().ExecuteAsync(Context);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = failure?.Message ?? "Send 'Authorization: Bearer <token>'.";
        await Problems.Unauthorized(detail).ToResult().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden("Your role does not allow this.").ToResult().ExecuteAsync(Context);
}

public static class CallerExtensions
{
    public static Guid Id(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Name) ?? "";

    public static Role Role(this ClaimsPrincipal user) =>
        Enum.Parse<Role>(user.FindFirstValue(ClaimTypes.Role)!);
}
