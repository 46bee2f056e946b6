using JasperFx.Events;
using Marten.Events.Aggregation;
using Panel.Evidence;
using Panel.Scorecards;

namespace Panel.Comparisons;

/// <summary>
/// Folds a comparison's events into its document (<see cref="Comparison.Next"/>), with its version, digest and
/// chain head. The live scorecard is not stored: each state computes it when first read. Nothing here reads a
/// clock, so a rebuild gives identical documents.
/// </summary>
public partial class ComparisonProjection : SingleStreamProjection<Comparison, Guid>
{
    public ComparisonProjection()
    {
        IncludeType<ComparisonOpened>();
        IncludeType<ReviewerSeated>();
        IncludeType<ReviewerUnseated>();
        IncludeType<VerdictSubmitted>();
        IncludeType<VerdictRevised>();
        IncludeType<VerdictWithdrawn>();
        IncludeType<QuoteEdited>();
        IncludeType<ScorecardPublished>();
        IncludeType<DeadlineSet>();
        IncludeType<DeadlineCleared>();
        IncludeType<ReviewersReminded>();
        IncludeType<PanelBecameOverdue>();
        IncludeType<PanelCompleted>();
        // The editorial record
        IncludeType<ConflictsDeclared>();
        IncludeType<ConflictFreeRequired>();
        IncludeType<EditorsVerdictWritten>();
        IncludeType<ComparisonRetracted>();
        IncludeType<ToolFactsApplied>();
        // Rebuilds (projections rebuild, the upgrade on start): read events in larger pages and write each
        // comparison document once per thousand comparisons instead of once per page it appears in.
        Options.BatchSize = 2_000;
        Options.RebuildFlushThreshold = 1_000;
    }

    public override Comparison? Evolve(Comparison? snapshot, Guid id, IEvent e)
    {
        // Other streams' events (tools, people) pass through here too: they are not ours to fold.
        if (e.Data is not IComparisonEvent) return snapshot;
        var next = Step(snapshot, e.Data, e.Version);
        // The public chain salts private notes with the event's id, which only the store knows.
        return next with
        {
            ChainHead = snapshot is null ? PublicRecord.Link(null, e.Version, e.Data, e.Id)
                : snapshot.ChainHead is { } head ? PublicRecord.Link(head, e.Version, e.Data, e.Id)
                : null
        };
    }

    /// <summary>The next state, as the projection would fold it, for events not (yet) in the store.</summary>
    public static Comparison Replay(Comparison? snapshot, object @event) =>
        Step(snapshot, @event, (snapshot?.Version ?? 0) + 1);

    private static Comparison Step(Comparison? snapshot, object @event, long version)
    {
        var next = Comparison.Next(snapshot, @event);
        return next with
        {
            ChainHead = null,
            Version = version,
            Digest = EventDigest.Next(snapshot?.Digest, version, @event)
        };
    }
}
