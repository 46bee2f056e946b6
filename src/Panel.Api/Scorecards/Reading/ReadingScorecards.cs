using Marten;
using Microsoft.AspNetCore.Mvc;
using Panel.Comparisons;
using Panel.Infrastructure;
using Panel.Tools;
using Wolverine.Http;

namespace Panel.Scorecards.Reading;

public sealed record ScorecardSummary(
    Guid Id, string Title, int Version, DateTimeOffset PublishedAt, bool IsCorrection, IReadOnlyList<ListedTool> Tools);

public sealed record ScorecardTool(
    Guid ToolId, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt,
    int? ShipPercent, int Ship, int Skip, int Withdrawn, int SampleSize,
    int? CommunityPercent, int CommunityVotes);

public sealed record VersionLink(int Version, DateTimeOffset PublishedAt, bool IsCorrection, string? Note, string Href);

/// <summary>A published scorecard as the public reads it.</summary>
public sealed record PublicScorecard(
    Guid Id, string Title, int Version, DateTimeOffset PublishedAt, bool IsCorrection, string? Note,
    IReadOnlyList<ScorecardTool> Tools, IReadOnlyList<PublishedQuote> Quotes, Split Split, PanelPick Pick,
    string Method, int Reviewers, int CommunityVotes, int LatestVersion, IReadOnlyList<VersionLink> Versions);

public static class ReadingScorecardsEndpoint
{
    [WolverineGet("/api/scorecards", OperationId = "listScorecards")]
    public static async Task<IReadOnlyList<ScorecardSummary>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<ScorecardListing>().OrderByDescending(x => x.PublishedAt).ToListAsync(ct))
        .Select(x => new ScorecardSummary(x.Id, x.Title, x.LatestVersion, x.PublishedAt, x.IsCorrection, x.Tools))
        .ToList();

    [WolverineGet("/api/scorecards/{id}", OperationId = "getScorecard")]
    [ProducesResponseType<PublicScorecard>(StatusCodes.Status200OK)]
    public static Task<IResult> Latest(Guid id, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Read(id, null, session, http, ct);

    [WolverineGet("/api/scorecards/{id}/versions/{version}", OperationId = "getScorecardVersion")]
    [ProducesResponseType<PublicScorecard>(StatusCodes.Status200OK)]
    public static Task<IResult> Version(Guid id, int version, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Read(id, version, session, http, ct);

    private static async Task<IResult> Read(Guid id, int? version, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var versions = await session.Query<PublishedScorecard>()
            .Where(x => x.ComparisonId == id)
            .OrderBy(x => x.Version)
            .ToListAsync(ct);
        if (versions.Count == 0) return Problems.NotFound("published scorecard", id).ToResult();

        var card = version is null ? versions[^1] : versions.FirstOrDefault(x => x.Version == version);
        if (card is null) return Problems.NotFound("published version", $"{id} v{version}").ToResult();

        http.Response.Headers.ETag = $"\"{card.Version}\"";
        return Results.Ok(Present(card, versions));
    }

    private static PublicScorecard Present(PublishedScorecard card, IReadOnlyList<PublishedScorecard> versions)
    {
        var c = card.Content;
        // Community votes arrive with the public voting feature; until then nobody has voted.
        var tools = c.Tools.Select(t => new ScorecardTool(t.ToolId, t.Name, t.Vendor, t.Category, t.Tagline, t.Description,
            t.EntryTier, t.PricingRead, t.PricedAt, t.ShipPercent, t.Ship, t.Skip, t.Withdrawn, t.SampleSize, null, 0)).ToList();
        var links = versions.Select(v => new VersionLink(v.Version, v.PublishedAt, v.IsCorrection, v.Note,
            $"/api/scorecards/{v.ComparisonId}/versions/{v.Version}")).ToList();
        return new PublicScorecard(card.ComparisonId, c.Title, card.Version, card.PublishedAt, card.IsCorrection, card.Note,
            tools, c.Quotes, c.Split, c.Pick, c.Method, c.Reviewers, 0, versions[^1].Version, links);
    }
}
