using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Panel.Infrastructure;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class HealthTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task health_is_200_while_the_database_answers()
    {
        var result = await Api.Send(HttpMethod.Get, "/health", null, null, 200);
        Assert.Equal("Healthy", await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task the_database_check_is_unhealthy_when_postgresql_does_not_answer()
    {
        // A real store pointed at a port where nothing listens.
        using var store = DocumentStore.For(o =>
        {
            o.Connection("Host=127.0.0.1;Port=1;Database=panel;Username=postgres;Timeout=2");
            o.DatabaseSchemaName = "panel";
        });

        var result = await new DatabaseHealth(store).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }
}
