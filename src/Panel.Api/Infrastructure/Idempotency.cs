using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Marten.Services;

namespace Panel.Infrastructure;

/// <summary>Configuration section <c>Panel:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>How long a key and its answer are kept (at least the 24 hours clients are promised).</summary>
    public double RetentionHours { get; set; } = 24;

    /// <summary>How often expired keys are purged.</summary>
    public double PurgeEverySeconds { get; set; } = 600;

    public void Validate()
    {
        if (RetentionHours is <= 0 or > 24 * 365) throw new InvalidOperationException("Panel:Idempotency:RetentionHours must be above 0 (default 24).");
        if (PurgeEverySeconds is <= 0 or > 86400) throw new InvalidOperationException("Panel:Idempotency:PurgeEverySeconds must be above 0 and at most 86400.");
    }
}

/// <summary>
/// A used Idempotency-Key: its scope (caller, method, route and key, hashed), the request's fingerprint
/// and, once known, the answer. <paramref name="WithChange"/> says the record committed in the change's own
/// transaction; a request that changed nothing gets its record after answering.
/// </summary>
public sealed record IdempotencyRecord(string Id, string Fingerprint, DateTimeOffset CreatedAt, bool WithChange, IdempotentAnswer? Answer);

/// <summary>The first answer, to give again. The body is encrypted with Data Protection: it may hold a token.</summary>
public sealed record IdempotentAnswer(int Status, string? ContentType, string? Location, string? ETag, string ProtectedBody);

/// <summary>The key a request came with, while it runs: what the write path stores with its change.</summary>
public sealed class IdempotencyClaim(string id, string fingerprint, DateTimeOffset at, IDataProtector protector, Func<object, byte[]> serialize)
{
    public string Id { get; } = id;
    public string Fingerprint { get; } = fingerprint;
    public DateTimeOffset At { get; } = at;

    /// <summary>This request's record committed with its change (<see cref="IdempotencyStaging"/>).</summary>
    public bool Staged { get; internal set; }

    /// <summary>The answer known before the commit (a creation, <see cref="Idempotency.AnswerWith"/>), stored with the record.</summary>
    internal IdempotentAnswer? Answer { get; set; }

    public IdempotentAnswer Seal(int status, string? contentType, string? location, string? etag, byte[] body) =>
        new(status, contentType, location, etag, Convert.ToBase64String(protector.Protect(body)));

    public byte[] Open(IdempotentAnswer answer) => protector.Unprotect(Convert.FromBase64String(answer.ProtectedBody));

    internal IdempotentAnswer Prepared(int status, string location, object body) =>
        Seal(status, "application/json; charset=utf-8", location, null, serialize(body));
}

