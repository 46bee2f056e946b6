using Marten;
using Microsoft.Extensions.DependencyInjection;
using Panel.Infrastructure;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>Idempotency-Keys live in PostgreSQL: they outlive the service, and expire on their own.</summary>
[Collection(ServiceProcesses.Name)]
public class IdempotencyStorageTests
{
    [Fact]
    public async Task a_key_and_its_answer_survive_a_restart_of_the_service()
    {
        // Two hosts one after the other on a database of their own: nothing of the first survives in memory.
        var database = await TestDatabases.CreateAsync("idempotency_restart");
        var settings = new Dictionary<string, string> { ["ConnectionStrings:Marten"] = database };
        var key = Guid.NewGuid().ToString();
        var body = new { name = "Rita Restart", role = "Editor" };

        Answer first;
        await using (var before = await AppFixture.StartAsync(demo: false, settings))
        {
            first = await before.Keyed(HttpMethod.Post, "/api/users", AppFixture.AdminKey, body, key);
        }
        await using var after = await AppFixture.StartAsync(demo: false, settings);
        var again = await after.Keyed(HttpMethod.Post, "/api/users", AppFixture.AdminKey, body, key);

        Assert.Equal(201, first.Status);
        IdempotencySteps.SameAnswer(first, again);
        var users = await new Scenarios(after).Get("/api/users", AppFixture.AdminKey);
        Assert.Single(users.AsArray(), u => (string)u!["name"]! == "Rita Restart");
    }

    [Fact]
    public async Task expired_keys_are_purged_on_their_own_and_the_key_then_makes_a_new_change()
    {
        var database = await TestDatabases.CreateAsync("idempotency_purge");
        await using var host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string>
        {
            ["ConnectionStrings:Marten"] = database,
            ["Panel:Idempotency:RetentionHours"] = (2.0 / 3600).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Panel:Idempotency:PurgeEverySeconds"] = "0.2"
        });
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var key = Guid.NewGuid().ToString();
        var body = new { name = "Pat Purge", role = "Reviewer" };

        var first = await host.Keyed(HttpMethod.Post, "/api/users", AppFixture.AdminKey, body, key);
        Assert.Single(await store.IdempotencyRecords());
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await store.IdempotencyRecords()).Count > 0)
        {
            Assert.True(DateTime.UtcNow < until, "the expired key was not purged within 20 s");
            await Task.Delay(100);
        }
        var after = await host.Keyed(HttpMethod.Post, "/api/users", AppFixture.AdminKey, body, key);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, after.Status);
        Assert.False(after.Replayed);
        Assert.NotEqual((string)first.Json["token"]!, (string)after.Json["token"]!);
    }
}
