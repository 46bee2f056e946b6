using JasperFx.Events.Projections;

namespace Panel.People;

public static class Configuration
{
    public static void AddPeople(this StoreOptions options)
    {
        options.Projections.Snapshot<User>(SnapshotLifecycle.Inline);
        options.Schema.For<User>().UniqueIndex(x => x.TokenHash);
    }
}