/// <summary>
/// Idempotency-Key on every state-changing request under /api. A retry with the same key and the same
/// request gets the first answer again and changes nothing; the same key with another request is 422. The
/// key's record is written in the same PostgreSQL transaction as the change (<see cref="IdempotencyStaging"/>,
/// a listener on every Marten session, so no write path can leave it out), so no change ever lands without its key, nor a key without its
/// change, and several instances agree. See docs/reliability.md.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>How long a record without an answer may be a request still in flight, rather than one cut off after its commit.</summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromSeconds(3);

    private static readonly AsyncLocal<IdempotencyClaim?> Current = new();

    public static void AddIdempotency(this StoreOptions options)
    {
        options.Schema.For<IdempotencyRecord>().Index(x => x.CreatedAt);
    }

    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IConfigureMarten, IdempotencyStaging.Registration>();
        var section = configuration.GetSection("Panel:Idempotency");
        (section.Get<IdempotencyOptions>() ?? new IdempotencyOptions()).Validate();
        services.Configure<IdempotencyOptions>(section);
        services.AddHostedService<IdempotencyPurge>();
        return services;
    }

    /// <summary>
    /// The answer a creation will give, known before its commit: the record then commits with it, so even a
    /// service killed right after the commit can give it again, token included. Nothing without a key.
    /// </summary>
    public static void AnswerWith(int status, string location, object body)
    {
        if (Current.Value is { } claim) claim.Answer = claim.Prepared(status, location, body);
    }

    /// <summary>The key of the request this code runs for, if it came with one (the session listener's view).</summary>
    internal static IdempotencyClaim? Claim => Current.Value;

    public static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);

    public static async Task Apply(HttpContext http, Func<Task> next)
    {
        var request = http.Request;
        if (!request.Headers.TryGetValue(Header, out var values) || !IsStateChanging(request.Method)
            || !request.Path.StartsWithSegments("/api") || http.GetEndpoint() is not RouteEndpoint endpoint)
        {
            await next();
            return;
        }
        if (values.Count != 1 || !IsWellFormed(values[0]))
        {
            await Problems.IdempotencyKeyInvalid(MaxKeyLength).ToResult().ExecuteAsync(http);
            return;
        }

        var services = http.RequestServices;
        var store = services.GetRequiredService<IDocumentStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var claim = new IdempotencyClaim(
            Scope(http, endpoint, values[0]!), await Fingerprint(request), clock.GetUtcNow(),
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Panel.Idempotency.Answers.v1"),
            body => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), json));
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Idempotency));

        IdempotencyRecord? known;
        await using (var query = store.QuerySession())
        {
            known = await query.LoadAsync<IdempotencyRecord>(claim.Id, http.RequestAborted);
        }
        if (known is not null)
        {
            if (known.Fingerprint != claim.Fingerprint)
            {
                await Problems.IdempotencyKeyReused().ToResult().ExecuteAsync(http);
                return;
            }
            known = await AwaitAnswer(store, clock, known, http.RequestAborted);
            if (known?.Answer is not null)
            {
                await Replay(http, claim, known.Answer);
                return;
            }
            // The first request committed its change and stopped before its answer was stored (a crash, an
            // outage): run the request again on the state it left. A decision with nothing left to do
            // answers from that state; one that would change something again meets the stored key and is undone.
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        Current.Value = claim;
        try
        {
            await next();
        }
        catch (Exception e) when (IsKeyTaken(e))
        {
            // Another request with this key committed first: its change stands and this one's was rolled back.
            Current.Value = null;
            http.Response.Body = original;
            http.Response.Clear();
            var first = await AwaitAnswer(store, clock, await Load(store, claim.Id, http.RequestAborted), http.RequestAborted);
            if (first?.Answer is not null && first.Fingerprint == claim.Fingerprint) await Replay(http, claim, first.Answer);
            else if (first is not null && first.Fingerprint != claim.Fingerprint) await Problems.IdempotencyKeyReused().ToResult().ExecuteAsync(http);
            else
            {
                http.Response.Headers.RetryAfter = "1";
                await Problems.IdempotencyKeyInFlight().ToResult().ExecuteAsync(http);
            }
            return;
        }
        finally
        {
            Current.Value = null;
            http.Response.Body = original;
        }

        var status = http.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            if (known is not null) http.Response.Headers[ReplayedHeader] = "true";
            var answer = claim.Seal(status, http.Response.ContentType, http.Response.Headers.Location, http.Response.Headers.ETag, buffer.ToArray());
            try
            {
                await using var session = store.LightweightSession();
                var record = await session.LoadAsync<IdempotencyRecord>(claim.Id, http.RequestAborted);
                // Nothing changed: the key is recorded now. Else only the request that staged the record, or the
                // first to answer for a record whose answer was lost, writes it; never under another fingerprint.
                if (record is null) session.Insert(new IdempotencyRecord(claim.Id, claim.Fingerprint, claim.At, false, answer));
                else if (record.Fingerprint == claim.Fingerprint && (record.Answer is null || claim.Staged)) session.Store(record with { Answer = answer });
                await session.SaveChangesAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The change (if any) is committed with its key: a retry is answered from the state it left.
                log.LogWarning("The answer to {Method} {Path} could not be stored with its Idempotency-Key: {Message}",
                    http.Request.Method, http.Request.Path, e.Message);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>1 to 255 visible ASCII characters (a UUID is the usual choice).</summary>
    public static bool IsWellFormed(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxKeyLength && key.All(c => c is >= '!' and <= '~');

    /// <summary>
    /// Whose key it is (from the credential: the user, else the voter cookie, else the client address) and
    /// for which method and route: two callers, or two kinds of request, never share a key.
    /// </summary>
    private static string Scope(HttpContext http, RouteEndpoint endpoint, string key)
    {
        var caller = http.User.Identity?.IsAuthenticated == true
            ? "user:" + http.User.Id()
            : http.Request.Cookies.TryGetValue(Panel.Community.Voters.Cookie, out var voter) && !string.IsNullOrEmpty(voter)
                ? "voter:" + voter
                : "address:" + http.Connection.RemoteIpAddress;
        return Hash($"{caller}\n{http.Request.Method}\n{endpoint.RoutePattern.RawText}\n{key}");
    }

    /// <summary>What makes two requests the same one: method, path and query, preconditions, media type and the body's bytes.</summary>
    private static async Task<string> Fingerprint(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(
            $"{request.Method}\n{request.Path}{request.QueryString}\n{request.Headers.IfMatch}\n{request.ContentType}\n"));
        // RequestGuards buffered any body already, within its limit.
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0) sha.AppendData(chunk, 0, read);
            request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task<IdempotencyRecord?> Load(IDocumentStore store, string id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<IdempotencyRecord>(id, ct);
    }

    /// <summary>A record without an answer may belong to a request still finishing: give it a moment.</summary>
    private static async Task<IdempotencyRecord?> AwaitAnswer(IDocumentStore store, TimeProvider clock, IdempotencyRecord? record, CancellationToken ct)
    {
        while (record is { Answer: null } && clock.GetUtcNow() - record.CreatedAt < InFlight)
        {
            await Task.Delay(50, ct);
            record = await Load(store, record.Id, ct);
        }
        return record;
    }

    private static async Task Replay(HttpContext http, IdempotencyClaim claim, IdempotentAnswer answer)
    {
        var response = http.Response;
        response.StatusCode = answer.Status;
        if (answer.ContentType is not null) response.ContentType = answer.ContentType;
        if (answer.Location is not null) response.Headers.Location = answer.Location;
        if (answer.ETag is not null) response.Headers.ETag = answer.ETag;
        response.Headers[ReplayedHeader] = "true";
        var body = claim.Open(answer);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static bool IsKeyTaken(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is JasperFx.DocumentAlreadyExistsException { DocType: var type } && type == typeof(IdempotencyRecord)) return true;
            if (x is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } pg
                && pg.TableName?.Contains("idempotencyrecord", StringComparison.OrdinalIgnoreCase) == true) return true;
        }
        return false;
    }
}

