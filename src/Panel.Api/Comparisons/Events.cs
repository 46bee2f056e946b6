using System.Text.Json.Serialization;
using Panel.Evidence;
using Panel.Scorecards;
using Panel.Tools;

namespace Panel.Comparisons;

public enum Decision { Ship, Skip }

/// <summary>Every event of a comparison's stream names the comparison, who acted and when.</summary>
public interface IComparisonEvent
{
    Guid ComparisonId { get; }
    [JsonIgnore] Guid Actor { get; }
    DateTimeOffset At { get; }
}

/// <summary>The tool's facts as they stood when the comparison opened: what the panel judged.</summary>
public sealed record ComparedTool(
    Guid ToolId, string Name, string Vendor, string Category, string Tagline, string Description,
    EntryTier EntryTier, string PricingRead, DateTimeOffset PricedAt);

public sealed record ComparisonOpened(Guid ComparisonId, string Title, IReadOnlyList<ComparedTool> Tools, Guid By, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

public sealed record ReviewerSeated(Guid ComparisonId, Guid ReviewerId, string ReviewerName, string Angle, Guid By, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

public sealed record ReviewerUnseated(Guid ComparisonId, Guid ReviewerId, Guid By, DateTimeOffset At) : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

public sealed record VerdictSubmitted(
    Guid ComparisonId, Guid ToolId, Guid ReviewerId, Decision Decision, string Quote, [property: Private] string? Note, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => ReviewerId;
}

public sealed record VerdictRevised(
    Guid ComparisonId, Guid ToolId, Guid ReviewerId, Decision Decision, string Quote, [property: Private] string? Note, string Reason, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => ReviewerId;
}

public sealed record VerdictWithdrawn(Guid ComparisonId, Guid ToolId, Guid ReviewerId, string Reason, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => ReviewerId;
}

/// <summary>An editor's wording for publication; the reviewer's own words stay in the verdict's history.</summary>
public sealed record QuoteEdited(Guid ComparisonId, Guid ToolId, Guid ReviewerId, string Quote, string Reason, Guid By, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

/// <summary>
/// A release of the scorecard. It carries the content exactly as released, so a published version can
/// never change behind a reader's back, not even when the code that computes scorecards changes.
/// </summary>
public sealed record ScorecardPublished(
    Guid ComparisonId, int Version, string? Note, bool IsCorrection, PublishedContent Content, Guid By, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;

    /// <summary>Scheme panel-2 on: the digests and signature the release was sealed with. Absent before.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Seal? Seal { get; init; }
}
