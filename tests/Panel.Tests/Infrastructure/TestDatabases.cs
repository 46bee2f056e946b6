using Npgsql;

namespace Panel.Tests.Infrastructure;

/// <summary>
/// Databases of their own, on the server the suite uses, for hosts that must not share the suite's
/// database: their own background work (scheduled messages, the event subscription) would otherwise act
/// on the shared host's data, and the shared host's on theirs.
/// </summary>
public static class TestDatabases
{
    /// <summary>A new, empty database named <paramref name="name"/> (dropped first if a previous run left it).</summary>
    public static async Task<string> CreateAsync(string name)
    {
        var server = new NpgsqlConnectionStringBuilder(AppFixture.ConnectionString);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }
}
