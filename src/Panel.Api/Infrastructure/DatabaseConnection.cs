using System.Data.Common;
using Npgsql;

namespace Panel.Infrastructure;

/// <summary>
/// The connection string Marten (and Wolverine through it) opens its pool with: the operator's, plus two
/// pool settings the write path was measured with (docs/benchmarks.md), each only where the operator
/// did not set it.
/// <list type="bullet">
/// <item><c>No Reset On Close</c>: a connection returned to the pool is not sent <c>DISCARD ALL</c>.
/// That statement preceded every write and threw away the server's plans, so PostgreSQL planned
/// <c>mt_quick_append_events</c> and the document upsert again each time. Panel keeps no session state
/// on pooled connections (the LISTEN connection is its own, unpooled; advisory locks are released
/// explicitly by Marten and Wolverine; transactions end before a connection returns).</item>
/// <item><c>Max Auto Prepare</c>: the statements a write repeats are prepared once per connection.</item>
/// </list>
/// </summary>
public static class DatabaseConnection
{
    public const int AutoPrepared = 64;

    public static string Tuned(string configured)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = configured };
        var tuned = new NpgsqlConnectionStringBuilder(configured);
        if (!Names(given, "No Reset On Close", "NoResetOnClose")) tuned.NoResetOnClose = true;
        if (!Names(given, "Max Auto Prepare", "MaxAutoPrepare")) tuned.MaxAutoPrepare = AutoPrepared;
        return tuned.ConnectionString;
    }

    private static bool Names(DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);
}
