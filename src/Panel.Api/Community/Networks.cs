using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Panel.Community;

/// <summary>The secret that turns a network into the hash stored with votes; made once, kept in PostgreSQL.</summary>
public sealed record NetworkHashKey(string Id, string Key) : IHousekeeping
{
    public const string TheId = "network-hash-key";
}

/// <summary>
/// Which network a vote comes from, as a keyed hash (HMAC-SHA256 with a secret kept in the database),
/// so the record bounds new voters per network without holding anyone's address. An IPv4 address is
/// one network; for IPv6 it is the /64, since one household or phone usually has a whole /64.
/// </summary>
public sealed class Networks(IDocumentStore store)
{
    private byte[]? _key;

    public async Task<string> KeyOf(IPAddress? address, CancellationToken ct)
    {
        var key = _key ??= await LoadOrCreateKey(ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Prefix(address)))[..32];
    }

    public static byte[] Prefix(IPAddress? address)
    {
        if (address is null) return [];
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? bytes[..8] : bytes;
    }

    private async Task<byte[]> LoadOrCreateKey(CancellationToken ct)
    {
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<NetworkHashKey>(NetworkHashKey.TheId, ct) is { } existing) return Convert.FromBase64String(existing.Key);
        }
        try
        {
            await using var session = store.LightweightSession();
            var created = new NetworkHashKey(NetworkHashKey.TheId, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            session.Insert(created);
            await session.SaveChangesAsync(ct);
            return Convert.FromBase64String(created.Key);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Most likely another instance made it first (a duplicate id): use theirs; otherwise the first error stands.
            await using var query = store.QuerySession();
            var theirs = await query.LoadAsync<NetworkHashKey>(NetworkHashKey.TheId, ct);
            if (theirs is null) throw;
            return Convert.FromBase64String(theirs.Key);
        }
    }
}
