using Panel.Comparisons;

namespace Panel.Scorecards.Verifying;

/// <summary>Whether the events a published version was computed from are still the ones it names.</summary>
public sealed record Verification(
    Guid Id, int Version, long EventsCovered, string PublishedDigest, string RecomputedDigest, bool Valid, string Algorithm);

public static class VerifyingScorecardEndpoint
{
    public const string Algorithm =
        "SHA-256 hash chain: link n = sha256(link n-1 + \"\\n\" + n + \"\\n\" + event type + \"\\n\" + event data as JSON), hex, link 0 empty.";

    /// <summary>
    /// Recomputes the hash chain from the events as stored now and compares it with the digest the
    /// publication froze. Answers digests only, never event data, so it is public like the scorecard.
    /// </summary>
    [WolverineGet("/api/scorecards/{id}/versions/{version}/verification", OperationId = "verifyScorecard")]
    [ProducesResponseType<Verification>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, int version, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var published = events.Select(e => e.Data).OfType<ScorecardPublished>().FirstOrDefault(p => p.Version == version);
        if (published is null) return Problems.NotFound("published version", $"{id} v{version}").ToResult();

        // Publications from before digests existed name none: nothing to check them against.
        if (published.Content.Events is not { } covered)
            return Problems.Conflict("not-verifiable", "This version names no digest.",
                "It was published before Panel recorded digests of the events behind a publication.").ToResult();

        var chain = EventDigest.Chain(events.Where(e => e.Version <= covered.Count).Select(e => (e.Version, e.Data)));
        var recomputed = chain.Count == covered.Count && chain.Count > 0 ? chain[^1] : "";
        return Results.Ok(new Verification(id, version, covered.Count, covered.Digest, recomputed,
            recomputed == covered.Digest, Algorithm));
    }
}
