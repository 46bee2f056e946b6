namespace Panel.Comparisons.GettingHistory;

public sealed record Actor(Guid Id, string? Name);

/// <summary>
/// One event of the comparison: its type, who did it, when the server appended it, its data, and the
/// link of the event hash chain (<see cref="EventDigest"/>) through it.
/// </summary>
public sealed record HistoryEntry(long Version, long Sequence, string Type, Actor Actor, DateTimeOffset Time, object Data, string Digest);

public static class GettingHistoryEndpoint
{
    [WolverineGet("/api/comparisons/{id}/history", OperationId = "getComparisonHistory")]
    [Authorize(Roles = Roles.EditorOrAdmin)]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        // A tool's or a person's stream shares the id space: it is not a comparison either.
        if (events.Count == 0 || events[0].Data is not ComparisonOpened) return Problems.NotFound("comparison", id).ToResult();

        var actorIds = events.Select(e => ((IComparisonEvent)e.Data).Actor).Distinct().ToArray();
        var names = (await session.LoadManyAsync<User>(ct, actorIds)).ToDictionary(u => u.Id, u => u.Name);
        names[ConfiguredAdmin.Id] = ConfiguredAdmin.Name;
        names[Scheduler.Id] = Scheduler.Name;

        var chain = EventDigest.Chain(events.Select(e => (e.Version, e.Data)));
        return Results.Ok(events.Select((e, i) =>
        {
            var actor = ((IComparisonEvent)e.Data).Actor;
            return new HistoryEntry(e.Version, e.Sequence, e.Data.GetType().Name,
                new Actor(actor, names.GetValueOrDefault(actor)), e.Timestamp, e.Data, chain[i]);
        }).ToList());
    }
}
