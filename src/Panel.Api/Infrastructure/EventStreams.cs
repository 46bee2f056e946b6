using JasperFx;
using JasperFx.Events;
using Npgsql;

namespace Panel.Infrastructure;

/// <summary>
/// The one write path for streams: fetch the aggregate, honour If-Match, run a pure decision, append
/// its events. Without If-Match the stream's row is locked for the decision (writers to one stream
/// queue instead of overwriting or failing), so two reviewers' verdicts at the same moment both land;
/// with If-Match the client pinned a version, the read is optimistic and a changed stream is a 412.
/// The rare lost race that a lock cannot prevent (two first writes of a new stream) is retried.
/// </summary>
public static class EventStreams
{
    private const int Attempts = 10;

    public static Task<IResult> Change<T>(
        IDocumentStore store,
        HttpContext http,
        Guid id,
        string what,
        Func<T, Outcome> decide,
        Func<T, long, IResult> respond) where T : class =>
        Write<T>(store, http, id, what, mayStart: false, x => decide(x!), respond);

    /// <summary>Like <see cref="Change{T}"/>, for a stream the first write starts: the decision may see null.</summary>
    public static Task<IResult> ChangeOrStart<T>(
        IDocumentStore store,
        HttpContext http,
        Guid id,
        Func<T?, Outcome> decide,
        Func<T, long, IResult> respond) where T : class =>
        Write(store, http, id, "stream", mayStart: true, decide, respond);

    private static async Task<IResult> Write<T>(
        IDocumentStore store,
        HttpContext http,
        Guid id,
        string what,
        bool mayStart,
        Func<T?, Outcome> decide,
        Func<T, long, IResult> respond) where T : class
    {
        // Marten throws on an empty stream id; no stream has it, so the thing is simply unknown.
        if (id == Guid.Empty) return Problems.NotFound(what, id).ToResult();

        var ifMatch = ETags.ReadIfMatch(http.Request);
        var ct = http.RequestAborted;

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            IEventStream<T> stream;
            try
            {
                stream = ifMatch is null
                    ? await session.Events.FetchForExclusiveWriting<T>(id, ct)
                    : await session.Events.FetchForWriting<T>(id, ct);
            }
            catch (Marten.Exceptions.StreamLockedException)
            {
                if (attempt == Attempts) return Problems.Busy().ToResult();
                await Task.Delay(Random.Shared.Next(2, 10 * attempt), ct);
                continue;
            }
            if (stream.Aggregate is null && !mayStart) return Problems.NotFound(what, id).ToResult();

            var version = stream.CurrentVersion ?? 0;
            if (ifMatch is not null && !ifMatch.Matches(version)) return Problems.StaleVersion(version).ToResult();

            var outcome = decide(stream.Aggregate);
            if (outcome.Problem is not null) return outcome.Problem.ToResult();
            if (outcome.Events.Count == 0)
            {
                if (stream.Aggregate is null) return Problems.NotFound(what, id).ToResult();
                ETags.Set(http.Response, version);
                return respond(stream.Aggregate, version);
            }

            stream.AppendMany(outcome.Events);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (IsConcurrencyFailure(e))
            {
                if (ifMatch is not null)
                {
                    await using var fresh = store.QuerySession();
                    var state = await fresh.Events.FetchStreamStateAsync(id, ct);
                    return Problems.StaleVersion(state?.Version ?? version).ToResult();
                }
                if (attempt == Attempts) return Problems.Busy().ToResult();
                await Task.Delay(Random.Shared.Next(2, 10 * attempt), ct);
                continue;
            }

            var newVersion = version + outcome.Events.Count;
            await using var query = store.QuerySession();
            var after = await query.LoadAsync<T>(id, ct) ?? stream.Aggregate!;
            ETags.Set(http.Response, newVersion);
            return respond(after, newVersion);
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
