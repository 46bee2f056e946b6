using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Panel.Community;

namespace Panel.Scorecards.Reading;

/// <summary>
/// Public scorecards served from memory. A published version never changes, so a comparison's sealed
/// versions are read (and checked against their seals) once; a new publication, correction or anything
/// else that rewrites the comparison's published documents (a retraction too) drops the entry;
/// a change to any tool drops them all, for the latest version shows its tools' outdated facts (<see cref="Changes"/>: at once
/// in this process, by a PostgreSQL notification in the others). Community tallies are the one moving
/// part: refreshed from the database every couple of seconds for the comparisons held here, and at once
/// after a vote in this process. The answer's JSON is kept per (version, tally version), so a repeated
/// read, and every conditional read, touches neither the database nor the serializer.
/// </summary>
public sealed class PublishedCache(IServiceProvider services, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<PanelOptions> panel)
{
    // Resolved on first use: the store's own construction asks for this cache's listener (Changes).
    private IDocumentStore? documentStore;
    private IDocumentStore store => documentStore ??= services.GetRequiredService<IDocumentStore>();

    private readonly ConcurrentDictionary<Guid, Published> published = new();
    private readonly ConcurrentDictionary<Guid, Tally> tallies = new();
    private long epoch;

    /// <summary>Off while this process may have missed a notification (no LISTEN connection): every read goes to the database.</summary>
    public bool Enabled { get; set; }

    private int Limit => panel.Value.Cache.Scorecards;

    private sealed record Published(IReadOnlyList<PublishedScorecard> Versions, PublicScorecards.Standing Standing,
        ConcurrentDictionary<int, PublishedScorecard> Sealed)
    {
        public volatile Answer? Latest;
    }

    private sealed record Tally(CommunityTally? Value);

    private sealed record TallyVersion(Guid Id, long Version);

    /// <summary>The serialized answer for the latest version with the tally it was built with.</summary>
    public sealed record Answer(PublicScorecard Card, byte[] Json);

    /// <summary>The latest published version as answered to the public, or null when nothing is published.</summary>
    public async Task<Answer?> LatestAsync(Guid id, CancellationToken ct)
    {
        if (!Enabled)
        {
            await using var session = store.QuerySession();
            var fresh = await PublicScorecards.LoadAsync(session, id, null, ct);
            return fresh is null ? null : new Answer(fresh, Serialize(fresh));
        }
        var entry = await PublishedAsync(id, ct);
        if (entry is null) return null;
        var tally = await TallyAsync(id, ct);
        var latest = entry.Latest;
        if (latest is not null && latest.Card.ETag == PublicScorecards.ETagOf(entry.Versions[^1], entry.Versions, tally, entry.Standing)) return latest;
        var card = PublicScorecards.Present(await SealedAsync(id, entry, entry.Versions[^1], ct), entry.Versions, tally, entry.Standing);
        return entry.Latest = new Answer(card, Serialize(card));
    }

    /// <summary>One version (or the latest), built on every call from the cached versions and tally.</summary>
    public async Task<PublicScorecard?> LoadAsync(Guid id, int? version, CancellationToken ct)
    {
        if (!Enabled)
        {
            await using var session = store.QuerySession();
            return await PublicScorecards.LoadAsync(session, id, version, ct);
        }
        var entry = await PublishedAsync(id, ct);
        var card = entry is null ? null : version is null ? entry.Versions[^1] : entry.Versions.FirstOrDefault(x => x.Version == version);
        if (card is null) return null;
        return PublicScorecards.Present(await SealedAsync(id, entry!, card, ct), entry!.Versions, await TallyAsync(id, ct), entry.Standing);
    }

    private async Task<Published?> PublishedAsync(Guid id, CancellationToken ct)
    {
        if (published.TryGetValue(id, out var entry)) return entry;
        var before = Interlocked.Read(ref epoch);
        await using var session = store.QuerySession();
        var versions = await PublicScorecards.VersionsAsync(session, id, ct);
        if (versions.Count == 0) return null;
        entry = new Published(versions, await PublicScorecards.StandingAsync(session, versions[^1], ct), new ConcurrentDictionary<int, PublishedScorecard>());
        Keep(published, id, entry, before);
        return entry;
    }

    private async Task<PublishedScorecard> SealedAsync(Guid id, Published entry, PublishedScorecard card, CancellationToken ct)
    {
        if (entry.Sealed.TryGetValue(card.Version, out var sealedCard)) return sealedCard;
        await using var session = store.QuerySession();
        // A version that matches no seal throws (record-mismatch) and is never kept.
        sealedCard = await PublicScorecards.SealedAsync(session, card, ct);
        // The links through every event are what verification needs, not readers: not kept in memory.
        sealedCard = sealedCard with { Seal = sealedCard.Seal is null ? null : sealedCard.Seal with { Links = [] } };
        entry.Sealed[card.Version] = sealedCard;
        return sealedCard;
    }

    private async Task<CommunityTally?> TallyAsync(Guid id, CancellationToken ct)
    {
        if (tallies.TryGetValue(id, out var tally)) return tally.Value;
        var before = Interlocked.Read(ref epoch);
        await using var session = store.QuerySession();
        var value = await session.LoadAsync<CommunityTally>(CommunityTally.StreamIdFor(id), ct);
        Keep(tallies, id, new Tally(value), before);
        return value;
    }

    /// <summary>Kept only if nothing was dropped while it was read: a read racing a change never outlives it.</summary>
    private void Keep<T>(ConcurrentDictionary<Guid, T> map, Guid id, T value, long before)
    {
        if (map.Count >= Limit) map.Clear();
        map[id] = value;
        if (Interlocked.Read(ref epoch) != before) map.TryRemove(id, out _);
    }

    private byte[] Serialize(PublicScorecard card) => JsonSerializer.SerializeToUtf8Bytes(card, json.Value.SerializerOptions);

    /// <summary>A comparison's published record changed (a publication, a correction, anything that rewrites it).</summary>
    public void DropPublished(Guid comparisonId)
    {
        Interlocked.Increment(ref epoch);
        published.TryRemove(comparisonId, out _);
    }

    public void DropTally(Guid comparisonId)
    {
        Interlocked.Increment(ref epoch);
        tallies.TryRemove(comparisonId, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref epoch);
        published.Clear();
        tallies.Clear();
    }

    /// <summary>
    /// Votes in other processes: one query for the tallies held here, reloading only those whose document
    /// changed. Called every couple of seconds, so the community figure lags by at most that much.
    /// </summary>
    public async Task RefreshTalliesAsync(CancellationToken ct)
    {
        if (tallies.IsEmpty) return;
        var ids = tallies.Keys.ToDictionary(CommunityTally.StreamIdFor);
        await using var session = store.QuerySession();
        var stored = await session.Query<CommunityTally>().Where(x => x.Id.IsOneOf(ids.Keys.ToArray()))
            .Select(x => new TallyVersion(x.Id, x.Version)).ToListAsync(ct);
        foreach (var row in stored)
        {
            var comparison = ids[row.Id];
            if (tallies.TryGetValue(comparison, out var held) && (held.Value?.Version ?? 0) != row.Version) DropTally(comparison);
        }
    }
}
