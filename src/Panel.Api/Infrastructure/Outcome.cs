namespace Panel.Infrastructure;

/// <summary>What a pure decision returns: the events to append, or the problem that stops it.</summary>
public sealed record Outcome(IReadOnlyList<object> Events, ProblemDetails? Problem)
{
    public static Outcome Append(params object[] events) => new(events, null);
    public static Outcome Reject(ProblemDetails problem) => new([], problem);

    /// <summary>A repeat of what already stands: nothing to append, still a success.</summary>
    public static readonly Outcome Unchanged = new([], null);

    public static implicit operator Outcome(ProblemDetails problem) => Reject(problem);
}
