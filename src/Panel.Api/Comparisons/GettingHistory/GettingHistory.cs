using System.Text.Json.Serialization;

namespace Panel.Comparisons.GettingHistory;

public sealed record Actor(Guid Id, string? Name);

/// <summary>
/// One event of the comparison: its type, who did it, when the server appended it, its data, and the
/// link of the event hash chain (<see cref="EventDigest"/>) through it. A revised verdict or an edited
/// quote also carries a word-level diff against the quote's previous wording.
/// </summary>
public sealed record HistoryEntry(long Version, long Sequence, string Type, Actor Actor, DateTimeOffset Time, object Data, string Digest)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DiffRun>? QuoteDiff { get; init; }
}

public static class ComparisonHistory
{
    /// <summary>Every event of the comparison in order, or null when there is no such comparison.</summary>
    public static async Task<IReadOnlyList<HistoryEntry>?> ReadAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        // A tool's or a person's stream shares the id space: it is not a comparison either.
        if (events.Count == 0 || events[0].Data is not ComparisonOpened) return null;

        var actorIds = events.Select(e => ((IComparisonEvent)e.Data).Actor).Distinct().ToArray();
        var names = (await session.LoadManyAsync<User>(ct, actorIds)).ToDictionary(u => u.Id, u => u.Name);
        names[ConfiguredAdmin.Id] = ConfiguredAdmin.Name;
        names[Scheduler.Id] = Scheduler.Name;

        var chain = EventDigest.Chain(events.Select(e => (e.Version, e.Data)));
        var diffs = QuoteDiffs(events.Select(e => e.Data).ToList());
        return events.Select((e, i) =>
        {
            var actor = ((IComparisonEvent)e.Data).Actor;
            return new HistoryEntry(e.Version, e.Sequence, e.Data.GetType().Name,
                new Actor(actor, names.GetValueOrDefault(actor)), e.Timestamp, e.Data, chain[i])
            { QuoteDiff = diffs[i] };
        }).ToList();
    }

    /// <summary>
    /// Per event, the diff of the quote it changes against the wording that stood just before it (the
    /// editor's wording where there was one); null for events that change no quote.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<DiffRun>?> QuoteDiffs(IReadOnlyList<object> events)
    {
        Comparison? state = null;
        var diffs = new List<IReadOnlyList<DiffRun>?>(events.Count);
        foreach (var e in events)
        {
            diffs.Add(e switch
            {
                VerdictRevised r => QuoteDiff.Words(state?.VerdictOf(r.ReviewerId, r.ToolId)?.PublicQuote, r.Quote),
                QuoteEdited q => QuoteDiff.Words(state?.VerdictOf(q.ReviewerId, q.ToolId)?.PublicQuote, q.Quote),
                _ => null
            });
            state = Comparison.Next(state, e);
        }
        return diffs;
    }

    /// <summary>What a reviewer may read: the events about their own verdicts (and their own seat).</summary>
    public static bool ConcernsReviewer(object e, Guid reviewerId) => e switch
    {
        VerdictSubmitted x => x.ReviewerId == reviewerId,
        VerdictRevised x => x.ReviewerId == reviewerId,
        VerdictWithdrawn x => x.ReviewerId == reviewerId,
        QuoteEdited x => x.ReviewerId == reviewerId,
        ReviewerSeated x => x.ReviewerId == reviewerId,
        ConflictsDeclared x => x.ReviewerId == reviewerId,
        _ => false
    };
}

public static class GettingHistoryEndpoint
{
    [WolverineGet("/api/comparisons/{id}/history", OperationId = "getComparisonHistory")]
    [EndpointSummary("Read a comparison's history")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await ComparisonHistory.ReadAsync(session, id, ct) is { } history
            ? Results.Ok(history)
            : Problems.NotFound("comparison", id).ToResult();
}
