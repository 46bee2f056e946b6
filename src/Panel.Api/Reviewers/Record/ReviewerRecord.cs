using JasperFx.Events;
using Marten.Events.Projections;
using Panel.Comparisons;
using Panel.Pages;
using Panel.Scorecards;

namespace Panel.Reviewers.Record;

/// <summary>One verdict as a publication released it, and whether it sided with most of the panel on that tool.</summary>
public sealed record PublishedVerdict(Guid ToolId, string ToolName, Decision? Decision, string? Quote, bool Withdrawn, bool? WithMajority);

/// <summary>
/// One published comparison a reviewer sat on, as its latest version released it: a document per (reviewer,
/// comparison), written only by that comparison's publications. Only released material: never notes or drafts.
/// </summary>
public sealed record ReviewerAppearance(
    string Id, Guid ReviewerId, Guid ComparisonId, string Title, string ReviewerName, string Angle, int Version,
    DateTimeOffset PublishedAt, IReadOnlyList<PublishedVerdict> Verdicts, PublishedDeclaration? Declaration)
{
    public static string IdOf(Guid reviewerId, Guid comparisonId) => $"{reviewerId}/{comparisonId}";
}

public partial class ReviewerAppearanceProjection : EventProjection
{
    /// <summary>Each publication replaces the rows of its own comparison; it reads nothing, so a rebuild gives the same rows.</summary>
    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is not ScorecardPublished p) return ValueTask.CompletedTask;
        var tools = p.Content.Tools.ToDictionary(t => t.ToolId);
        foreach (var seat in p.Content.Quotes.GroupBy(q => q.ReviewerId))
        {
            var first = seat.First();
            operations.Store(new ReviewerAppearance(ReviewerAppearance.IdOf(seat.Key, p.ComparisonId), seat.Key, p.ComparisonId, p.Content.Title,
                first.ReviewerName, first.Angle, p.Version, p.At,
                [.. seat.Select(q => new PublishedVerdict(q.ToolId, q.ToolName, q.Decision, q.Quote, q.Withdrawn,
                    q.Withdrawn || !tools.TryGetValue(q.ToolId, out var t) || t.Ship == t.Skip ? null : (q.Decision == Decision.Ship) == (t.Ship > t.Skip)))],
                first.Declaration));
        }
        return ValueTask.CompletedTask;
    }
}

public sealed record ReviewerAppearanceView(
    Guid ComparisonId, string Title, string Angle, int Version, DateTimeOffset PublishedAt, IReadOnlyList<PublishedVerdict> Verdicts,
    int RevisedAfterPublication, PublishedDeclaration? Declaration, string Href, string Page);

/// <summary>
/// A reviewer's public record: every published comparison they sat on, newest first, with their released
/// verdicts and quotes, how often they sided with the panel's majority, and what changed after publication.
/// </summary>
public sealed record ReviewerRecord(
    Guid Id, string Name, int Comparisons, int Verdicts, int WithMajority, int? WithMajorityPercent, int RevisedAfterPublication,
    IReadOnlyList<ReviewerAppearanceView> Appearances);

/// <summary>Where a page of a reviewer's record ended: the last appearance's publication time and comparison.</summary>
public sealed record AppearancePosition(DateTimeOffset PublishedAt, Guid ComparisonId)
{
    public const string List = "reviewer-record";
}

public static class ReviewerRecords
{
    /// <summary>
    /// The record with one page of its appearances (newest first, after <paramref name="page"/>'s position); the
    /// totals always count every appearance. Null for someone with no published verdict.
    /// </summary>
    public static async Task<ReviewerRecord?> LoadAsync(IQuerySession session, HttpContext http, Guid id, PageRequest<AppearancePosition> page,
        CancellationToken ct)
    {
        var all = await LoadAsync(session, id, ct);
        if (all is null) return null;
        var after = page.After;
        var rest = all.Appearances
            .Where(a => after is null || a.PublishedAt < after.PublishedAt || (a.PublishedAt == after.PublishedAt && a.ComparisonId.CompareTo(after.ComparisonId) < 0))
            .Take(page.Limit + 1).ToList();
        var (items, _) = Paging.Cut(http, AppearancePosition.List, rest, page.Limit, a => new AppearancePosition(a.PublishedAt, a.ComparisonId));
        return all with { Appearances = items };
    }

    public static async Task<ReviewerRecord?> LoadAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var appearances = await session.Query<ReviewerAppearance>()
            .Where(x => x.ReviewerId == id)
            .ToListAsync(ct);
        if (appearances.Count == 0) return null;
        appearances = [.. appearances.OrderByDescending(x => x.PublishedAt).ThenByDescending(x => x.ComparisonId)];
        // What each comparison first released: a verdict that differs there was revised after publication.
        var firsts = (await session.LoadManyAsync<PublishedScorecard>(ct, appearances.Select(a => PublishedScorecard.IdOf(a.ComparisonId, 1))))
            .ToDictionary(x => x.ComparisonId);
        var views = appearances.Select(a =>
        {
            var before = firsts.TryGetValue(a.ComparisonId, out var v1)
                ? v1.Content.Quotes.Where(q => q.ReviewerId == id).ToDictionary(q => q.ToolId)
                : [];
            var revised = a.Verdicts.Count(v => before.TryGetValue(v.ToolId, out var q) && (q.Decision != v.Decision || q.Quote != v.Quote || q.Withdrawn != v.Withdrawn));
            return new ReviewerAppearanceView(a.ComparisonId, a.Title, a.Angle, a.Version, a.PublishedAt, a.Verdicts, revised, a.Declaration,
                $"/api/scorecards/{a.ComparisonId}", $"/scorecards/{a.ComparisonId}");
        }).ToList();
        var sided = views.SelectMany(v => v.Verdicts).Where(v => v.WithMajority is not null).ToList();
        var withMajority = sided.Count(v => v.WithMajority == true);
        return new ReviewerRecord(id, appearances[0].ReviewerName, views.Count, views.Sum(v => v.Verdicts.Count(x => !x.Withdrawn)),
            withMajority, ScorecardCalculator.Percent(withMajority, sided.Count), views.Sum(v => v.RevisedAfterPublication), views);
    }
}

public static class ShowingReviewerRecordEndpoint
{
    /// <summary>Paged (<c>limit</c>, <c>cursor</c>; the next page in the <c>Link</c> header); the totals count every appearance.</summary>
    [EndpointSummary("Read a reviewer's record across published comparisons")]
    [WolverineGet("/api/reviewers/{id}/record", OperationId = "getReviewerRecord")]
    [ProducesResponseType<ReviewerRecord>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, int? limit, string? cursor, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        if (Paging.Read<AppearancePosition>(http, AppearancePosition.List, limit, cursor, out var page) is { } bad) return bad.ToResult();
        return await ReviewerRecords.LoadAsync(session, http, id, page, ct) is { } record
            ? Results.Ok(record)
            : Problems.NotFound("reviewer with a published verdict", id).ToResult();
    }

    [WolverineGet("/reviewers/{id}")]
    [ExcludeFromDescription]
    public static async Task<IResult> Page(Guid id, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Html.RecordPage<ReviewerPage>(http, await ReviewerRecords.LoadAsync(session, id, ct), "No reviewer with a published verdict has that address.");
}
