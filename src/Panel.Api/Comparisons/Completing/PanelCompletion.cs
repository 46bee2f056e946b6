namespace Panel.Comparisons.Completing;

/// <summary>
/// The fact that follows from a change rather than from a request: when a change takes the panel from
/// incomplete to complete, <see cref="PanelCompleted"/> is appended with it, in the same transaction.
/// Pure: it folds the events onto the state the decision saw.
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
}

/// <summary>What <see cref="Infrastructure.EventStreams"/> adds to any decision's events, whoever the caller is.</summary>
public static class Consequences
{
    public static IReadOnlyList<object> Of<T>(T? before, IReadOnlyList<object> events) where T : class =>
        typeof(T) == typeof(Comparison) ? PanelCompletion.Follow(before as Comparison, events) : events;
}
