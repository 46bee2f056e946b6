namespace Panel.Comparisons.Completing;

/// <summary>
/// The fact that follows from a change rather than from a request: when a decision takes the panel from
/// incomplete to complete, <see cref="PanelCompleted"/> is part of its outcome, appended in the same
/// transaction. Every comparison write adds it through <see cref="ComparisonStream"/>. Pure: it folds the
/// events onto the state the decision saw.
/// </summary>
public static class PanelCompletion
{
    public static IReadOnlyList<object> Follow(Comparison? before, IReadOnlyList<object> events)
    {
        // A complete panel stays complete through any one decision's events: no need to fold them.
        if (events.Count == 0 || before is null || before.Complete || events.Any(e => e is PanelCompleted)) return events;

        var after = before;
        foreach (var e in events) after = ComparisonProjection.Replay(after, e);
        if (!after.Complete) return events;

        var last = events.OfType<IComparisonEvent>().Last();
        return [.. events, new PanelCompleted(after.Id, last.Actor, last.At)];
    }

    /// <summary>The decision's outcome with its consequence: a refusal or nothing to do stays as it is.</summary>
    public static Outcome Follow(Comparison before, Outcome outcome) =>
        outcome.Problem is not null || outcome.Events.Count == 0 ? outcome : new Outcome(Follow(before, outcome.Events), null);
}
