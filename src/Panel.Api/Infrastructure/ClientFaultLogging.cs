using System.Reflection;

namespace Panel.Infrastructure;

/// <summary>
/// Wolverine logs every unreadable request body as an Error with a stack trace, under the category of
/// the body's type. A body a client got wrong is the client's mistake, answered with a 400 problem
/// (and an Information line from <see cref="ProblemShaping"/>): keep those errors out of the log.
/// </summary>
public static class ClientFaultLogging
{
    /// <summary>Request bodies are the types a slice validates: <c>Validate(TCommand?)</c>.</summary>
    private static readonly HashSet<string> RequestBodies = typeof(ClientFaultLogging).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.Name == "Validate" && m.GetParameters().Length == 1)
        .Select(m => m.GetParameters()[0].ParameterType.FullName!)
        .ToHashSet();

    public static ILoggingBuilder KeepClientFaultsOutOfErrors(this ILoggingBuilder logging)
    {
        // One rule per request body's category: a rule for every category would replace the configured
        // minimum levels (Debug lines on every request in Production, as the benchmarks found).
        foreach (var category in RequestBodies) logging.AddFilter(category, level => level < LogLevel.Warning);
        return logging;
    }
}
