using Panel.Comparisons;
using Panel.Scorecards.Reading;

namespace Panel.Scorecards.Comparing;

public sealed record FigureChange(Guid ToolId, string Name, int? ShipPercentBefore, int? ShipPercentAfter,
    int ShipBefore, int ShipAfter, int SkipBefore, int SkipAfter);

public sealed record QuoteChange(Guid ReviewerId, string ReviewerName, Guid ToolId, string ToolName,
    string? DecisionBefore, string? DecisionAfter, string? QuoteBefore, string? QuoteAfter);

/// <summary>What a version changed from the one before it: the figures and the quotes that differ.</summary>
public sealed record VersionChanges(Guid Id, int Version, int? ComparedWith, string? Note,
    IReadOnlyList<FigureChange> Figures, IReadOnlyList<QuoteChange> Quotes)
{
    /// <summary>Tool facts (name, tagline, description, entry tier, pricing) that differ from the version before.</summary>
    public IReadOnlyList<Tools.ToolFactChange> Facts { get; init; } = [];
}

public static class ComparingVersionsEndpoint
{
    [WolverineGet("/api/scorecards/{id}/versions/{version}/changes", OperationId = "getVersionChanges")]
    [EndpointSummary("What a version changed since the one before")]
    [ProducesResponseType<VersionChanges>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, int version, IQuerySession session, CancellationToken ct)
    {
        var after = await PublicScorecards.LoadAsync(session, id, version, ct);
        if (after is null) return Problems.NotFound("published version", $"{id} v{version}").ToResult();
        var before = version > 1 ? await PublicScorecards.LoadAsync(session, id, version - 1, ct) : null;
        return Results.Ok(Between(before, after));
    }

    public static VersionChanges Between(PublicScorecard? before, PublicScorecard after)
    {
        if (before is null) return new VersionChanges(after.Id, after.Version, null, after.Note, [], []);

        var figures = after.Tools
            .Select(t => (t, b: before.Tools.FirstOrDefault(x => x.ToolId == t.ToolId)))
            .Where(x => x.b is null || x.b.ShipPercent != x.t.ShipPercent || x.b.Ship != x.t.Ship || x.b.Skip != x.t.Skip)
            .Select(x => new FigureChange(x.t.ToolId, x.t.Name, x.b?.ShipPercent, x.t.ShipPercent,
                x.b?.Ship ?? 0, x.t.Ship, x.b?.Skip ?? 0, x.t.Skip))
            .ToList();

        static string? DecisionOf(PublishedQuote? q) => q is null ? null : q.Withdrawn ? "Withdrawn" : q.Decision?.ToString();
        var keys = before.Quotes.Concat(after.Quotes).Select(q => (q.ReviewerId, q.ToolId)).Distinct();
        var quotes = keys
            .Select(k => (b: before.Quotes.FirstOrDefault(q => (q.ReviewerId, q.ToolId) == k),
                          a: after.Quotes.FirstOrDefault(q => (q.ReviewerId, q.ToolId) == k)))
            .Where(x => DecisionOf(x.b) != DecisionOf(x.a) || x.b?.Quote != x.a?.Quote)
            .Select(x =>
            {
                var any = (x.a ?? x.b)!;
                return new QuoteChange(any.ReviewerId, any.ReviewerName, any.ToolId, any.ToolName,
                    DecisionOf(x.b), DecisionOf(x.a), x.b?.Quote, x.a?.Quote);
            })
            .ToList();

        var facts = after.Tools
            .Select(t => (t, b: before.Tools.FirstOrDefault(x => x.ToolId == t.ToolId)))
            .Where(x => x.b is not null)
            .SelectMany(x => Tools.ToolFacts.Between(x.t.ToolId, x.b!.Name,
                (x.b.Name, x.b.Tagline, x.b.Description, x.b.EntryTier, x.b.PricingRead),
                (x.t.Name, x.t.Tagline, x.t.Description, x.t.EntryTier, x.t.PricingRead)))
            .ToList();

        return new VersionChanges(after.Id, after.Version, before.Version, after.Note, figures, quotes) { Facts = facts };
    }
}
