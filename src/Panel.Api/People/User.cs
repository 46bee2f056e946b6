namespace Panel.People;

public enum Role { Reviewer, Editor, Admin }

/// <summary>Role names as ASP.NET's [Authorize(Roles = …)] wants them.</summary>
public static class Roles
{
    public const string Reviewer = nameof(Role.Reviewer);
    public const string Editor = nameof(Role.Editor);
    public const string Admin = nameof(Role.Admin);
    public const string EditorOrAdmin = Editor + "," + Admin;
}

public sealed record UserRegistered(Guid UserId, string Name, Role Role, string TokenHash, Guid By, DateTimeOffset At);

/// <summary>A new token replaces the old one, which stops working at once.</summary>
public sealed record TokenReissued(Guid UserId, string TokenHash, Guid By, DateTimeOffset At);

/// <summary>
/// The person's access ends: their token, every API key, every unused sign-in link and every session stop
/// working at once (someone who left, a lost device). Reissuing a token gives access back with a new token.
/// </summary>
public sealed record TokenRevoked(Guid UserId, Guid By, DateTimeOffset At);

/// <summary>The person's email address, set or changed (trimmed and lower-cased: compared case-insensitively).</summary>
public sealed record EmailAddressSet(Guid UserId, string Email, Guid By, DateTimeOffset At);

public enum LinkPurpose { Invitation, SignIn }

/// <summary>
/// A one-time sign-in link went out by email (an admin's invitation, or one the person asked for). Only the
/// SHA-256 of its code is kept; every earlier unused link of the person is superseded by it.
/// </summary>
public sealed record SignInLinkIssued(Guid UserId, Guid LinkId, LinkPurpose Purpose, string CodeHash, string Email,
    DateTimeOffset ExpiresAt, Guid By, DateTimeOffset At);

/// <summary>The person followed a link and a session started.</summary>
public sealed record SignedInWithLink(Guid UserId, Guid LinkId, DateTimeOffset At);

/// <summary>A personal API key for scripts (a bearer credential like the token), named by its owner; only its hash is kept.</summary>
public sealed record ApiKeyCreated(Guid UserId, Guid KeyId, string Name, string KeyHash, Guid By, DateTimeOffset At);

public sealed record ApiKeyRevoked(Guid UserId, Guid KeyId, Guid By, DateTimeOffset At);

/// <summary>One sign-in link as the person's record keeps it: enough to say why a code no longer works.</summary>
public sealed record SignInLink(Guid Id, LinkPurpose Purpose, string CodeHash, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    public DateTimeOffset? UsedAt { get; init; }
    public DateTimeOffset? SupersededAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

public sealed record ApiKey(Guid Id, string Name, string Hash, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? RevokedAt { get; init; }
    public bool Active => RevokedAt is null;
}

/// <summary>A person and their credentials. Only hashes of tokens, keys and link codes are ever stored.</summary>
public sealed record User(Guid Id, string Name, Role Role, string TokenHash, DateTimeOffset RegisteredAt, DateTimeOffset TokenIssuedAt)
{
    /// <summary>How many links the record remembers: older codes are simply not valid any more.</summary>
    public const int LinksKept = 10;

    public DateTimeOffset? TokenRevokedAt { get; init; }

    /// <summary>Lower-case, trimmed; unique among people (a unique index says so).</summary>
    public string? Email { get; init; }

    public IReadOnlyList<SignInLink> Links { get; init; } = [];

    public IReadOnlyList<ApiKey> Keys { get; init; } = [];

    /// <summary>The hashes of the keys that work (queried by the bearer scheme).</summary>
    public IReadOnlyList<string> ActiveKeyHashes { get; init; } = [];

    public bool Revoked => TokenRevokedAt is not null;

    public static User Create(UserRegistered e) => new(e.UserId, e.Name, e.Role, e.TokenHash, e.At, e.At);

    public User Apply(TokenReissued e) => this with { TokenHash = e.TokenHash, TokenIssuedAt = e.At, TokenRevokedAt = null };

    /// <summary>No token hashes to this placeholder (it is not hex), and it stays unique per person.</summary>
    public User Apply(TokenRevoked e) => WithKeys(Keys.Select(k => k.Active ? k with { RevokedAt = e.At } : k)) with
    {
        TokenHash = $"revoked:{e.UserId}",
        TokenRevokedAt = e.At,
        Links = Links.Select(l => l.UsedAt is null && l.SupersededAt is null && l.EndedAt is null ? l with { EndedAt = e.At } : l).ToList()
    };

    public User Apply(EmailAddressSet e) => this with { Email = e.Email };

    public User Apply(SignInLinkIssued e) => this with
    {
        Links = Links.Select(l => l.UsedAt is null && l.SupersededAt is null && l.EndedAt is null ? l with { SupersededAt = e.At } : l)
            .Append(new SignInLink(e.LinkId, e.Purpose, e.CodeHash, e.At, e.ExpiresAt))
            .TakeLast(LinksKept).ToList()
    };

    public User Apply(SignedInWithLink e) => this with
    {
        Links = Links.Select(l => l.Id == e.LinkId ? l with { UsedAt = e.At } : l).ToList()
    };

    public User Apply(ApiKeyCreated e) => WithKeys(Keys.Append(new ApiKey(e.KeyId, e.Name, e.KeyHash, e.At)));

    public User Apply(ApiKeyRevoked e) => WithKeys(Keys.Select(k => k.Id == e.KeyId && k.Active ? k with { RevokedAt = e.At } : k));

    private User WithKeys(IEnumerable<ApiKey> keys)
    {
        var list = keys.ToList();
        return this with { Keys = list, ActiveKeyHashes = list.Where(k => k.Active).Select(k => k.Hash).ToList() };
    }
}

/// <summary>Who acts when the configured admin key is used: not a stored user, so it has a fixed id.</summary>
public static class ConfiguredAdmin
{
    public static readonly Guid Id = new("00000000-0000-4000-8000-0000000000ad");
    public const string Name = "Configured admin";
}
