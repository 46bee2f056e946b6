namespace Panel.People.Keys;

/// <summary>A key as its owner (or an admin) sees it: never its hash, never the key itself.</summary>
public sealed record KeySummary(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool Active => RevokedAt is null;

    public static KeySummary Of(ApiKey key) => new(key.Id, key.Name, key.CreatedAt, key.RevokedAt);

    /// <summary>Newest first: the key just made is the one a person looks for.</summary>
    public static IReadOnlyList<KeySummary> Of(User user) =>
        user.Keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).Select(Of).ToList();
}

/// <summary>What keys share: who may hold them, and the refusals both the API and the workspace give.</summary>
public static class ApiKeys
{
    /// <summary>Enough for every script a person runs; a bound on what one leaked session could mint.</summary>
    public const int MaxActive = 20;

    public const int MaxNameLength = 100;

    public static ProblemDetails ConfiguredAdminHasNone() =>
        Problems.Conflict("configured-admin-has-no-keys", "The configured admin has no API keys.",
            "The configured admin key comes from configuration and is not a person, so it holds no API keys. " +
            "Create a person with the Admin role and give them keys instead.");

    public static ProblemDetails KeyUnknown(Guid keyId) => Problems.NotFound("API key", keyId);

    public static ProblemDetails NotWithAKey() =>
        Problems.Forbidden("An API key cannot create API keys: create them with your token, or on the workspace's Keys page after " +
                           "signing in with your token, an email link or single sign-on. Revoking a leaked key then ends what it could do.");

    public static ProblemDetails TooMany() =>
        Problems.Conflict("too-many-keys", "Too many API keys.",
            $"A person holds at most {MaxActive} working API keys; revoke one you no longer use first.");

    public static ProblemDetails PersonRevoked() =>
        Problems.Conflict("person-revoked", "The person's access is revoked.",
            "Their access was revoked: reissue their token to give it back before creating keys.");

    /// <summary>Was this request's credential (a bearer key, or a session started with one) an API key?</summary>
    public static bool ViaKey(this ClaimsPrincipal caller) => caller.HasClaim(c => c.Type == BearerAuthentication.KeyClaim);
}
