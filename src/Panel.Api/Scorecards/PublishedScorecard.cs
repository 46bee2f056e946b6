using JasperFx.Events;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using Panel.Comparisons;
using Panel.Evidence;

namespace Panel.Scorecards;

/// <summary>One released version of a comparison's scorecard. Never changed once written.</summary>
public sealed record PublishedScorecard(
    string Id, Guid ComparisonId, int Version, string? Note, bool IsCorrection, DateTimeOffset PublishedAt, PublishedContent Content,
    Seal? Seal = null)
{
    public static string IdOf(Guid comparisonId, int version) => $"{comparisonId}/{version}";
}

public partial class PublishedScorecardProjection : EventProjection
{
    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is ScorecardPublished p)
        {
            operations.Store(new PublishedScorecard(PublishedScorecard.IdOf(p.ComparisonId, p.Version), p.ComparisonId,
                p.Version, p.Note, p.IsCorrection, p.At, p.Content, p.Seal));
        }
        return ValueTask.CompletedTask;
    }
}

public sealed record ListedTool(Guid ToolId, string Name, int? ShipPercent, int Ship, int SampleSize);

/// <summary>The newest publication of a comparison: one row of the public list.</summary>
public sealed record ScorecardListing(
    Guid Id, string Title, int LatestVersion, bool IsCorrection, DateTimeOffset PublishedAt, DateTimeOffset FirstPublishedAt,
    IReadOnlyList<ListedTool> Tools)
{
    /// <summary>Set when the comparison was retracted: every version stays readable, marked.</summary>
    public PublicRetraction? Retraction { get; init; }

    /// <summary>Title and tool names in lower case: what the public list's text query <c>q</c> matches.</summary>
    public string Search { get; init; } = "";

    public static string SearchOf(string title, IEnumerable<string> toolNames) =>
        string.Join("\n", toolNames.Prepend(title)).ToLowerInvariant();
}

/// <summary>A retraction as the public reads it: which version it withdrew, why, and when.</summary>
public sealed record PublicRetraction(int Version, string Note, DateTimeOffset RetractedAt);

public partial class ScorecardListingProjection : SingleStreamProjection<ScorecardListing, Guid>
{
    // Only events that change the public list: without the filter, every write to a comparison would load
    // its listing document for nothing. An event added later that changes the list must be included here.
    public ScorecardListingProjection()
    {
        IncludeType<ScorecardPublished>();
        IncludeType<ComparisonRetracted>();
    }

    public override ScorecardListing? Evolve(ScorecardListing? snapshot, Guid id, IEvent e) => e.Data switch
    {
        ScorecardPublished p => new ScorecardListing(p.ComparisonId, p.Content.Title, p.Version, p.IsCorrection, p.At,
            snapshot?.FirstPublishedAt ?? p.At,
            p.Content.Tools.Select(t => new ListedTool(t.ToolId, t.Name, t.ShipPercent, t.Ship, t.SampleSize)).ToList())
        {
            Search = ScorecardListing.SearchOf(p.Content.Title, p.Content.Tools.Select(t => t.Name))
        },
        ComparisonRetracted r when snapshot is not null => snapshot with { Retraction = new PublicRetraction(r.Version, r.Note, r.At) },
        _ => snapshot
    };
}
