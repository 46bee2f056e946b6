using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Panel.Comparisons;

/// <summary>
/// Tamper evidence: a hash chain over a comparison's events. Link n is
/// SHA-256(link n-1 ‖ "\n" ‖ n ‖ "\n" ‖ type ‖ "\n" ‖ data as JSON), hex, with link 0 the empty string,
/// the type the event's name (as in the history) and the JSON the history's own (camelCase, enums by
/// name). A publication freezes the link of the last event it was computed from, so changing any
/// earlier event afterwards no longer reproduces it.
/// </summary>
public static class EventDigest
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Infrastructure.PanelJson.Configure(options);
        return options;
    }

    public static string Next(string? previous, long version, object data)
    {
        var text = $"{previous}\n{version}\n{data.GetType().Name}\n{JsonSerializer.Serialize(data, data.GetType(), Json)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Every link of the chain over these events, in order.</summary>
    public static IReadOnlyList<string> Chain(IEnumerable<(long Version, object Data)> events)
    {
        var links = new List<string>();
        string? previous = null;
        foreach (var (version, data) in events) links.Add(previous = Next(previous, version, data));
        return links;
    }
}
