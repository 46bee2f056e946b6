using System.Text.Json.Serialization;

namespace Panel.Comparisons;

/// <summary>
/// The panel's deadline: verdicts are due at <see cref="DueAt"/>, owing reviewers are reminded at
/// <see cref="RemindAt"/>. <see cref="Reminded"/> and <see cref="Overdue"/> record what the scheduled
/// messages did, so a repeated or superseded message changes nothing.
/// </summary>
public sealed record Deadline(Guid Id, DateTimeOffset DueAt, DateTimeOffset? RemindAt, DateTimeOffset SetAt, bool Reminded, bool Overdue);

public sealed record Seat(Guid ReviewerId, string ReviewerName, string Angle, DateTimeOffset SeatedAt)
{
    /// <summary>The reviewer's declaration of conflicts; null until they declare (an empty list declares none).</summary>
    public Declaration? Declaration { get; init; }

    public bool DeclaredConflictWith(Guid toolId) => Declaration?.Conflicts.Any(x => x.ToolId == toolId) == true;
}

/// <summary>What a reviewer declared on their seat, and when.</summary>
public sealed record Declaration(IReadOnlyList<DeclaredConflict> Conflicts, DateTimeOffset DeclaredAt);

/// <summary>The editor's verdict as it stands: the bottom line and the recommended tool, if any.</summary>
public sealed record EditorsVerdict(string BottomLine, Guid? RecommendedToolId, Guid By, DateTimeOffset At);

/// <summary>The comparison's retraction: which published version it withdrew, why, who and when.</summary>
public sealed record Retraction(int Version, string Note, Guid By, DateTimeOffset At);

/// <summary>One reviewer's verdict on one tool. A withdrawn verdict stays as a placeholder.</summary>
public sealed record Verdict(
    Guid ReviewerId, Guid ToolId, Decision Decision, string Quote, string? EditedQuote, string? Note,
    int Revisions, string? WithdrawalReason, DateTimeOffset At)
{
    [JsonIgnore] public bool Withdrawn => WithdrawalReason is not null;

    /// <summary>What readers see: the editor's wording where there is one.</summary>
    [JsonIgnore] public string PublicQuote => EditedQuote ?? Quote;
}

