using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Panel.People;

/// <summary>
/// Who a bearer token or API key belongs to (by its hash), held in memory so a request costs no lookup. Revocation stays
/// immediate: any change to a person's document (a reissued or revoked token, a revoked key, a new role) drops their
/// entries when it commits in this process, and in every other process when PostgreSQL's notification
/// arrives (<see cref="Changes"/>). While a process is not listening it may miss one, so it caches
/// nothing then; entries also expire after a minute in case a notification is ever lost.
/// </summary>
public sealed class Callers(IOptions<PanelOptions> panel, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Caller> byTokenHash = new();
    private long epoch;

    /// <summary><see cref="KeyId"/> is the API key the hash is, null for a token.</summary>
    public sealed record Caller(Guid Id, string Name, Role Role, Guid? KeyId, DateTimeOffset Until);

    /// <summary>Off until this process listens for changes, and whenever that connection is lost.</summary>
    public bool Enabled { get; set; }

    public bool TryGet(string tokenHash, out Caller caller)
    {
        caller = null!;
        if (!Enabled || !byTokenHash.TryGetValue(tokenHash, out var held)) return false;
        if (held.Until <= clock.GetUtcNow()) return false;
        caller = held;
        return true;
    }

    /// <summary>The epoch to pass to <see cref="Keep"/>: taken before the lookup.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    /// <summary>Kept only if no person changed during the lookup, so a lookup racing a revocation never outlives it.</summary>
    public void Keep(string tokenHash, User user, Guid? keyId, long before)
    {
        if (!Enabled) return;
        if (byTokenHash.Count >= panel.Value.Cache.Tokens) byTokenHash.Clear();
        byTokenHash[tokenHash] = new Caller(user.Id, user.Name, user.Role, keyId, clock.GetUtcNow() + Lifetime);
        if (Epoch != before) byTokenHash.TryRemove(tokenHash, out _);
    }

    public void Drop(Guid userId)
    {
        Interlocked.Increment(ref epoch);
        foreach (var (hash, caller) in byTokenHash)
            if (caller.Id == userId) byTokenHash.TryRemove(hash, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref epoch);
        byTokenHash.Clear();
    }
}
