using Alba;
using Microsoft.Extensions.DependencyInjection;
using Panel.People;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// Two instances of the service on one database, each with its own in-memory caches: what one instance
/// commits (a revocation, a correction, a vote) reaches the other's answers without a restart. Each test
/// has a database of its own and runs in the "api" collection, never beside the shared host's tests.
/// </summary>
[Collection("api")]
public class CacheTests
{
    private static Dictionary<string, string> On(string connection) => new() { ["ConnectionStrings:Marten"] = connection };

    /// <summary>Notifications travel through PostgreSQL: allow them a moment, never a poll interval.</summary>
    private static async Task<int> Eventually(Func<Task<int>> status, int expected, double seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var got = await status();
            if (got == expected || DateTime.UtcNow > until) return got;
            await Task.Delay(25);
        }
    }

    private static async Task<int> StatusOf(IAlbaHost host, string url, string token)
    {
        var result = await host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }

    [Fact]
    public async Task a_token_revoked_through_one_instance_is_refused_by_another_that_had_it_cached()
    {
        var connection = await TestDatabases.CreateAsync("panel_cache_tokens");
        await using var first = await AppFixture.StartAsync(demo: false, On(connection));
        await using var second = await AppFixture.StartAsync(demo: false, On(connection));
        var editor = await new Scenarios(first).User("Editor");

        // The second instance has looked the token up once: from now on it answers from memory.
        Assert.Equal(200, await StatusOf(second, "/api/comparisons", editor.Token));
        var callers = second.Services.GetRequiredService<Callers>();
        Assert.True(callers.TryGet(Tokens.Hash(editor.Token), out _));

        await new Scenarios(first).Json(HttpMethod.Delete, $"/api/users/{editor.Id}/token", Scenarios.Admin, null, 200);

        Assert.Equal(401, await StatusOf(first, "/api/comparisons", editor.Token));
        Assert.Equal(401, await Eventually(() => StatusOf(second, "/api/comparisons", editor.Token), 401, seconds: 1));
        Assert.False(callers.TryGet(Tokens.Hash(editor.Token), out _));
    }

    [Fact]
    public async Task an_api_key_revoked_through_one_instance_is_refused_by_another_that_had_it_cached()
    {
        var connection = await TestDatabases.CreateAsync("panel_cache_keys");
        await using var first = await AppFixture.StartAsync(demo: false, On(connection));
        await using var second = await AppFixture.StartAsync(demo: false, On(connection));
        var api = new Scenarios(first);
        var editor = await api.User("Editor");
        var created = await api.Json(HttpMethod.Post, "/api/me/keys", editor.Token, new { name = "CI" }, 201);
        var key = (string)created["key"]!;

        Assert.Equal(200, await StatusOf(second, "/api/comparisons", key));
        var callers = second.Services.GetRequiredService<Callers>();
        Assert.True(callers.TryGet(Tokens.Hash(key), out _));

        await api.Json(HttpMethod.Delete, $"/api/me/keys/{(string)created["id"]!}", editor.Token, null, 200);

        Assert.Equal(401, await StatusOf(first, "/api/comparisons", key));
        Assert.Equal(401, await Eventually(() => StatusOf(second, "/api/comparisons", key), 401, seconds: 1));
        Assert.False(callers.TryGet(Tokens.Hash(key), out _));
        Assert.Equal(200, await StatusOf(second, "/api/comparisons", editor.Token));
    }

    [Fact]
    public async Task a_correction_published_through_one_instance_is_served_by_another_that_had_the_first_version()
    {
        var connection = await TestDatabases.CreateAsync("panel_cache_scorecards");
        await using var first = await AppFixture.StartAsync(demo: false, On(connection));
        await using var second = await AppFixture.StartAsync(demo: false, On(connection));
        var api = new Scenarios(first);
        var panel = await api.PublishedPanel("SS", "SK");
        Assert.Equal(1, (int)(await new Scenarios(second).Get($"/api/scorecards/{panel.Id}"))["version"]!);

        await api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Re-tested.", reason: "New release");
        await api.Publish(panel.Editor, panel.Id, "Re-tested.");

        var until = DateTime.UtcNow.AddSeconds(1);
        int version;
        while ((version = (int)(await new Scenarios(second).Get($"/api/scorecards/{panel.Id}"))["version"]!) != 2 && DateTime.UtcNow < until)
            await Task.Delay(25);
        Assert.Equal(2, version);
        Assert.Equal(100, (int)(await new Scenarios(second).Get($"/api/scorecards/{panel.Id}"))["tools"]![1]!["shipPercent"]!);
    }

    [Fact]
    public async Task an_unchanged_scorecard_is_not_modified_and_a_new_publication_changes_its_etag()
    {
        var connection = await TestDatabases.CreateAsync("panel_cache_etags");
        await using var host = await AppFixture.StartAsync(demo: false, On(connection));
        var api = new Scenarios(host);
        var panel = await api.PublishedPanel("SS", "SK");
        var etag = (await host.Scenario(s => s.Get.Url($"/api/scorecards/{panel.Id}"))).Context.Response.Headers.ETag.ToString();

        await host.Scenario(s =>
        {
            s.Get.Url($"/api/scorecards/{panel.Id}");
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(304);
        });

        await api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Re-tested.", reason: "New release");
        await api.Publish(panel.Editor, panel.Id, "Re-tested.");
        var after = await host.Scenario(s =>
        {
            s.Get.Url($"/api/scorecards/{panel.Id}");
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(200);
        });
        Assert.NotEqual(etag, after.Context.Response.Headers.ETag.ToString());
    }
}
