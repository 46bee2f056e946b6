using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Panel.Infrastructure;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>Idempotency-Keys live in PostgreSQL: they outlive the process, and expire on their own.</summary>
[Collection(ServiceProcesses.Name)]
public class IdempotencyStorageTests
{
    private static async Task<Answer> Post(HttpClient http, string url, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminKey);
        request.Headers.Add(Idempotency.Header, key);
        using var response = await http.SendAsync(request);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString(),
            response.Headers.Location?.ToString(), response.Headers.ETag?.ToString(), response.Headers.Contains(Idempotency.ReplayedHeader));
    }

    [Fact]
    public async Task a_key_and_its_answer_survive_a_restart_of_the_service()
    {
        var environment = new Dictionary<string, string> { ["Panel__AdminKey"] = AppFixture.AdminKey };
        var key = Guid.NewGuid().ToString();
        var body = new { name = "Rita Restart", role = "Editor" };
        using var http = new HttpClient();

        Answer first;
        string database;
        await using (var service = await ServiceProcess.StartAsync(environment))
        {
            database = service.ConnectionString;
            first = await Post(http, $"{service.BaseUrl}/api/users", body, key);
        }
        environment["ConnectionStrings__Marten"] = database;
        await using var restarted = await ServiceProcess.StartAsync(environment);
        var again = await Post(http, $"{restarted.BaseUrl}/api/users", body, key);

        Assert.Equal(201, first.Status);
        IdempotencySteps.SameAnswer(first, again);
        using var list = new HttpRequestMessage(HttpMethod.Get, $"{restarted.BaseUrl}/api/users");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFixture.AdminKey);
        var users = await (await http.SendAsync(list)).Content.ReadAsStringAsync();
        Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(users)!.AsArray(), u => (string)u!["name"]! == "Rita Restart");
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
