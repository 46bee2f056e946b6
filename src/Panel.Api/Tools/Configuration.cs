using JasperFx.Events.Projections;
using Marten.Schema;

namespace Panel.Tools;

public static class Configuration
{
    public static void AddTools(this StoreOptions options)
    {
        options.Projections.Snapshot<Tool>(SnapshotLifecycle.Inline);
        options.Schema.For<Tool>().UniqueIndex(x => x.NameKey);
        // Tool pages: a row per (tool, published comparison), read by tool.
        options.Projections.Add(new Record.ToolAppearanceProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Record.ToolAppearance>().Index(x => x.ToolId);
        // Reviewer pages: a row per (reviewer, published comparison), read by reviewer.
        options.Projections.Add(new Panel.Reviewers.Record.ReviewerAppearanceProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Panel.Reviewers.Record.ReviewerAppearance>().Index(x => x.ReviewerId);
    }
}

/// <summary>
/// Tool documents stored by an older version carry a name key that was only the name in lower case; on
/// start each whose key is not the skeleton of its name (<see cref="Tool.KeyOf"/>) is folded again from its
/// events. Two tools already registered under names that read the same cannot both hold the skeleton: the
/// later keeps its old key, and the log says which to rename.
/// </summary>
public sealed class NameKeyBackfill(ILogger<NameKeyBackfill> logger) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken ct)
    {
        IReadOnlyList<(Guid Id, string Name, string NameKey)> tools;
        await using (var session = store.QuerySession())
        {
            tools = (await session.Query<Tool>().Select(x => new { x.Id, x.Name, x.NameKey }).ToListAsync(ct))
                .Select(x => (x.Id, x.Name, x.NameKey)).ToList();
        }
        var stale = tools.Where(x => x.NameKey != Tool.KeyOf(x.Name)).ToList();
        foreach (var (id, name, _) in stale)
        {
            try
            {
                await store.Advanced.RebuildSingleStreamAsync<Tool>(id, ct);
            }
            catch (Exception e) when (EventStreams.IsUniqueViolation(e))
            {
                var holder = tools.FirstOrDefault(x => x.Id != id && Tool.KeyOf(x.Name) == Tool.KeyOf(name));
                logger.LogWarning("The tool {Name} ({Id}) reads the same as the tool {Holder} ({HolderId}); rename one of them",
                    name, id, holder.Name, holder.Id);
            }
        }
        if (stale.Count > 0) logger.LogInformation("Folded {Count} tool document(s) stored by an older version again from their events", stale.Count);
    }
}
