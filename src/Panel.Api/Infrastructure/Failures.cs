using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Panel.Pages;

namespace Panel.Infrastructure;

/// <summary>
/// The answer to an exception no endpoint handled. What the client broke is theirs to fix (4xx); a
/// database that does not answer is a 503 with Retry-After that ends on its own when PostgreSQL is back;
/// anything else is a 500 that names no .NET type. A page address gets a page (<see cref="PageRoutes"/>), the API a problem.
/// </summary>
public sealed class Failures(ILogger<Failures> log) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, kind, title, detail) = exception is Marten.Exceptions.UnknownEventTypeException
            ? await UnreadableEvent(http, ct)
            : Classify(exception);
        if (status < 500)
            log.LogInformation("{Method} {Path} answered {Status}: {Message}", http.Request.Method, http.Request.Path, status, exception.Message);
        else if (status == StatusCodes.Status503ServiceUnavailable)
            log.LogWarning("{Method} {Path} answered 503: the database does not answer ({Message})", http.Request.Method, http.Request.Path, exception.Message);
        else
            log.LogError(exception, "{Method} {Path} failed", http.Request.Method, http.Request.Path);

        if (http.Response.HasStarted) return true;
        http.Response.Clear();
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();

        // At a page address the problem is written as a page (ProblemPages), whatever the client accepts.
        await Results.Problem(new ProblemDetails { Type = Problems.TypeBase + kind, Title = title, Status = status, Detail = detail })
            .ExecuteAsync(http);
        return true;
    }

    public static (int Status, string Kind, string Title, string Detail) Classify(Exception exception)
    {
        if (exception is BadHttpRequestException bad)
            return (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body-too-large" : "bad-request",
                "The request could not be read.", "The request is malformed.");
        if (exception is Evidence.RecordMismatchException mismatch)
        {
            // Never served: content that no longer matches the digest it was published under.
            return (StatusCodes.Status500InternalServerError, "record-mismatch", "This published version no longer matches its seal.",
                $"No stored copy of version {mismatch.Version} hashes to its signed digest; " +
                $"/api/scorecards/{mismatch.ComparisonId}/versions/{mismatch.Version}/verification names what changed.");
        }
        if (DatabaseUnavailable(exception))
            return (StatusCodes.Status503ServiceUnavailable, "service-unavailable", "Panel is briefly unavailable.",
                $"The database does not answer. A change sent now may or may not be stored: retry it in {RetryAfterSeconds} seconds " +
                "with the same Idempotency-Key and it applies once.");
        return (StatusCodes.Status500InternalServerError, "internal-error", "Something went wrong on our side.",
            "The failure is logged. A change that failed here may or may not be stored: retry it with the same Idempotency-Key, or read before you retry.");
    }

    /// <summary>
    /// A stream holds an event this version cannot read (written by a newer version, or a damaged row):
    /// name the stream and the event, so an operator knows what to upgrade or repair.
    /// </summary>
    private static async Task<(int, string, string, string)> UnreadableEvent(HttpContext http, CancellationToken ct)
    {
        var what = "A stream holds an event";
        // The handler runs after routing was reset; the feature keeps the failed request's route values.
        var route = http.Features.Get<IExceptionHandlerFeature>()?.RouteValues;
        if (Guid.TryParse(route?["id"]?.ToString(), out var id))
        {
            what = $"Stream {id} holds an event";
            try
            {
                var store = http.RequestServices.GetRequiredService<IDocumentStore>();
                var known = store.Options.Events.AllKnownEventTypes().Select(x => x.EventTypeName).ToHashSet();
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = $"select version, type from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = @id order by version";
                command.Parameters.AddWithValue("id", id);
                await using var reader = await command.ExecuteReaderAsync(ct);
                var unknown = new List<string>();
                while (await reader.ReadAsync(ct))
                {
                    if (!known.Contains(reader.GetString(1))) unknown.Add($"'{reader.GetString(1)}' at version {reader.GetInt64(0)}");
                }
                if (unknown.Count > 0) what += $" ({string.Join(", ", unknown)})";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Naming the event is a courtesy: the answer stands without it.
            }
        }
        return (StatusCodes.Status500InternalServerError, "unreadable-event", "An event cannot be read.",
            $"{what} that this version of Panel cannot read. Everything else still answers; upgrade Panel or repair that event.");
    }

    /// <summary>
    /// PostgreSQL out of reach (refused, reset, timed out, shutting down, out of connections), as opposed
    /// to a query that PostgreSQL answered with an error.
    /// </summary>
    public static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
                    return pg.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case SocketException:
                    return true;
            }
        }
        return false;
    }
}
