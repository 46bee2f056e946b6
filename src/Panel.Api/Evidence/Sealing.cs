using Panel.Comparisons;
using Panel.Scorecards;

namespace Panel.Evidence;

/// <summary>Seals a publication as it is decided: its chain, its content digest, its statement, its signature.</summary>
public static class Sealing
{
    /// <summary>The decision's publication, sealed; any other outcome as it is.</summary>
    public static Outcome Seal(Comparison c, Outcome outcome, Signer signer)
    {
        if (outcome.Problem is not null || !outcome.Events.OfType<ScorecardPublished>().Any()) return outcome;
        return new Outcome(outcome.Events.Select(e => e is ScorecardPublished p ? Seal(c, p, signer) : e).ToList(), null);
    }

    public static ScorecardPublished Seal(Comparison c, ScorecardPublished p, Signer signer)
    {
        if (c.Chain is not { Count: > 0 } links || links.Count != c.Version)
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