/// <summary>
/// Puts the request's Idempotency-Key into the first session that commits a change while the request runs,
/// in that change's own transaction. Every write path gets it by writing through Marten: none calls it, so
/// none can forget it. Documents the service keeps for itself (<see cref="IHousekeeping"/>) are not a change.
/// </summary>
public sealed class IdempotencyStaging : DocumentSessionListenerBase
{
    private readonly ConditionalWeakTable<IDocumentSession, IdempotencyClaim> staged = new();

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (Idempotency.Claim is not { Staged: false } claim || !IsChange(session.PendingChanges)) return Task.CompletedTask;
        session.Insert(new IdempotencyRecord(claim.Id, claim.Fingerprint, claim.At, true, claim.Answer));
        staged.AddOrUpdate(session, claim);
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        // Only a committed record counts: a write rolled back and retried stages it again in its next session.
        if (staged.TryGetValue(session, out var claim))
        {
            staged.Remove(session);
            claim.Staged = true;
        }
        return Task.CompletedTask;
    }

    private static bool IsChange(IUnitOfWork work) =>
        work.Streams().Any() || work.Operations().Any(op => !typeof(IHousekeeping).IsAssignableFrom(op.DocumentType));

    internal sealed class Registration : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Listeners.Add(new IdempotencyStaging());
    }
}

/// <summary>A document the service writes for itself (a key, a secret), never the change a request's Idempotency-Key stands for.</summary>
public interface IHousekeeping;

/// <summary>Deletes keys older than the retention, on every instance, on its own schedule (deleting twice is harmless).</summary>
public sealed class IdempotencyPurge(IDocumentStore store, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencyPurge> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PurgeEverySeconds), clock);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Expired Idempotency-Keys were not purged this time: {Message}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task PurgeAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromHours(options.Value.RetentionHours);
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotencyRecord>(x => x.CreatedAt < before);
        await session.SaveChangesAsync(ct);
    }
}
