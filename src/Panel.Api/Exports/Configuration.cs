using Panel.Comparisons;

namespace Panel.Exports;

public static class Configuration
{
    /// <summary>
    /// Every comparison event type, known to the store from the start: the events export selects rows by
    /// their stored type names, and a type the store has not met yet would silently be left out.
    /// </summary>
    public static void AddExports(this StoreOptions options) =>
        options.Events.AddEventTypes(typeof(IComparisonEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IComparisonEvent).IsAssignableFrom(t)));
}
