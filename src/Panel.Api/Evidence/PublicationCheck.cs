using System.Text.Json.Nodes;
using JasperFx.Events;
using Panel.Comparisons;
using Panel.Scorecards;

namespace Panel.Evidence;

/// <summary>No stored copy of a published version matches its seal: serving one would show unsealed content.</summary>
public sealed class RecordMismatchException(Guid comparisonId, int version)
    : Exception($"No stored copy of {comparisonId} v{version} matches its seal; see its verification.")
{
    public Guid ComparisonId { get; } = comparisonId;
    public int Version { get; } = version;
}

/// <summary>One thing that does not match its seal: a link of the chain, a content field, the statement or the signature.</summary>
public sealed record Mismatch(string Part, string Where, string Detail);

/// <summary>What checking a sealed publication against the stored events, event and document found.</summary>
public sealed record SealCheck(
    string Scheme, long EventsCovered, string RecordedChain, string RecomputedChain, string Release, string Digest,
    string? KeyId, string Signature, IReadOnlyList<Mismatch> Mismatches)
{
    public bool Valid => Mismatches.Count == 0;
}

/// <summary>
/// Checks a publication sealed under scheme panel-2: recomputes every link from the events as stored now,
/// the content digest of both stored copies of the release (the ScorecardPublished event and the
/// published document), the statement's digest and the signature, and names each mismatch.
/// </summary>
public static class PublicationCheck
{
    private const int MaxFieldsNamed = 20;

    public static SealCheck Run(IReadOnlyList<IEvent> stream, ScorecardPublished published, PublishedScorecard? document, Signer signer)
    {
        var seal = published.Seal ?? throw new ArgumentException("Not a sealed publication.", nameof(published));
        var mismatches = new List<Mismatch>();
        var covered = published.Content.Events?.Count ?? 0;

        var events = stream.Where(e => e.Version <= covered).OrderBy(e => e.Version).ToList();
        var links = PublicRecord.Chain(events.Select(e => (e.Version, e.Data, e.Id)));
        if (events.Count != covered || seal.Links.Count != covered)
            mismatches.Add(new Mismatch("link", "events", $"The publication covers {covered} events; {events.Count} are stored and {seal.Links.Count} links were recorded."));
        for (var i = 0; i < Math.Min(links.Count, seal.Links.Count); i++)
        {
            if (links[i] == seal.Links[i]) continue;
            // The first link that differs names the changed event; every later link differs because of it.
            mismatches.Add(new Mismatch("link", $"event {events[i].Version} ({events[i].Data.GetType().Name})",
                $"recorded link {seal.Links[i]}, recomputed {links[i]}"));
            break;
        }
        var recorded = seal.Links.Count > 0 ? seal.Links[^1] : "";
        var recomputed = links.Count > 0 ? links[^1] : "";
        if (published.Content.Events?.Digest != recorded)
            mismatches.Add(new Mismatch("link", "events.digest", $"the event names chain {published.Content.Events?.Digest}, its seal recorded {recorded}"));

        var fromEvent = PublicRecord.Release(published);
        var eventRelease = CanonicalJson.Sha256(fromEvent);
        var documentRelease = document is null ? null : PublicRecord.Release(document);
        if (eventRelease != seal.Release)
            mismatches.AddRange(Fields("ScorecardPublished event", fromEvent, documentRelease, seal.Release));
        if (document is null)
            mismatches.Add(new Mismatch("content", "published document", "There is no published document for this version."));
        else
        {
            if (CanonicalJson.Sha256(documentRelease) != seal.Release)
                mismatches.AddRange(Fields("published document", documentRelease!, fromEvent, seal.Release));
            if (document.Content.Events != published.Content.Events)
                mismatches.Add(new Mismatch("content", "published document: events", "differs from the ScorecardPublished event's"));
            if (document.Seal?.Digest != seal.Digest || document.Seal?.Signature != seal.Signature)
                mismatches.Add(new Mismatch("content", "published document: seal", "differs from the ScorecardPublished event's"));
        }

        var statement = CanonicalJson.Bytes(PublicRecord.Statement(published.ComparisonId, published.Version, covered, recorded, seal.Release));
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(statement));
        if (digest != seal.Digest)
            mismatches.Add(new Mismatch("statement", "digest", $"recorded {seal.Digest}, recomputed {digest}"));

        var signature = SignatureStatus(seal, statement, signer);
        if (signature is "invalid" or "unknown-key")
            mismatches.Add(new Mismatch("signature", seal.KeyId ?? "", signature == "invalid"
                ? "The signature does not verify against the statement with this key."
                : "No current or retired key has this id."));

        return new SealCheck(seal.Scheme, covered, recorded, recomputed, seal.Release, seal.Digest, seal.KeyId, signature, mismatches);
    }

    /// <summary>"valid", "invalid", "unknown-key", or "unsigned" for a publication made without a key.</summary>
    public static string SignatureStatus(Seal seal, byte[] statement, Signer signer)
    {
        if (seal.KeyId is null || seal.Signature is null) return "unsigned";
        return signer.Verify(seal.KeyId, statement, seal.Signature) switch
        {
            true => "valid",
            false => "invalid",
            null => "unknown-key"
        };
    }

    /// <summary>Does this stored copy of a release still hash to its seal, and its seal's statement to its digest?</summary>
    public static bool Matches(PublishedScorecard document) =>
        Matches(document.ComparisonId, document.Version, document.Content, document.Seal, PublicRecord.Release(document));

    public static bool Matches(ScorecardPublished published) =>
        Matches(published.ComparisonId, published.Version, published.Content, published.Seal, PublicRecord.Release(published));

    private static bool Matches(Guid id, int version, PublishedContent content, Seal? seal, JsonObject release) =>
        seal is not null && content.Events is { } events
        && CanonicalJson.Sha256(release) == seal.Release
        && CanonicalJson.Sha256(PublicRecord.Statement(id, version, events.Count, events.Digest, seal.Release)) == seal.Digest;

    /// <summary>The fields where a copy that fails its digest differs from the other copy; the digest alone when they agree.</summary>
    private static IEnumerable<Mismatch> Fields(string copy, JsonNode actual, JsonNode? other, string sealedDigest)
    {
        var differences = new List<(string Path, JsonNode? Here, JsonNode? There)>();
        if (other is not null) Diff("", actual, other, differences);
        if (differences.Count == 0)
            return [new Mismatch("content", copy, $"its release hashes to {CanonicalJson.Sha256(actual)}, the seal to {sealedDigest}")];
        return differences.Take(MaxFieldsNamed).Select(d => new Mismatch("content", $"{copy}: {d.Path}",
            $"holds {CanonicalJson.Serialize(d.Here)}, the other stored copy {CanonicalJson.Serialize(d.There)}"));
    }

    public static void Diff(string path, JsonNode? a, JsonNode? b, List<(string, JsonNode?, JsonNode?)> into)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var name in oa.Select(m => m.Key).Union(ob.Select(m => m.Key)).Order(StringComparer.Ordinal))
                Diff(path.Length == 0 ? name : $"{path}.{name}", oa[name], ob[name], into);
        }
        else if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (var i = 0; i < aa.Count; i++) Diff($"{path}[{i}]", aa[i], ab[i], into);
        }
        else if (CanonicalJson.Serialize(a) != CanonicalJson.Serialize(b))
        {
            into.Add((path, a, b));
        }
    }
}
