using Panel.Community;
using Panel.Comparisons;
using Panel.Evidence;
using Panel.Tools;

namespace Panel.Scorecards.Reading;

public sealed record ScorecardSummary(
    Guid Id, string Title, int Version, DateTimeOffset PublishedAt, bool IsCorrection, IReadOnlyList<ListedTool> Tools);

public sealed record ScorecardTool(
    Guid ToolId, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt,
    int? ShipPercent, int Ship, int Skip, int Withdrawn, int SampleSize,
    int? CommunityPercent, int CommunityVotes);

public sealed record VersionLink(int Version, DateTimeOffset PublishedAt, bool IsCorrection, string? Note, string Href);

/// <summary>A published scorecard as the public reads it, with today's community votes beside it.</summary>
public sealed record PublicScorecard(
    Guid Id, string Title, int Version, DateTimeOffset PublishedAt, bool IsCorrection, string? Note,
    IReadOnlyList<ScorecardTool> Tools, IReadOnlyList<PublishedQuote> Quotes, Split Split, PanelPick Pick,
    string Method, int Reviewers, int CommunityVotes, int LatestVersion, IReadOnlyList<VersionLink> Versions,
    EventsDigest? Events, string Verification, PublicSeal? Seal = null)
{
    /// <summary>Changes with a new publication and with every community vote.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string ETag { get; init; } = "";
}

/// <summary>How this version was sealed (scheme panel-2): its digest, the key and signature, and where its evidence is.</summary>
public sealed record PublicSeal(string Scheme, string Digest, string? KeyId, string? Signature, string Evidence);

/// <summary>Loads what every public view of a scorecard shows: JSON, page, badge.</summary>
public static class PublicScorecards
{
    /// <summary>
    /// The newest version of each published comparison. Its title and figures come from the sealed
    /// version itself, so the list can never show what the version's seal does not cover.
    /// </summary>
    public static async Task<IReadOnlyList<ScorecardSummary>> ListAsync(IQuerySession session, CancellationToken ct)
    {
        var listings = await session.Query<ScorecardListing>().OrderByDescending(x => x.PublishedAt).ToListAsync(ct);
        var versions = (await session.LoadManyAsync<PublishedScorecard>(ct, listings.Select(x => PublishedScorecard.IdOf(x.Id, x.LatestVersion))))
            .ToDictionary(x => x.Id);
        var summaries = new List<ScorecardSummary>();
        foreach (var listing in listings)
        {
            if (!versions.TryGetValue(PublishedScorecard.IdOf(listing.Id, listing.LatestVersion), out var card)) continue;
            try
            {
                card = await SealedAsync(session, card, ct);
            }
            catch (RecordMismatchException)
            {
                continue; // no stored copy matches its seal: left out, as its own page answers record-mismatch
            }
            summaries.Add(new ScorecardSummary(card.ComparisonId, card.Content.Title, card.Version, card.PublishedAt, card.IsCorrection,
                card.Content.Tools.Select(t => new ListedTool(t.ToolId, t.Name, t.ShipPercent, t.Ship, t.SampleSize)).ToList()));
        }
        return summaries;
    }

    /// <summary>The latest version, or the one asked for; null when there is no such publication.</summary>
    public static async Task<PublicScorecard?> LoadAsync(IQuerySession session, Guid id, int? version, CancellationToken ct)
    {
        var versions = await VersionsAsync(session, id, ct);
        if (versions.Count == 0) return null;

        var card = version is null ? versions[^1] : versions.FirstOrDefault(x => x.Version == version);
        if (card is null) return null;
        card = await SealedAsync(session, card, ct);

        var tally = await session.LoadAsync<CommunityTally>(CommunityTally.StreamIdFor(id), ct);
        return Present(card, versions, tally);
    }

    /// <summary>Every published version of a comparison, oldest first (none when it was never published).</summary>
    public static async Task<IReadOnlyList<PublishedScorecard>> VersionsAsync(IQuerySession session, Guid id, CancellationToken ct) =>
        await session.Query<PublishedScorecard>()
            .Where(x => x.ComparisonId == id)
            .OrderBy(x => x.Version)
            .ToListAsync(ct);

