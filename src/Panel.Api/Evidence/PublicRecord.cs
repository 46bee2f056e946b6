using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Panel.Comparisons;
using Panel.Scorecards;

namespace Panel.Evidence;

/// <summary>A field that never leaves the service: the public chain carries only its salted hash.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PrivateAttribute : Attribute;

/// <summary>
/// Scheme "panel-2": what each link of a comparison's chain and each publication's digest cover, as
/// explicit JSON objects (not a serializer's output) put in canonical form (<see cref="CanonicalJson"/>).
/// docs/verification.md describes every rule here byte for byte.
/// </summary>
public static class PublicRecord
{
    public const string Scheme = "panel-2";

    /// <summary>Link n = sha256(JCS({previous: link n-1 or "", version: n, type, data})).</summary>
    public static string Link(string? previous, long version, object data, Guid eventId) =>
        CanonicalJson.Sha256(new JsonObject
        {
            ["previous"] = previous ?? "",
            ["version"] = version,
            ["type"] = data.GetType().Name,
            ["data"] = Event(data, eventId)
        });

    /// <summary>Every link of the chain over these events, in order.</summary>
    public static IReadOnlyList<string> Chain(IEnumerable<(long Version, object Data, Guid Id)> events)
    {
        var links = new List<string>();
        string? previous = null;
        foreach (var (version, data, id) in events) links.Add(previous = Link(previous, version, data, id));
        return links;
    }

    /// <summary>
    /// An event as the public sees it. A private field becomes <c>&lt;name&gt;Hash</c>: the hash of the
    /// value salted with the event's id, which the store keeps and never serves.
    /// </summary>
    public static JsonObject Event(object data, Guid eventId)
    {
        if (data is ScorecardPublished p) return Publication(p);
        var o = new JsonObject();
        foreach (var property in Properties(data.GetType()))
        {
            var value = property.GetValue(data);
            if (PrivateProperties.GetOrAdd(property, x => x.GetCustomAttribute<PrivateAttribute>() is not null))
                o[Name(property) + "Hash"] = value is string text ? SaltedHash(eventId, text) : null;
            else
                o[Name(property)] = Value(value);
        }
        return o;
    }

    public static string SaltedHash(Guid salt, string value) =>
        CanonicalJson.Sha256(new JsonObject { ["salt"] = Id(salt), ["value"] = value });

    /// <summary>A publication inside a later chain: its release and seal by digest, not in full.</summary>
    private static JsonObject Publication(ScorecardPublished p) => new()
    {
        ["comparisonId"] = Id(p.ComparisonId),
        ["version"] = p.Version,
        ["note"] = p.Note,
        ["isCorrection"] = p.IsCorrection,
        ["release"] = CanonicalJson.Sha256(Release(p)),
        ["events"] = p.Content.Events is { } e ? new JsonObject { ["count"] = e.Count, ["digest"] = e.Digest } : null,
        ["seal"] = p.Seal is { } s
            ? new JsonObject { ["scheme"] = s.Scheme, ["digest"] = s.Digest, ["keyId"] = s.KeyId, ["signature"] = s.Signature }
            : null,
        ["by"] = Id(p.By),
        ["at"] = Time(p.At)
    };

    /// <summary>The released content: what readers are shown as this version.</summary>
    public static JsonObject Release(Guid comparisonId, int version, string? note, bool isCorrection, DateTimeOffset at, PublishedContent content)
    {
        var described = (JsonObject)Value(content)!;
        // Which events the content came from is the statement's business, not the content's.
        described.Remove("events");
        return new JsonObject
        {
            ["comparisonId"] = Id(comparisonId),
            ["version"] = version,
            ["note"] = note,
            ["isCorrection"] = isCorrection,
            ["publishedAt"] = Time(at),
            ["content"] = described
        };
    }

    public static JsonObject Release(ScorecardPublished p) => Release(p.ComparisonId, p.Version, p.Note, p.IsCorrection, p.At, p.Content);

    public static JsonObject Release(PublishedScorecard d) => Release(d.ComparisonId, d.Version, d.Note, d.IsCorrection, d.PublishedAt, d.Content);

    /// <summary>What a publication's digest is the hash of, and its signature signs.</summary>
    public static JsonObject Statement(Guid comparisonId, int version, long count, string chain, string release) => new()
    {
        ["scheme"] = Scheme,
        ["comparisonId"] = Id(comparisonId),
        ["version"] = version,
        ["events"] = new JsonObject { ["count"] = count, ["chain"] = chain },
        ["release"] = release
    };

    public static string Id(Guid id) => id.ToString("D");

    /// <summary>UTC, always seven fractional digits: the store keeps 100 ns ticks.</summary>
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A value by its CLR type, by rules of our own: no serializer setting reaches a digest.</summary>
    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int i => i,
        long l => l,
        double d => d,
        decimal m => m,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Guid g => Id(g),
        DateTimeOffset t => Time(t),
        Enum e => e.ToString(),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(Value).ToArray()),
        _ when value.GetType().IsClass => Object(value),
        _ => throw new ArgumentException($"No public form for {value.GetType().Name}")
    };

    private static JsonObject Object(object value)
    {
        var o = new JsonObject();
        foreach (var property in Properties(value.GetType()))
        {
            var member = property.GetValue(value);
            // A member added to released content later is left out where absent, so earlier releases hash as they did.
            if (member is null && property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is
                { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }) continue;
            o[Name(property)] = Value(member);
        }
        return o;
    }

    /// <summary>Public instance properties with a getter, no indexers, none the contract hides.</summary>
    // Looked up once per type: every link of every chain (a rebuild folds millions) needs them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> PropertiesByType = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<PropertyInfo, bool> PrivateProperties = new();

    private static PropertyInfo[] Properties(Type type) => PropertiesByType.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Always })
            .ToArray());

    /// <summary>The property's name with its first letter lower-cased.</summary>
    private static string Name(PropertyInfo p) => char.ToLowerInvariant(p.Name[0]) + p.Name[1..];
}
