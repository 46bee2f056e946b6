using Npgsql;
using Panel.Infrastructure;

namespace Panel.Tests.Domain;

public class DatabaseConnectionTests
{
    [Fact]
    public void the_pool_settings_are_added_where_the_operator_set_none()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseConnection.Tuned("Host=db;Database=panel;Username=panel"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(DatabaseConnection.AutoPrepared, tuned.MaxAutoPrepare);
        Assert.Equal(("db", "panel"), (tuned.Host, tuned.Database));
    }

    [Fact]
    public void the_operators_own_settings_win()
    {
        var tuned = new NpgsqlConnectionStringBuilder(
            DatabaseConnection.Tuned("Host=db;Database=panel;No Reset On Close=false;MaxAutoPrepare=0"));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
    }
}
