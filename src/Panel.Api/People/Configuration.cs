using JasperFx.Events.Projections;

namespace Panel.People;

public static class Configuration
{
    public static void AddPeople(this StoreOptions options)
    {
        options.Projections.Snapshot<User>(SnapshotLifecycle.Inline);
        options.Schema.For<User>().UniqueIndex(x => x.TokenHash);
        // Null for people without one; PostgreSQL lets any number of nulls share a unique index.
        options.Schema.For<User>().UniqueIndex(x => x.Email!);
        // The bearer scheme finds a key's owner by containment on this list.
        options.Schema.For<User>().GinIndexJsonData();
    }
}
