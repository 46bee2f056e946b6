using JasperFx.Events;
using Marten.Events.Projections;
using Panel.Comparisons;
using Panel.Pages;
using Panel.Scorecards;

namespace Panel.Tools.Record;

/// <summary>
/// One published comparison a tool was in, as its latest version has it. One document per (tool, comparison),
/// written only by that comparison's publications, so two comparisons published at once never overwrite each other.
/// </summary>
public sealed record ToolAppearance(
    string Id, Guid ToolId, Guid ComparisonId, string Title, string ToolName, int Version, DateTimeOffset PublishedAt,
    int? ShipPercent, int Ship, int Skip, int Withdrawn, int SampleSize, IReadOnlyList<string> Against)
{
    public static string IdOf(Guid toolId, Guid comparisonId) => $"{toolId}/{comparisonId}";
}

public partial class ToolAppearanceProjection : EventProjection
{
    /// <summary>Each publication replaces the rows of its own comparison; it reads nothing, so a rebuild gives the same rows.</summary>
    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is not ScorecardPublished p) return ValueTask.CompletedTask;
        foreach (var t in p.Content.Tools)
        {
            operations.Store(new ToolAppearance(ToolAppearance.IdOf(t.ToolId, p.ComparisonId), t.ToolId, p.ComparisonId, p.Content.Title,
                t.Name, p.Version, p.At, t.ShipPercent, t.Ship, t.Skip, t.Withdrawn, t.SampleSize,
                [.. p.Content.Tools.Where(x => x.ToolId != t.ToolId).Select(x => x.Name)]));
        }
        return ValueTask.CompletedTask;
    }
}

public sealed record ToolAppearanceView(
    Guid ComparisonId, string Title, string ToolName, int Version, DateTimeOffset PublishedAt, DateTimeOffset FirstPublishedAt,
    int? ShipPercent, int Ship, int Skip, int Withdrawn, int SampleSize, IReadOnlyList<string> Against, string Href, string Page)
{
    public static ToolAppearanceView Of(ToolAppearance a, DateTimeOffset firstPublishedAt) => new(a.ComparisonId, a.Title, a.ToolName,
        a.Version, a.PublishedAt, firstPublishedAt, a.ShipPercent, a.Ship, a.Skip, a.Withdrawn, a.SampleSize, a.Against,
        $"/api/scorecards/{a.ComparisonId}", $"/scorecards/{a.ComparisonId}");
}

/// <summary>A tool's public record: its facts as they stand, and every published comparison it was in, newest first.</summary>
public sealed record ToolRecord(
    Guid Id, string Name, string Vendor, string Category, string Tagline, string Description, EntryTier EntryTier,
    string PricingRead, DateTimeOffset PricedAt, IReadOnlyList<ToolAppearanceView> Comparisons);

public static class ToolRecords
{
    public static async Task<ToolRecord?> LoadAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var tool = await session.LoadAsync<Tool>(id, ct);
        if (tool is null) return null;
        var appearances = await session.Query<ToolAppearance>()
            .Where(x => x.ToolId == id)
            .OrderByDescending(x => x.PublishedAt)
            .ToListAsync(ct);
        // When each comparison was first published: its version 1, one keyed read for the whole page.
        var firsts = (await session.LoadManyAsync<PublishedScorecard>(ct, appearances.Select(a => PublishedScorecard.IdOf(a.ComparisonId, 1))))
            .ToDictionary(x => x.ComparisonId, x => x.PublishedAt);
        return new ToolRecord(tool.Id, tool.Name, tool.Vendor, tool.Category, tool.Tagline, tool.Description, tool.EntryTier,
            tool.PricingRead, tool.PricedAt, [.. appearances.Select(a => ToolAppearanceView.Of(a, firsts.GetValueOrDefault(a.ComparisonId, a.PublishedAt)))]);
    }
}

public static class ShowingToolRecordEndpoint
{
    [EndpointSummary("Read a tool's record across published comparisons")]
    [WolverineGet("/api/tools/{id}/record", OperationId = "getToolRecord")]
    [ProducesResponseType<ToolRecord>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await ToolRecords.LoadAsync(session, id, ct) is { } record ? Results.Ok(record) : Problems.NotFound("tool", id).ToResult();

    [WolverineGet("/tools/{id}")]
    [ExcludeFromDescription]
    public static async Task<IResult> Page(Guid id, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Html.RecordPage<ToolPage>(http, await ToolRecords.LoadAsync(session, id, ct), "No tool has that address.");
}
