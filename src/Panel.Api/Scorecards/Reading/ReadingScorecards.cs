using Panel.Community;
using Panel.Comparisons;
using Panel.Evidence;
using Panel.Tools;

namespace Panel.Scorecards.Reading;

public sealed record ScorecardSummary(
    Guid Id, string Title, int Version, DateTimeOffset PublishedAt, bool IsCorrection, IReadOnlyList<ListedTool> Tools)
{
    /// <summary>Set when the comparison was retracted; null otherwise.</summary>
    public PublicRetraction? Retraction { get; init; }
}

public sealed record ScorecardTool(
    Guid ToolId, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt,
    int? ShipPercent, int Ship, int Skip, int Withdrawn, int SampleSize,
    int? CommunityPercent, int CommunityVotes)
{
    /// <summary>The released interval of the ship percentage (null for versions released before it existed).</summary>
    public ShipInterval? ShipInterval { get; init; }

    /// <summary>Whether the released figure rests on fewer verdicts than the minimum (null for versions released before the rule).</summary>
    public bool? Provisional { get; init; }
}

public sealed record VersionLink(int Version, DateTimeOffset PublishedAt, bool IsCorrection, string? Note, string Href);

/// <summary>A published scorecard as the public reads it, with today's community votes beside it.</summary>
public sealed record PublicScorecard(
    Guid Id, string Title, int Version, DateTimeOffset PublishedAt, bool IsCorrection, string? Note,
    IReadOnlyList<ScorecardTool> Tools, IReadOnlyList<PublishedQuote> Quotes, Split Split, PanelPick Pick,
    string Method, int Reviewers, int CommunityVotes, int LatestVersion, IReadOnlyList<VersionLink> Versions,
    EventsDigest? Events, string Verification, PublicSeal? Seal = null)
{
    /// <summary>The editor's verdict as this version released it (null for versions released before it existed).</summary>
    public PublishedEditorsVerdict? EditorsVerdict { get; init; }

    /// <summary>The reviewers' agreement as this version released it (null for versions released before it existed).</summary>
    public Agreement? Agreement { get; init; }

    /// <summary>Set when the comparison was retracted: it applies to every version, which stay readable.</summary>
    public PublicRetraction? Retraction { get; init; }

    /// <summary>
    /// On the latest version: facts of its tools that moved since it was published, until a
    /// correction carries them. Empty on earlier versions.
    /// </summary>
    public IReadOnlyList<ToolFactChange> OutdatedFacts { get; init; } = [];

    /// <summary>Changes with a new publication, with every community vote, with a retraction and with every change to its tools.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string ETag { get; init; } = "";
}

/// <summary>How this version was sealed (scheme panel-2): its digest, the key and signature, and where its evidence is.</summary>
public sealed record PublicSeal(string Scheme, string Digest, string? KeyId, string? Signature, string Evidence);

/// <summary>Where a page of the public list ended: the last listing's publication time and id.</summary>
public sealed record ListingPosition(DateTimeOffset PublishedAt, Guid Id)
{
    public const string List = "scorecards";
}

