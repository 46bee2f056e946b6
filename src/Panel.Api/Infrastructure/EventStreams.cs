using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Panel.Infrastructure;

/// <summary>
/// The one write path for existing streams: fetch the aggregate, honour If-Match, run a pure decision,
/// append its events. Without If-Match a lost race is retried on fresh state, so writers who touch
/// different parts of a stream (two reviewers' verdicts) all succeed; with If-Match it is a 412.
/// </summary>
public static class EventStreams
{
    private const int Attempts = 10;

    public static async Task<IResult> Change<T>(
        IDocumentStore store,
        HttpContext http,
        Guid id,
        string what,
        Func<T, Outcome> decide,
        Func<T, long, IResult> respond) where T : class
    {
        // Marten throws on an empty stream id; no stream has it, so the thing is simply unknown.
        if (id == Guid.Empty) return Problems.NotFound(what, id).ToResult();

        var ifMatch = ETags.ReadIfMatch(http.Request);
        var ct = http.RequestAborted;

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForWriting<T>(id, ct);
            if (stream.Aggregate is null) return Problems.NotFound(what, id).ToResult();

            var version = stream.CurrentVersion ?? 0;
            if (ifMatch is not null && !ifMatch.Matches(version)) return Problems.StaleVersion(version).ToResult();

            var outcome = decide(stream.Aggregate);
            if (outcome.Problem is not null) return outcome.Problem.ToResult();
            if (outcome.Events.Count == 0)
            {
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
                    var state = await store.QuerySession().Events.FetchStreamStateAsync(id, ct);
                    return Problems.StaleVersion(state?.Version ?? version).ToResult();
                }
                if (attempt == Attempts) return Problems.Busy().ToResult();
                await Task.Delay(Random.Shared.Next(2, 10 * attempt), ct);
                continue;
            }

            var newVersion = version + outcome.Events.Count;
            await using var query = store.QuerySession();
            var after = await query.LoadAsync<T>(id, ct) ?? stream.Aggregate;
            ETags.Set(http.Response, newVersion);
            return respond(after, newVersion);
        }
    }

    public static bool IsConcurrencyFailure(Exception e) =>
        e is ConcurrencyException || e.InnerException is ConcurrencyException;

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
