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

/// <summary>The person's token stops working and no new one is issued (someone who left, a lost device).</summary>
public sealed record TokenRevoked(Guid UserId, Guid By, DateTimeOffset At);

/// <summary>A person and their credential. Only the SHA-256 of the token is ever stored.</summary>
public sealed record User(Guid Id, string Name, Role Role, string TokenHash, DateTimeOffset RegisteredAt, DateTimeOffset TokenIssuedAt)
{
    public DateTimeOffset? TokenRevokedAt { get; init; }

    public static User Create(UserRegistered e) => new(e.UserId, e.Name, e.Role, e.TokenHash, e.At, e.At);

    public User Apply(TokenReissued e) => this with { TokenHash = e.TokenHash, TokenIssuedAt = e.At, TokenRevokedAt = null };

    /// <summary>No token hashes to this placeholder (it is not hex), and it stays unique per person.</summary>
    public User Apply(TokenRevoked e) => this with { TokenHash = $"revoked:{e.UserId}", TokenRevokedAt = e.At };
}

/// <summary>Who acts when the configured admin key is used: not a stored user, so it has a fixed id.</summary>
public static class ConfiguredAdmin
{
    public static readonly Guid Id = new("00000000-0000-4000-8000-0000000000ad");
    public const string Name = "Configured admin";
}