/// <summary>Loads what every public view of a scorecard shows: JSON, page, badge.</summary>
public static class PublicScorecards
{
    /// <summary>
    /// One page of the newest version of each published comparison, newest first, optionally only those whose title
    /// or tool names contain <paramref name="term"/> (any letter case). Titles and figures come from the sealed
    /// version itself, so the list can never show what the version's seal does not cover. Also the next page's address.
    /// </summary>
    public static async Task<(IReadOnlyList<ScorecardSummary> Items, string? Next)> ListAsync(IQuerySession session, HttpContext http,
        PageRequest<ListingPosition> page, string? term, CancellationToken ct)
    {
        var query = session.Query<ScorecardListing>().AsQueryable();
        if (term is not null)
        {
            var lower = term.ToLowerInvariant();
            query = query.Where(x => x.Search.Contains(lower));
        }
        if (page.After is { } after)
        {
            var at = Paging.Microseconds(after.PublishedAt);
            var id = after.Id;
            query = query.Where(x => x.PublishedAt < at || (x.PublishedAt == at && x.Id < id));
        }
        var rows = await query.OrderByDescending(x => x.PublishedAt).ThenByDescending(x => x.Id).Take(page.Limit + 1).ToListAsync(ct);
        var (listings, next) = Paging.Cut(http, ListingPosition.List, rows, page.Limit, x => new ListingPosition(x.PublishedAt, x.Id));

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
                card.Content.Tools.Select(t => new ListedTool(t.ToolId, t.Name, t.ShipPercent, t.Ship, t.SampleSize)).ToList())
            {
                Retraction = listing.Retraction
            });
        }
        return (summaries, next);
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
        return Present(card, versions, tally, await StandingAsync(session, versions[^1], ct));
    }

    /// <summary>Every published version of a comparison, oldest first.</summary>
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
            Note = published.Note,
            IsCorrection = published.IsCorrection,
            PublishedAt = published.At,
            Content = published.Content,
            Seal = published.Seal
        };
    }

    /// <summary>
    /// Changes with a new publication, with every community vote, with a retraction and, on the latest version,
    /// with every change to its tools.
    /// </summary>
    public static string ETagOf(PublishedScorecard card, IReadOnlyList<PublishedScorecard> versions, CommunityTally? tally, Standing standing) =>
        $"\"{card.Version}.{versions[^1].Version}.{tally?.Version ?? 0}{(standing.Retraction is null ? "" : ".retracted")}" +
        (card.Version == versions[^1].Version ? $".{standing.ToolVersions}\"" : "\"");

    /// <summary>What a published comparison's pages show beside its sealed versions and that moves after publication.</summary>
    public sealed record Standing(PublicRetraction? Retraction, IReadOnlyList<ToolFactChange> OutdatedFacts, string ToolVersions);

    /// <summary>The retraction, if any, and the facts of the latest version's tools that moved since it was published.</summary>
    public static async Task<Standing> StandingAsync(IQuerySession session, PublishedScorecard latest, CancellationToken ct)
    {
        var listing = await session.LoadAsync<ScorecardListing>(latest.ComparisonId, ct);
        var tools = (await session.LoadManyAsync<Tool>(ct, latest.Content.Tools.Select(t => t.ToolId))).ToDictionary(t => t.Id);
        var outdated = latest.Content.Tools
            .Where(t => tools.ContainsKey(t.ToolId))
            .SelectMany(t => ToolFacts.Between(t.ToolId, t.Name, (t.Name, t.Tagline, t.Description, t.EntryTier, t.PricingRead), ToolFacts.Of(tools[t.ToolId])))
            .ToList();
        return new Standing(listing?.Retraction, outdated,
            string.Join("-", latest.Content.Tools.Select(t => tools.GetValueOrDefault(t.ToolId)?.Version ?? 0)));
    }

    public static PublicScorecard Present(PublishedScorecard card, IReadOnlyList<PublishedScorecard> versions, CommunityTally? tally,
        Standing standing)
    {
        var c = card.Content;
        var tools = c.Tools.Select(t =>
        {
            var votes = tally?.For(t.ToolId);
            return new ScorecardTool(t.ToolId, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier,
                t.PricingRead, t.PricedAt, t.ShipPercent, t.Ship, t.Skip, t.Withdrawn, t.SampleSize, votes?.Percent, votes?.Votes ?? 0)
            { ShipInterval = t.ShipInterval, Provisional = t.Provisional };
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
            EditorsVerdict = c.EditorsVerdict,
            Agreement = c.Agreement,
            Retraction = standing.Retraction,
            OutdatedFacts = card.Version == versions[^1].Version ? standing.OutdatedFacts : [],
            ETag = ETagOf(card, versions, tally, standing)
        };
    }
}

public static class ReadingScorecardsEndpoint
{
    /// <summary>Paged (<c>limit</c>, <c>cursor</c>; the next page in the <c>Link</c> header), and searchable by title and tool name (<c>q</c>).</summary>
    [WolverineGet("/api/scorecards", OperationId = "listScorecards")]
    [EndpointSummary("List published scorecards")]
    [ProducesResponseType<IReadOnlyList<ScorecardSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> List(int? limit, string? cursor, string? q, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (Paging.Read<ListingPosition>(http, ListingPosition.List, limit, cursor, out var page) is { } bad) return bad.ToResult();
        if (Paging.ReadQuery(q, out var term) is { } badQuery) return badQuery.ToResult();
        var (items, _) = await PublicScorecards.ListAsync(session, http, page, term, ct);
        return Results.Ok(items);
    }

    [WolverineGet("/api/scorecards/{id}", OperationId = "getScorecard")]
    [EndpointSummary("Read the latest published scorecard")]
    [ProducesResponseType<PublicScorecard>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
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
    [EndpointSummary("Read one published version")]
    [ProducesResponseType<PublicScorecard>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
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
