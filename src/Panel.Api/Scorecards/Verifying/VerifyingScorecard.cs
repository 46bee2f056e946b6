using Panel.Comparisons;
using Panel.Evidence;

namespace Panel.Scorecards.Verifying;

/// <summary>
/// Whether a published version still matches what was sealed when it was published. <c>Mismatches</c>
/// names each link, content field, statement or signature that does not; <c>Signature</c> is "valid",
/// "invalid", "unknown-key" or "unsigned" (published without a signing key, or under scheme panel-1).
/// </summary>
public sealed record Verification(
    Guid Id, int Version, long EventsCovered, string PublishedDigest, string RecomputedDigest, bool Valid, string Algorithm,
    string Scheme, string? Digest, string? KeyId, string Signature, IReadOnlyList<Mismatch> Mismatches, string? Evidence);

public static class VerifyingScorecardEndpoint
{
    public const string Algorithm =
        "SHA-256 hash chain: link n = sha256(link n-1 + \"\\n\" + n + \"\\n\" + event type + \"\\n\" + event data as JSON), hex, link 0 empty.";

    public const string CanonicalAlgorithm =
        "Scheme panel-2: link n = sha256(JCS({previous, version, type, data})); the digest = sha256(JCS(statement)), " +
        "signed with ES256. See docs/verification.md.";

    /// <summary>
    /// Recomputes the chain from the events as stored now and, for sealed versions, the content of the
    /// stored event and document and the signature. Answers digests and field names, never private data,
    /// so it is public like the scorecard.
    /// </summary>
    [WolverineGet("/api/scorecards/{id}/versions/{version}/verification", OperationId = "verifyScorecard")]
    [EndpointSummary("Verify a published version against its seal")]
    [ProducesResponseType<Verification>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, int version, IQuerySession session, Signer signer, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var published = events.Select(e => e.Data).OfType<ScorecardPublished>().FirstOrDefault(p => p.Version == version);
        if (published is null) return Problems.NotFound("published version", $"{id} v{version}").ToResult();

        if (published.Seal is not null)
        {
            var document = await session.LoadAsync<PublishedScorecard>(PublishedScorecard.IdOf(id, version), ct);
            var check = PublicationCheck.Run(events, published, document, signer);
            return Results.Ok(new Verification(id, version, check.EventsCovered, check.RecordedChain, check.RecomputedChain, check.Valid,
                CanonicalAlgorithm, check.Scheme, check.Digest, check.KeyId, check.Signature, check.Mismatches,
                $"/api/scorecards/{id}/versions/{version}/evidence"));
        }

        // Publications from before digests existed name none: nothing to check them against.
        if (published.Content.Events is not { } covered)
            return Problems.Conflict("not-verifiable", "This version names no digest.",
                "It was published before Panel recorded digests of the events behind a publication.").ToResult();

        // Scheme panel-1: the chain over the events' JSON as the service serializes it; unsigned.
        var chain = EventDigest.Chain(events.Where(e => e.Version <= covered.Count).Select(e => (e.Version, e.Data)));
        var recomputed = chain.Count == covered.Count && chain.Count > 0 ? chain[^1] : "";
        var valid = recomputed == covered.Digest;
        return Results.Ok(new Verification(id, version, covered.Count, covered.Digest, recomputed, valid, Algorithm,
            "panel-1", null, null, "unsigned",
            valid ? [] : [new Mismatch("link", $"events 1–{covered.Count}", $"recorded chain {covered.Digest}, recomputed {recomputed}")],
            null));
    }
}