    /// <summary>
    /// The version as sealed. A document that no longer hashes to its seal is not served: the event's copy
    /// is, if that still does; if neither does, nothing is (<see cref="RecordMismatchException"/>).
    /// </summary>
    public static async Task<PublishedScorecard> SealedAsync(IQuerySession session, PublishedScorecard card, CancellationToken ct)
    {
        if (card.Seal is null || PublicationCheck.Matches(card)) return card;
        var events = await session.Events.FetchStreamAsync(card.ComparisonId, token: ct);
        var published = events.Select(e => e.Data).OfType<ScorecardPublished>().FirstOrDefault(p => p.Version == card.Version);
        if (published is null || !PublicationCheck.Matches(published)) throw new RecordMismatchException(card.ComparisonId, card.Version);
        return card with
        {
            Note = published.Note, IsCorrection = published.IsCorrection, PublishedAt = published.At,
            Content = published.Content, Seal = published.Seal
        };
    }

    /// <summary>Changes with a new publication and with every community vote.</summary>
    public static string ETagOf(PublishedScorecard card, IReadOnlyList<PublishedScorecard> versions, CommunityTally? tally) =>
        $"\"{card.Version}.{versions[^1].Version}.{tally?.Version ?? 0}\"";

    public static PublicScorecard Present(PublishedScorecard card, IReadOnlyList<PublishedScorecard> versions, CommunityTally? tally)
    {
        var c = card.Content;
        var tools = c.Tools.Select(t =>
        {
            var votes = tally?.For(t.ToolId);
            return new ScorecardTool(t.ToolId, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier,
                t.PricingRead, t.PricedAt, t.ShipPercent, t.Ship, t.Skip, t.Withdrawn, t.SampleSize, votes?.Percent, votes?.Votes ?? 0);
        }).ToList();
        var links = versions.Select(v => new VersionLink(v.Version, v.PublishedAt, v.IsCorrection, v.Note,
            $"/api/scorecards/{v.ComparisonId}/versions/{v.Version}")).ToList();
        return new PublicScorecard(card.ComparisonId, c.Title, card.Version, card.PublishedAt, card.IsCorrection, card.Note,
            tools, c.Quotes, c.Split, c.Pick, c.Method, c.Reviewers, tally?.Votes ?? 0, versions[^1].Version, links,
            c.Events, $"/api/scorecards/{card.ComparisonId}/versions/{card.Version}/verification",
            card.Seal is { } seal
                ? new PublicSeal(seal.Scheme, seal.Digest, seal.KeyId, seal.Signature, $"/api/scorecards/{card.ComparisonId}/versions/{card.Version}/evidence")
                : null)
        {
            ETag = ETagOf(card, versions, tally)
        };
    }
}

public static class ReadingScorecardsEndpoint
{
    [WolverineGet("/api/scorecards", OperationId = "listScorecards")]
    public static Task<IReadOnlyList<ScorecardSummary>> List(IQuerySession session, CancellationToken ct) =>
        PublicScorecards.ListAsync(session, ct);

    [WolverineGet("/api/scorecards/{id}", OperationId = "getScorecard")]
    [ProducesResponseType<PublicScorecard>(StatusCodes.Status200OK)]
    public static async Task<IResult> Latest(Guid id, PublishedCache cache, HttpContext http, CancellationToken ct)
    {
        // The most read address: answered from memory, as bytes serialized once per version and tally.
        var answer = await cache.LatestAsync(id, ct);
        if (answer is null) return Problems.NotFound("published scorecard", id).ToResult();
        http.Response.Headers.ETag = answer.Card.ETag;
        http.Response.Headers.CacheControl = "no-cache";
        return ETags.ClientHas(http.Request, answer.Card.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(answer.Json, "application/json; charset=utf-8");
    }

    [WolverineGet("/api/scorecards/{id}/versions/{version}", OperationId = "getScorecardVersion")]
    [ProducesResponseType<PublicScorecard>(StatusCodes.Status200OK)]
    public static async Task<IResult> Version(Guid id, int version, PublishedCache cache, HttpContext http, CancellationToken ct)
    {
        var card = await cache.LoadAsync(id, version, ct);
        if (card is null) return Problems.NotFound("published version", id).ToResult();
        http.Response.Headers.ETag = card.ETag;
        // Readers and embedding sites poll: an unchanged scorecard (no new version, no new vote) is a 304.
        http.Response.Headers.CacheControl = "no-cache";
        return ETags.ClientHas(http.Request, card.ETag) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Ok(card);
    }
}
