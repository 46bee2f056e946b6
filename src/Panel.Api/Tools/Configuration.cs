using JasperFx.Events.Projections;

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