/// <summary>
/// The comparison as its events leave it: the write model every decision is made on, and (with its
/// scorecard, computed by <see cref="ComparisonProjection"/>) the live read model.
/// </summary>
public sealed record Comparison(
    Guid Id,
    string Title,
    IReadOnlyList<ComparedTool> Tools,
    IReadOnlyList<Seat> Seats,
    IReadOnlyList<Verdict> Verdicts,
    Guid OpenedBy,
    DateTimeOffset OpenedAt,
    int PublishedVersion,
    DateTimeOffset? PublishedAt,
    bool NeedsCorrection)
{
    public long Version { get; set; }

    private Scorecards.Scorecard? scorecard;

    /// <summary>
    /// The live scorecard, computed from this state when first read: folding many events at once (a rebuild)
    /// computes it once per document instead of once per event. Every fold (<see cref="Next"/>) starts the
    /// next state without it, so no state ever shows another's figures. It is not stored: it follows from the
    /// fields that are, and leaving it out keeps the document every write reads and rewrites at about half the
    /// size (docs/benchmarks.md).
    /// </summary>
    [JsonIgnore]
    public Scorecards.Scorecard Scorecard => scorecard ??= Scorecards.ScorecardCalculator.Compute(this);

    /// <summary>
    /// Every seated reviewer has answered (or withdrawn from) every tool they owe: the one completeness
    /// rule (the scorecard's <see cref="Scorecards.Scorecard.Complete"/> is this), decided without
    /// computing the scorecard. Stored, so the editors' queue can query it.
    /// </summary>
    public bool Complete => Seats.Count > 0 && Seats.All(s => HasAnsweredEveryTool(s.ReviewerId));

    /// <summary>The deadline, if an editor set one.</summary>
    public Deadline? Deadline { get; init; }

    /// <summary>When the panel last became complete (<see cref="PanelCompleted"/>).</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The deadline passed with verdicts missing, and they are missing still.</summary>
    [JsonIgnore] public bool Overdue => Deadline is { Overdue: true };

    // ---- The editorial record ----

    /// <summary>Tools on which an editor requires that no reviewer with a conflict naming them gives a verdict.</summary>
    public IReadOnlyList<Guid> ConflictFreeTools { get; init; } = [];

    public EditorsVerdict? EditorsVerdict { get; init; }

    public Retraction? Retraction { get; init; }

    [JsonIgnore] public bool Retracted => Retraction is not null;

    /// <summary>The reviewer declared a conflict naming a tool the editor requires to be judged conflict-free.</summary>
    public bool Barred(Guid reviewerId, Guid toolId) =>
        ConflictFreeTools.Contains(toolId) && SeatOf(reviewerId)?.DeclaredConflictWith(toolId) == true;

    /// <summary>Standing verdicts a conflict rule bars: they block publication until withdrawn or the rule lifts.</summary>
    public IReadOnlyList<Verdict> BarredVerdicts() =>
        [.. Verdicts.Where(v => !v.Withdrawn && SeatOf(v.ReviewerId) is not null && Barred(v.ReviewerId, v.ToolId))];

    /// <summary>The last link of the event hash chain (<see cref="EventDigest"/>), through <see cref="Version"/>.</summary>
    public string Digest { get; init; } = "";

    /// <summary>
    /// The last link of the canonical chain (scheme panel-2, <see cref="Evidence.PublicRecord"/>) through
    /// <see cref="Version"/>; null where it could not be folded (a replay without the store's event ids, a
    /// document stored before panel-2). Only the head is kept, so a write costs the same on a comparison of
    /// ten events or ten thousand; publishing recomputes the links from the events (<see cref="Evidence.Sealing"/>).
    /// </summary>
    public string? ChainHead { get; init; }

    /// <summary>Tool facts applied since the last publication: what a correction's notice says changed.</summary>
    public IReadOnlyList<Panel.Tools.ToolFactChange> AppliedFacts { get; init; } = [];

    public ComparedTool? Tool(Guid toolId) => Tools.FirstOrDefault(x => x.ToolId == toolId);
    public Seat? SeatOf(Guid reviewerId) => Seats.FirstOrDefault(x => x.ReviewerId == reviewerId);
    public Verdict? VerdictOf(Guid reviewerId, Guid toolId) =>
        Verdicts.FirstOrDefault(x => x.ReviewerId == reviewerId && x.ToolId == toolId);

    /// <summary>
    /// The tools this reviewer has neither answered nor withdrawn from, in the comparison's order; a tool the
    /// reviewer is barred from by a declared conflict is not owed.
    /// </summary>
    public IReadOnlyList<ComparedTool> OwedBy(Guid reviewerId) =>
        [.. Tools.Where(t => VerdictOf(reviewerId, t.ToolId) is null && !Barred(reviewerId, t.ToolId))];

    /// <summary>Has this reviewer answered (or withdrawn from) every tool?</summary>
    public bool HasAnsweredEveryTool(Guid reviewerId) => OwedBy(reviewerId).Count == 0;

    // ---- Rules the decisions and the pages share: one predicate each, so a page never re-derives one ----

    /// <summary>Declarations and conflict rules may change until the first publication (and never on a retracted comparison).</summary>
    [JsonIgnore] public bool EditorialRecordOpen => PublishedVersion == 0 && !Retracted;

    /// <summary>Only a seated reviewer who has given no verdict can be unseated; one who has withdraws instead.</summary>
    public bool MayUnseat(Guid reviewerId) => SeatOf(reviewerId) is not null && Verdicts.All(v => v.ReviewerId != reviewerId);

    /// <summary>No peeking: a seated reviewer reads the panel's verdicts once their own are all in.</summary>
    public bool MayReadPanel(Guid reviewerId) => SeatOf(reviewerId) is not null && HasAnsweredEveryTool(reviewerId);

    /// <summary>The state after <paramref name="event"/>, with its own scorecard (a <c>with</c> would copy the last one's).</summary>
    public static Comparison Next(Comparison? state, object @event)
    {
        var next = Fold(state, @event);
        if (ReferenceEquals(next, state)) return next;
        next.scorecard = null;
        return next;
    }

    private static Comparison Fold(Comparison? state, object @event) => @event switch
    {
        ComparisonOpened e => new Comparison(e.ComparisonId, e.Title, e.Tools, [], [], e.By, e.At, 0, null, false),
        _ when state is null => throw new InvalidOperationException($"{@event.GetType().Name} before ComparisonOpened"),
        ReviewerSeated e => state.Changed() with
        {
            Seats = [.. state.Seats, new Seat(e.ReviewerId, e.ReviewerName, e.Angle, e.At)]
        },
        ReviewerUnseated e => state.Changed() with
        {
            Seats = [.. state.Seats.Where(x => x.ReviewerId != e.ReviewerId)]
        },
        VerdictSubmitted e => state.Changed().WithVerdict(e.ReviewerId, e.ToolId,
            _ => new Verdict(e.ReviewerId, e.ToolId, e.Decision, e.Quote, null, e.Note, 0, null, e.At)),
        VerdictRevised e => state.Changed().WithVerdict(e.ReviewerId, e.ToolId,
            v => new Verdict(e.ReviewerId, e.ToolId, e.Decision, e.Quote, null, e.Note, (v?.Revisions ?? 0) + 1, null, e.At)),
        VerdictWithdrawn e => state.Changed().WithVerdict(e.ReviewerId, e.ToolId,
            v => v! with { WithdrawalReason = e.Reason, At = e.At }),
        QuoteEdited e => state.Changed().WithVerdict(e.ReviewerId, e.ToolId,
            v => v! with { EditedQuote = e.Quote }),
        ScorecardPublished e => state with { PublishedVersion = e.Version, PublishedAt = e.At, NeedsCorrection = false, AppliedFacts = [] },
        // Deadlines and their consequences say nothing about the panel's figures: no correction needed.
        DeadlineSet e => state with { Deadline = new Deadline(e.DeadlineId, e.DueAt, e.RemindAt, e.At, false, false) },
        DeadlineCleared => state with { Deadline = null },
        ReviewersReminded e when state.Deadline?.Id == e.DeadlineId => state with { Deadline = state.Deadline with { Reminded = true } },
        PanelBecameOverdue e when state.Deadline?.Id == e.DeadlineId => state with { Deadline = state.Deadline with { Overdue = true } },
        PanelCompleted e => state with
        {
            CompletedAt = e.At,
            Deadline = state.Deadline is null ? null : state.Deadline with { Overdue = false }
        },
        // The editorial record: declarations and conflict rules close with the first publication.
        ConflictsDeclared e => state with
        {
            Seats = [.. state.Seats.Select(s => s.ReviewerId == e.ReviewerId ? s with { Declaration = new Declaration(e.Conflicts, e.At) } : s)]
        },
        ConflictFreeRequired e => state with
        {
            ConflictFreeTools = e.Required
                ? [.. state.ConflictFreeTools.Where(x => x != e.ToolId), e.ToolId]
                : [.. state.ConflictFreeTools.Where(x => x != e.ToolId)]
        },
        EditorsVerdictWritten e => state.Changed() with { EditorsVerdict = new EditorsVerdict(e.BottomLine, e.RecommendedToolId, e.By, e.At) },
        ComparisonRetracted e => state with { Retraction = new Retraction(e.Version, e.Note, e.By, e.At), NeedsCorrection = false },
        // Tool facts that move: the comparison now holds the tool's current facts.
        ToolFactsApplied e => state.Changed() with
        {
            Tools = [.. state.Tools.Select(t => t.ToolId == e.ToolId ? e.Facts : t)],
            AppliedFacts = [.. state.AppliedFacts, .. e.Changes]
        },
        _ => state
    };

    /// <summary>
    /// Any change after a publication leaves that version as it was and asks for a correction; a retracted
    /// comparison is never corrected.
    /// </summary>
    private Comparison Changed() => PublishedVersion > 0 && Retraction is null ? this with { NeedsCorrection = true } : this;

    private Comparison WithVerdict(Guid reviewerId, Guid toolId, Func<Verdict?, Verdict> change)
    {
        var current = VerdictOf(reviewerId, toolId);
        var next = change(current);
        return this with
        {
            Verdicts = current is null
                ? [.. Verdicts, next]
                : [.. Verdicts.Select(x => ReferenceEquals(x, current) ? next : x)]
        };
    }
}
