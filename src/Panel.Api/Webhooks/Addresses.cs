using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;

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
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // protocol assignments, documentation
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // documentation
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast) return false;
        if ((b[0] & 0xfe) == 0xfc) return false; // unique local
        // Every way to carry an IPv4 address in an IPv6 one is judged by the IPv4 address it carries.
        if (CarriedIPv4(b) is { } carried) return IsPublic(carried);
        // The rest of ::/80: IPv4-compatible (::a.b.c.d, an old way to spell an IPv4 address), loopback, reserved.
        if (b.Take(10).All(x => x == 0)) return false;
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0x00 && b[5] == 0x01) return false; // local-use NAT64 (64:ff9b:1::/48)
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false; // documentation (2001:db8::/32)
        if (b[0] == 0x01 && b.Skip(1).Take(7).All(x => x == 0)) return false; // discard only (100::/64)
        return true;
    }

    /// <summary>
    /// The IPv4 address an IPv6 address stands for: SIIT's IPv4-translated <c>::ffff:0:a.b.c.d</c>, NAT64's
    /// <c>64:ff9b::a.b.c.d</c>, 6to4's <c>2002:aabb:ccdd::/48</c> and Teredo's client (<c>2001:0::/32</c>, its last
    /// 32 bits inverted). IPv4-mapped <c>::ffff:a.b.c.d</c> is mapped before this is asked.
    /// </summary>
    private static IPAddress? CarriedIPv4(byte[] b)
    {
        if (b.Take(8).All(x => x == 0) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0) return new IPAddress(b[12..16]);
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0)) return new IPAddress(b[12..16]);
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b[2..6]);
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return new IPAddress(b[12..16].Select(x => (byte)~x).ToArray());
        return null;
    }

    /// <summary>A host as Panel judges it: an address literal, or a name in lower-case ASCII without a trailing dot.</summary>
    public sealed record Host(string Name, IPAddress? Literal)
    {
        public bool IsLocalName => Name == "localhost" || Name.EndsWith(".localhost", StringComparison.Ordinal);
    }

    /// <summary>
    /// One spelling per host, so that no spelling slips past the check: brackets and an IPv6 zone go, a name
    /// is mapped by IDNA ("ｌｏｃａｌｈｏｓｔ。" is localhost.) and loses its trailing dot ("localhost." is
    /// localhost), and a name that spells an IPv4 address in any form ("127.1", "2130706433", "0x7f.1",
    /// "127.0.0.1.") is that address. Null for a host that is not well formed: empty labels, or decimal digits
    /// other than ASCII ones (fullwidth, Arabic-Indic, Devanagari...), which resolvers read differently.
    /// </summary>
    public static Host? Normalize(string? host)
    {
        host = host?.Trim();
        if (string.IsNullOrEmpty(host)) return null;
        if (host[0] == '[' && host[^1] == ']') host = host[1..^1];
        if (host.Contains(':'))
            return IPAddress.TryParse(host, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? new Host(v6.ToString(), v6)
                : null;
        foreach (var rune in host.EnumerateRunes())
            if (!rune.IsAscii && Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.DecimalDigitNumber) return null;
        string name;
        try
        {
            name = new System.Globalization.IdnMapping().GetAscii(host).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (name.EndsWith('.')) name = name[..^1];
        if (name.Length == 0 || name.Split('.').Any(label => label.Length == 0)) return null;
        return IPAddress.TryParse(name, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork
            ? new Host(v4.ToString(), v4)
            : new Host(name, null);
    }

    /// <summary>Why <paramref name="url"/> may not be a webhook, or null if it may.</summary>
    public static async Task<string?> RefusalAsync(Uri url, bool allowPrivateNetworks, CancellationToken ct)
    {
        if (Normalize(url.Host) is not { } host) return $"url's host {url.Host} is not a well-formed name or address.";
        if (allowPrivateNetworks) return null;
        if (host.Literal is { } literal) return IsPublic(literal) ? null : Private(host.Name);
        if (host.IsLocalName) return Private(host.Name);
        try
        {
            var resolved = await Dns.GetHostAddressesAsync(host.Name, ct);
            return resolved.All(IsPublic) ? null : Private(host.Name);
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
            // The same spelling the registration judged: "localhost." and "[::ffff:0:127.0.0.1]" are what they stand for.
            if (Normalize(host) is not { } normal)
                throw new HttpRequestException($"Refused to connect to {host}: it is not a well-formed name or address.");
            if (!allowPrivateNetworks && normal.IsLocalName)
                throw new HttpRequestException($"Refused to connect to {host}: it is a loopback, private, link-local or unspecified address.");
            var addresses = normal.Literal is { } literal ? [literal] : await Dns.GetHostAddressesAsync(normal.Name, ct);
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
