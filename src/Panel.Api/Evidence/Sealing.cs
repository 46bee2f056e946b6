using Panel.Comparisons;
using Panel.Scorecards;

namespace Panel.Evidence;

/// <summary>Seals a publication as it is decided: its chain, its content digest, its statement, its signature.</summary>
public static class Sealing
{
    /// <summary>The decision's publication, sealed; any other outcome as it is.</summary>
    public static Outcome Seal(Comparison c, Outcome outcome, Signer signer, IReadOnlyList<string> links)
    {
        if (outcome.Problem is not null || !outcome.Events.OfType<ScorecardPublished>().Any()) return outcome;
        return new Outcome(outcome.Events.Select(e => e is ScorecardPublished p ? Seal(c, p, signer, links) : e).ToList(), null);
    }

    /// <summary>
    /// Every link of the comparison's chain, recomputed from its stored events (the document keeps only the
    /// head): what a seal names. Publishing reads it inside the stream's lock, after the decision, so the links
    /// and the state decided on are the same version; <see cref="Covers"/> checks that the head agrees.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LinksAsync(IQuerySession session, Guid comparisonId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(comparisonId, token: ct);
        return PublicRecord.Chain(events.Select(e => (e.Version, e.Data, e.Id)));
    }

    /// <summary>The links run through the comparison's version and end in the head its projection folded.</summary>
    public static bool Covers(Comparison c, IReadOnlyList<string> links) =>
        c.ChainHead is not null && links.Count == c.Version && links[^1] == c.ChainHead;

    public static ScorecardPublished Seal(Comparison c, ScorecardPublished p, Signer signer, IReadOnlyList<string> links)
    {
        if (!Covers(c, links))
            throw new InvalidOperationException($"Comparison {c.Id} has no canonical chain through version {c.Version}.");

        var sealedContent = p.Content with { Events = new EventsDigest(c.Version, links[^1]) };
        var release = CanonicalJson.Sha256(PublicRecord.Release(p.ComparisonId, p.Version, p.Note, p.IsCorrection, p.At, sealedContent));
        var statement = CanonicalJson.Bytes(PublicRecord.Statement(p.ComparisonId, p.Version, c.Version, links[^1], release));
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(statement));
        var signature = signer.Sign(statement);
        return p with
        {
            Content = sealedContent,
            Seal = new Seal(PublicRecord.Scheme, links, release, digest, signature?.KeyId, signature?.Signature)
        };
    }
}
