using System.Runtime.CompilerServices;
using Marten.Schema;
using Marten.Services;
using Microsoft.Extensions.Options;
using Npgsql;
using Panel.Community;
using Panel.People;
using Panel.Scorecards;
using Panel.Scorecards.Reading;

namespace Panel.Infrastructure;

/// <summary>
/// Keeps the in-memory caches (<see cref="Callers"/>, <see cref="PublishedCache"/>) true to the database.
/// It watches every session's commit for the documents the projections rewrite, not for particular
/// events or endpoints, so an event added later invalidates what it changes without code here:
/// a person's document (tokens, role), a comparison's published versions or listing, a community tally.
/// This process drops its entries once the commit is done; other processes get a PostgreSQL
/// notification sent in the same transaction (people and publications only: those change rarely, and a
/// notification serialises commits, so votes are polled instead, see <see cref="ChangeNotifications"/>).
/// </summary>
public sealed class Changes(Callers callers, PublishedCache published) : DocumentSessionListenerBase
{
    public const string Channel = "panel_changes";
    private readonly ConditionalWeakTable<IDocumentSession, Changed> pending = new();

    private sealed record Changed(List<Guid> People, List<Guid> Publications, List<Guid> Tallies, bool Tools);

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var work = session.PendingChanges;
        var changed = new Changed(
            [.. work.AllChangedFor<User>().Select(x => x.Id)],
            [
                .. work.AllChangedFor<PublishedScorecard>().Select(x => x.ComparisonId),
                .. work.AllChangedFor<ScorecardListing>().Select(x => x.Id),
                .. work.DeletionsFor<ScorecardListing>().Select(x => x.Id).OfType<Guid>()
            ],
            [.. work.AllChangedFor<CommunityTally>().Select(x => x.ComparisonId)],
            work.AllChangedFor<Panel.Tools.Tool>().Any());
        if (changed.People.Count + changed.Publications.Count + changed.Tallies.Count == 0 && !changed.Tools) return Task.CompletedTask;
        pending.AddOrUpdate(session, changed);
        foreach (var id in changed.People.Distinct()) session.QueueSqlCommand("select pg_notify(?, ?)", Channel, $"person:{id}");
        foreach (var id in changed.Publications.Distinct()) session.QueueSqlCommand("select pg_notify(?, ?)", Channel, $"published:{id}");
        // Tools change rarely; the latest version of every comparison they are in shows their outdated facts.
        if (changed.Tools) session.QueueSqlCommand("select pg_notify(?, ?)", Channel, "tools:");
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (!pending.TryGetValue(session, out var changed)) return Task.CompletedTask;
        pending.Remove(session);
        foreach (var id in changed.People) callers.Drop(id);
        foreach (var id in changed.Publications) published.DropPublished(id);
        foreach (var id in changed.Tallies) published.DropTally(id);
        if (changed.Tools) published.Clear();
        return Task.CompletedTask;
    }

    /// <summary>A notification from another process (or this one: dropping twice is harmless).</summary>
    public void Received(string payload)
    {
        var (kind, id) = payload.IndexOf(':') is var colon and > 0 ? (payload[..colon], payload[(colon + 1)..]) : (payload, "");
        if (kind == "tools") published.Clear();
        if (!Guid.TryParse(id, out var guid)) return;
        if (kind == "person") callers.Drop(guid);
        else if (kind == "published") published.DropPublished(guid);
    }

    /// <summary>Whether the caches may hold anything: only while notifications are being received.</summary>
    public void Listening(bool listening)
    {
        callers.Clear();
        published.Clear();
        callers.Enabled = listening;
        published.Enabled = listening;
    }

    public void Clear()
    {
        callers.Clear();
        published.Clear();
    }
}

/// <summary>
/// One connection per process that LISTENs for <see cref="Changes.Channel"/>; between notifications it
/// looks for other processes' votes on the tallies held in memory. Until it listens, and whenever the
/// connection is lost, the caches are off (a notification may have been missed); on reconnecting they
/// start empty.
/// </summary>
public sealed class ChangeNotifications(Changes changes, PublishedCache published, IConfiguration configuration,
    IOptions<PanelOptions> panel, ILogger<ChangeNotifications> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var connection = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Marten"))
        {
            Pooling = false,
            KeepAlive = 30,
            ApplicationName = "panel-changes"
        }.ConnectionString;
        var every = TimeSpan.FromSeconds(panel.Value.Cache.TallySeconds);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var listener = new NpgsqlConnection(connection);
                await listener.OpenAsync(stopping);
                listener.Notification += (_, n) => changes.Received(n.Payload);
                await using (var listen = new NpgsqlCommand($"listen {Changes.Channel}", listener)) await listen.ExecuteNonQueryAsync(stopping);
                changes.Listening(true);
                var next = DateTime.UtcNow + every;
                while (!stopping.IsCancellationRequested)
                {
                    await listener.WaitAsync(next - DateTime.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stopping);
                    if (DateTime.UtcNow < next) continue;
                    await published.RefreshTalliesAsync(stopping);
                    next = DateTime.UtcNow + every;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                changes.Listening(false);
                log.LogWarning("Not listening for changes ({Message}); caches are off until the database answers again.", e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), stopping); } catch (OperationCanceledException) { break; }
            }
        }
        changes.Listening(false);
    }
}

/// <summary>Emptying the database (tests, a restore) empties the caches too: Marten reapplies initial data after a reset.</summary>
public sealed class CachesReset(Changes changes) : IInitialData
{
    public Task Populate(IDocumentStore store, CancellationToken ct)
    {
        changes.Clear();
        return Task.CompletedTask;
    }
}

public static class CachesConfiguration
{
    /// <summary>The caches, the listener every Marten session reports its commits to, and the notifications.</summary>
    public static void AddCaches(this IServiceCollection services)
    {
        services.AddSingleton<Callers>();
        services.AddSingleton<PublishedCache>();
        services.AddSingleton<Changes>();
        services.AddSingleton<IConfigureMarten, ListenToChanges>();
        services.AddHostedService<ChangeNotifications>();
    }

    private sealed class ListenToChanges : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) =>
            options.Listeners.Add(services.GetRequiredService<Changes>());
    }
}
