using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Panel.Webhooks;

/// <summary>
/// Where a webhook may point. By default only public addresses: loopback, private, link-local, shared,
/// multicast and unspecified targets are refused when a webhook is registered and again when a delivery
/// connects (a name can resolve differently later), so a webhook cannot reach the service's own network.
/// </summary>
public static class Addresses
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and < 128) // shared address space (carrier NAT)
                || (b[0] == 169 && b[1] == 254) // link-local, where cloud metadata services live
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && b[1] is 18 or 19));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return false;
        if ((b[0] & 0xfe) == 0xfc) return false; // unique local
        if (b.Take(12).All(x => x == 0)) return false; // IPv4-compatible, an old way to spell an IPv4 address
        if (b[0] == 0x20 && b[1] == 0x02) return IsPublic(new IPAddress(b[2..6])); // 6to4 carries an IPv4 address
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return IsPublic(new IPAddress(b[12..16])); // NAT64
        return true;
    }

    /// <summary>Why <paramref name="url"/> may not be a webhook, or null if it may.</summary>
    public static async Task<string?> RefusalAsync(Uri url, bool allowPrivateNetworks, CancellationToken ct)
    {
        if (allowPrivateNetworks) return null;
        var host = url.IdnHost;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Private(host);
        if (IPAddress.TryParse(host, out var literal)) return IsPublic(literal) ? null : Private(host);
        try
        {
            var resolved = await Dns.GetHostAddressesAsync(host, ct);
            return resolved.All(IsPublic) ? null : Private(host);
        }
        catch (SocketException)
        {
            // Not resolvable now (perhaps not yet): every connection checks the address it reaches.
            return null;
        }
    }

    private static string Private(string host) =>
        $"url points to {host}, a loopback, private, link-local or unspecified address; only public addresses are allowed.";

    /// <summary>
    /// Connects only to public addresses (unless private networks are allowed): the check is made on the
    /// address actually connected to, so a name that resolves to a private address is refused here too.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(bool allowPrivateNetworks) =>
        async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = addresses.Where(a => allowPrivateNetworks || IsPublic(a)).ToList();
            if (allowed.Count == 0)
                throw new HttpRequestException($"Refused to connect to {host}: it is a loopback, private, link-local or unspecified address.");

            Exception? last = null;
            foreach (var address in allowed)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
            }
            throw new HttpRequestException($"Could not connect to {host}: {last?.Message}", last);
        };
}
