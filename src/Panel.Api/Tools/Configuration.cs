using JasperFx.Events.Projections;

namespace Panel.Tools;

public static class Configuration
{
    public static void AddTools(this StoreOptions options)
    {
        options.Projections.Snapshot<Tool>(SnapshotLifecycle.Inline);
        options.Schema.For<Tool>().UniqueIndex(x => x.NameKey);
    }
}
