using JasperFx;
using JasperFx.Events;
using Npgsql;

namespace Panel.Infrastructure;

/// <summary>
/// What every write to a stream shares, whatever the aggregate: fetch it, honour If-Match, run the caller's
/// decision, append its events and commit, with ETags and telemetry. Without If-Match the stream's row is
/// locked for the decision (writers to one stream queue instead of overwriting or failing), so two
/// reviewers' verdicts at the same moment both land; with If-Match the client pinned a version, the read is
/// optimistic and a changed stream is a 412. The rare lost race that a lock cannot prevent (two first writes
/// of a new stream) is retried. What a decision implies (a panel becoming complete) is the decision's own
/// business: this class knows no aggregate.
/// </summary>
public static class EventStreams
{
    private const int Attempts = 10;

    /// <summary>A JSON endpoint's write: If-Match from the request, the problem or the answer with the new ETag.</summary>
    public static Task<IResult> Change<T>(
        IDocumentStore store,
        HttpContext http,
        Guid id,
        string what,
        Func<T, Outcome> decide,
        Func<T, long, IResult> respond) where T : class =>
        Answer(http, WriteAsync<T>(store, id, what, mayStart: false, ETags.ReadIfMatch(http.Request), x => decide(x!), http.RequestAborted), respond);

    /// <summary>The answer to a write: its problem, or <paramref name="respond"/> with the new version as the ETag.</summary>
    public static async Task<IResult> Answer<T>(HttpContext http, Task<StreamWrite<T>> writing, Func<T, long, IResult> respond) where T : class
    {
        var written = await writing;
        if (written.Problem is not null) return written.Problem.ToResult();
        ETags.Set(http.Response, written.Version);
        return respond(written.State!, written.Version);
    }

    /// <summary>The write with a pure decision on the aggregate alone.</summary>
    public static Task<StreamWrite<T>> WriteAsync<T>(
        IDocumentStore store,
        Guid id,
        string what,
        bool mayStart,
        IfMatch? expected,
        Func<T?, Outcome> decide,
        CancellationToken ct) where T : class =>
        WriteAsync<T>(store, id, what, mayStart, expected, (x, _, _) => ValueTask.FromResult(decide(x)), ct);

    /// <summary>
    /// The write itself, for every caller: the decision's problem, or the state and version after the append.
    /// <paramref name="expected"/> is If-Match (or a form's version). The decision may read more through the
    /// session, inside the lock: what it reads cannot move before the commit (a publication's seal).
    /// </summary>
    public static async Task<StreamWrite<T>> WriteAsync<T>(
        IDocumentStore store,
        Guid id,
        string what,
        bool mayStart,
        IfMatch? expected,
        Func<T?, IQuerySession, CancellationToken, ValueTask<Outcome>> decide,
        CancellationToken ct) where T : class
    {
        // Marten throws on an empty stream id; no stream has it, so the thing is simply unknown.
        if (id == Guid.Empty) return StreamWrite<T>.Refused(Problems.NotFound(what, id));

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            IEventStream<T> stream;
            try
            {
                stream = expected is null
                    ? await session.Events.FetchForExclusiveWriting<T>(id, ct)
                    : await session.Events.FetchForWriting<T>(id, ct);
            }
            catch (Marten.Exceptions.StreamLockedException)
            {
                if (attempt == Attempts) return StreamWrite<T>.Refused(Problems.Busy());
                await Task.Delay(Random.Shared.Next(2, 10 * attempt), ct);
                continue;
            }
            if (stream.Aggregate is null && !mayStart) return StreamWrite<T>.Refused(Problems.NotFound(what, id));

            var version = stream.CurrentVersion ?? 0;
            if (expected is not null && !expected.Matches(version)) return StreamWrite<T>.Refused(Problems.StaleVersion(version));

            Outcome outcome;
            using (var deciding = Telemetry.Source.StartActivity("panel.decide"))
            {
                deciding?.SetTag("panel.stream", id).SetTag("panel.aggregate", typeof(T).Name).SetTag("panel.version", version);
                outcome = await decide(stream.Aggregate, session, ct);
                deciding?.SetTag("panel.events", outcome.Events.Count).SetTag("panel.refused", outcome.Problem?.Type);
            }
            if (outcome.Problem is not null) return StreamWrite<T>.Refused(outcome.Problem);
            if (outcome.Events.Count == 0)
            {
                return stream.Aggregate is null
                    ? StreamWrite<T>.Refused(Problems.NotFound(what, id))
                    : new StreamWrite<T>(stream.Aggregate, version, [], null);
            }

            var events = outcome.Events;
            stream.AppendMany(events);
            try
            {
                // The append, the inline projections, the request's Idempotency-Key and the commit: one transaction.
                using var appending = Telemetry.Source.StartActivity("panel.append");
                appending?.SetTag("panel.stream", id).SetTag("panel.events", string.Join(",", events.Select(e => e.GetType().Name)));
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (IsConcurrencyFailure(e))
            {
                if (expected is not null)
                {
                    await using var fresh = store.QuerySession();
                    var state = await fresh.Events.FetchStreamStateAsync(id, ct);
                    return StreamWrite<T>.Refused(Problems.StaleVersion(state?.Version ?? version));
                }
                if (attempt == Attempts) return StreamWrite<T>.Refused(Problems.Busy());
                await Task.Delay(Random.Shared.Next(2, 10 * attempt), ct);
                continue;
            }

            var newVersion = version + events.Count;
            // The inline projection left the new state in this session's identity map: no second read.
            var after = await session.Events.FetchLatest<T>(id, ct) ?? stream.Aggregate!;
            return new StreamWrite<T>(after, newVersion, events, null);
        }
    }

    /// <summary>Another writer got there first: a moved stream version, or two first writes of one stream.</summary>
    public static bool IsConcurrencyFailure(Exception e) =>
        e is ConcurrencyException or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
            or Marten.Exceptions.StreamLockedException
        || e.InnerException is ConcurrencyException;

    /// <summary>A unique index said no: someone else created the same thing first.</summary>
    public static bool IsUniqueViolation(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        }
        return false;
    }
}

/// <summary>What a write did: the problem that stopped it, or the state and version after it (and the events it appended).</summary>
public sealed record StreamWrite<T>(T? State, long Version, IReadOnlyList<object> Appended, ProblemDetails? Problem) where T : class
{
    public static StreamWrite<T> Refused(ProblemDetails problem) => new(null, 0, [], problem);
}
