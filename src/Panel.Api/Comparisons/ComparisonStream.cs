using Panel.Comparisons.Completing;

namespace Panel.Comparisons;

/// <summary>
/// Every write to a comparison, for every use case and caller (JSON endpoint, workspace form, scheduled
/// message): the stream write every aggregate shares (<see cref="EventStreams"/>), with the comparison's
/// decision completed by what follows from it (<see cref="PanelCompletion"/>). Each use case's entry point
/// (<c>SubmittingVerdictEndpoint.SubmitAsync</c>, …) writes through here.
/// </summary>
public static class ComparisonStream
{
    public const string What = "comparison";

    public static Task<StreamWrite<Comparison>> WriteAsync(IDocumentStore store, Guid id, IfMatch? expected,
        Func<Comparison, Outcome> decide, CancellationToken ct) =>
        EventStreams.WriteAsync<Comparison>(store, id, What, mayStart: false, expected, c => PanelCompletion.Follow(c!, decide(c!)), ct);

    /// <summary>For a decision that reads more than the comparison (the reviewer to seat, the chain to seal), inside the lock.</summary>
    public static Task<StreamWrite<Comparison>> WriteAsync(IDocumentStore store, Guid id, IfMatch? expected,
        Func<Comparison, IQuerySession, CancellationToken, ValueTask<Outcome>> decide, CancellationToken ct) =>
        EventStreams.WriteAsync<Comparison>(store, id, What, mayStart: false, expected,
            async (c, session, token) => PanelCompletion.Follow(c!, await decide(c!, session, token)), ct);

    /// <summary>The write of a command that must be valid first: a validation problem stops it before anything is read.</summary>
    public static Task<StreamWrite<Comparison>> WriteAsync(IDocumentStore store, Guid id, IfMatch? expected, ProblemDetails validation,
        Func<Comparison, Outcome> decide, CancellationToken ct) =>
        Valid(validation) ? WriteAsync(store, id, expected, decide, ct) : Task.FromResult(StreamWrite<Comparison>.Refused(validation));

    public static Task<StreamWrite<Comparison>> WriteAsync(IDocumentStore store, Guid id, IfMatch? expected, ProblemDetails validation,
        Func<Comparison, IQuerySession, CancellationToken, ValueTask<Outcome>> decide, CancellationToken ct) =>
        Valid(validation) ? WriteAsync(store, id, expected, decide, ct) : Task.FromResult(StreamWrite<Comparison>.Refused(validation));

    private static bool Valid(ProblemDetails validation) => ReferenceEquals(validation, WolverineContinue.NoProblems);
}
