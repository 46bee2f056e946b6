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

/// <summary>Who acts when a scheduled message (a reminder, a due date) changes a comparison: Panel itself.</summary>
public static class Scheduler
{
    public static readonly Guid Id = new("00000000-0000-4000-8000-00000000005c");
    public const string Name = "Panel (scheduled)";
}

/// <summary>
/// An editor set (or moved) the panel's deadline. <paramref name="DeadlineId"/> is new on every change, so a
/// reminder or due date scheduled for an earlier deadline recognises itself as superseded.
/// </summary>
public sealed record DeadlineSet(Guid ComparisonId, Guid DeadlineId, DateTimeOffset DueAt, DateTimeOffset? RemindAt, Guid By, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

public sealed record DeadlineCleared(Guid ComparisonId, Guid DeadlineId, Guid By, DateTimeOffset At) : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

/// <summary>One reviewer reminded, with the tools they still owed at that moment.</summary>
public sealed record Reminded(Guid ReviewerId, string ReviewerName, IReadOnlyList<Guid> OwedToolIds);

/// <summary>At the deadline's reminder time, the reviewers who still owed verdicts were reminded (once per deadline).</summary>
public sealed record ReviewersReminded(Guid ComparisonId, Guid DeadlineId, DateTimeOffset DueAt, IReadOnlyList<Reminded> Reviewers, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => Scheduler.Id;
}

/// <summary>The deadline passed with verdicts still missing.</summary>
public sealed record PanelBecameOverdue(Guid ComparisonId, Guid DeadlineId, DateTimeOffset DueAt, int Missing, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => Scheduler.Id;
}

/// <summary>
/// The panel went from incomplete to complete: the last missing verdict landed, or a withdrawal or an
/// unseating left nothing missing. <paramref name="By"/> is whoever made the change that completed it.
/// </summary>
public sealed record PanelCompleted(Guid ComparisonId, Guid By, DateTimeOffset At) : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

// ---- The editorial record: conflicts of interest, the editor's verdict, retractions ----

/// <summary>One conflict a reviewer declares, optionally naming one of the comparison's tools.</summary>
public sealed record DeclaredConflict(string Description, Guid? ToolId);

/// <summary>
/// A reviewer's declaration of conflicts on their seat, replacing any earlier one; an empty list declares
/// "none". Closed with the first publication.
/// </summary>
public sealed record ConflictsDeclared(Guid ComparisonId, Guid ReviewerId, IReadOnlyList<DeclaredConflict> Conflicts, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => ReviewerId;
}

/// <summary>
/// An editor requires (or stops requiring) that nobody who declared a conflict naming this tool judges it.
/// </summary>
public sealed record ConflictFreeRequired(Guid ComparisonId, Guid ToolId, bool Required, Guid By, DateTimeOffset At) : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

/// <summary>The editor's verdict: the panel's bottom line in words, and the tool the editor recommends, if any.</summary>
public sealed record EditorsVerdictWritten(Guid ComparisonId, string BottomLine, Guid? RecommendedToolId, Guid By, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

/// <summary>The published comparison is retracted: it stays readable, marked, and takes no more votes or versions.</summary>
public sealed record ComparisonRetracted(Guid ComparisonId, int Version, string Note, Guid By, DateTimeOffset At) : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}

// ---- Tool facts that move ----

/// <summary>
/// An editor applied a tool's current facts to the comparison: <paramref name="Changes"/> says what moved (before → after),
/// <paramref name="Facts"/> is what the comparison holds from now on. After a publication it asks for a correction.
/// </summary>
public sealed record ToolFactsApplied(
    Guid ComparisonId, Guid ToolId, IReadOnlyList<ToolFactChange> Changes, ComparedTool Facts, Guid By, DateTimeOffset At)
    : IComparisonEvent
{
    Guid IComparisonEvent.Actor => By;
}
