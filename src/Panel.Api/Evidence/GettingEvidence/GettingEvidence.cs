using System.Text.Json.Nodes;
using Panel.Comparisons;
using Panel.Scorecards;

namespace Panel.Evidence.GettingEvidence;

public static class GettingEvidenceEndpoint
{
    /// <summary>
    /// Everything needed to recompute a version's digest and check its signature without trusting Panel:
    /// the events it was computed from in their public form (private notes only as salted hashes), the
    /// links recorded when it was published, both stored copies of the released content, the signed
    /// statement and the signature. docs/verification.md says what to do with each.
    /// </summary>
    [WolverineGet("/api/scorecards/{id}/versions/{version}/evidence", OperationId = "getScorecardEvidence")]
    [EndpointSummary("Evidence to verify a published version offline")]
    [Produces("application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, int version, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var stream = await session.Events.FetchStreamAsync(id, token: ct);
        var published = stream.Select(e => e.Data).OfType<ScorecardPublished>().FirstOrDefault(p => p.Version == version);
        if (published is null) return Problems.NotFound("published version", $"{id} v{version}").ToResult();
        if (published.Seal is not { } seal)
            return Problems.Conflict("not-verifiable", "This version has no public evidence.",
                "It was published under scheme panel-1, whose digests cover private notes and so cannot be recomputed in public; " +
                $"/api/scorecards/{id}/versions/{version}/verification checks it on the server.").ToResult();

        var document = await session.LoadAsync<PublishedScorecard>(PublishedScorecard.IdOf(id, version), ct);
        var covered = published.Content.Events?.Count ?? 0;
        var events = stream.Where(e => e.Version <= covered).OrderBy(e => e.Version).Select((e, i) => (JsonNode)new JsonObject
        {
            ["version"] = e.Version,
            ["type"] = e.Data.GetType().Name,
            ["data"] = PublicRecord.Event(e.Data, e.Id),
            ["link"] = i < seal.Links.Count ? seal.Links[i] : null
        }).ToArray();

        var evidence = new JsonObject
        {
            ["scheme"] = seal.Scheme,
            ["comparisonId"] = PublicRecord.Id(id),
            ["version"] = version,
            ["events"] = new JsonArray(events),
            ["release"] = document is null ? null : PublicRecord.Release(document),
            ["eventRelease"] = PublicRecord.Release(published),
            ["statement"] = PublicRecord.Statement(id, version, covered, published.Content.Events?.Digest ?? "", seal.Release),
            ["digest"] = seal.Digest,
            ["signature"] = seal.Signature is null ? null
                : new JsonObject { ["alg"] = "ES256", ["keyId"] = seal.KeyId, ["value"] = seal.Signature },
            ["keys"] = "/.well-known/panel-keys"
        };
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Text(evidence.ToJsonString(), "application/json; charset=utf-8");
    }
}
