using System.Text.Json.Nodes;
using Alba;
using Marten;
using Marten.Linq;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Panel.People;
using Panel.Tests.Infrastructure;
using Panel.Tests.Reliability;

namespace Panel.Tests.Api;

/// <summary>
/// Issue 17, item 6: personal API keys for scripts beside the token. Each person creates (named, shown once),
/// lists and revokes their own; admins revoke anyone's; a revoked key, or a revoked person's, is refused at once.
/// </summary>
public class ApiKeyTests(AppFixture fixture) : ApiTest(fixture)
{
    private Task<IScenarioResult> Me(string credential, int status) => Api.Send(HttpMethod.Get, "/api/me", credential, null, status);

    private async Task<(Guid Id, string Key)> NewKey(Person person, string name = "CI")
    {
        var created = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name }, 201);
        return (Guid.Parse((string)created["id"]!), (string)created["key"]!);
    }

    private async Task<int> Status(string url, string credential)
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", "Bearer " + credential);
            s.IgnoreStatusCode();
        });
        return result.Context.Response.StatusCode;
    }

    [Fact]
    public async Task a_new_key_is_shown_once_and_works_as_a_bearer_credential_beside_the_token()
    {
        var person = await Api.User("Editor", "Ada Park");

        var result = await Api.Send(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "  nightly export " }, 201);
        var created = JsonNode.Parse(await result.ReadAsTextAsync())!;

        var key = (string)created["key"]!;
        Assert.StartsWith("pnk_", key);
        Assert.InRange(key.Length, 40, 200);
        Assert.Equal("nightly export", (string)created["name"]!);
        Assert.Equal("/api/me/keys", result.Context.Response.Headers.Location.ToString());
        var me = await Api.Get("/api/me", key);
        Assert.Equal(person.Id, Guid.Parse((string)me["id"]!));
        Assert.Equal("Ada Park", (string)me["name"]!);
        Assert.Equal("Editor", (string)me["role"]!);
        // The key acts with the person's role; the token keeps working.
        Assert.Equal(200, await Status("/api/comparisons", key));
        Assert.Equal(person.Id, Guid.Parse((string)(await Api.Get("/api/me", person.Token))["id"]!));
    }

    [Fact]
    public async Task keys_are_listed_newest_first_without_the_key_or_its_hash()
    {
        var person = await Api.User("Reviewer");
        var first = await NewKey(person, "laptop");
        var second = await NewKey(person, "CI");

        var result = await Api.Send(HttpMethod.Get, "/api/me/keys", person.Token, null, 200);
        var text = await result.ReadAsTextAsync();
        var keys = JsonNode.Parse(text)!.AsArray();

        Assert.Equal([second.Id, first.Id], keys.Select(k => Guid.Parse((string)k!["id"]!)));
        Assert.Equal(["CI", "laptop"], keys.Select(k => (string)k!["name"]!));
        Assert.All(keys, k => Assert.Null(k!["revokedAt"]));
        Assert.All(keys, k => Assert.NotNull(k!["createdAt"]));
        foreach (var key in new[] { first.Key, second.Key })
        {
            Assert.DoesNotContain(key, text);
            Assert.DoesNotContain(Tokens.Hash(key), text);
        }
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);

        // Stored only as its hash, in the person's document and events alike.
        await using var session = Store.QuerySession();
        var document = await session.Json.FindByIdAsync<User>(person.Id);
        Assert.DoesNotContain(first.Key, document);
        Assert.Contains(Tokens.Hash(first.Key), document);
        var events = await session.Events.FetchStreamAsync(person.Id);
        Assert.All(events, e => Assert.DoesNotContain(first.Key, System.Text.Json.JsonSerializer.Serialize(e.Data, e.Data.GetType())));
    }

    [Fact]
    public async Task a_revoked_key_is_refused_at_once_even_after_it_was_cached()
    {
        var person = await Api.User("Editor");
        var key = await NewKey(person);
        var other = await NewKey(person, "other");
        // Twice: the second answer comes from the callers' cache, which holds the key by its hash.
        await Me(key.Key, 200);
        await Me(key.Key, 200);
        var callers = Host.Services.GetRequiredService<Callers>();
        Assert.True(callers.TryGet(Tokens.Hash(key.Key), out var cached));
        Assert.Equal(key.Id, cached.KeyId);

        var revoked = await Api.Json(HttpMethod.Delete, $"/api/me/keys/{key.Id}", person.Token, null, 200);

        Assert.Equal(key.Id, Guid.Parse((string)revoked["id"]!));
        Assert.NotNull(revoked["revokedAt"]);
        Assert.False(callers.TryGet(Tokens.Hash(key.Key), out _));
        var refused = await Problem.Read(await Me(key.Key, 401), 401);
        Assert.Equal(Problem.Type("unauthorized"), (string)refused["type"]!);
        // Only that key: the other key and the token still work.
        await Me(other.Key, 200);
        await Me(person.Token, 200);
        var listed = (await Api.Get("/api/me/keys", person.Token)).AsArray();
        Assert.NotNull(listed.Single(k => (string)k!["id"]! == key.Id.ToString())!["revokedAt"]);
        // Revoking it again changes nothing and says so with the same answer.
        var again = await Api.Json(HttpMethod.Delete, $"/api/me/keys/{key.Id}", person.Token, null, 200);
        Assert.Equal((string)revoked["revokedAt"]!, (string)again["revokedAt"]!);
    }

    [Fact]
    public async Task an_admin_lists_and_revokes_someones_key()
    {
        var person = await Api.User("Reviewer");
        var key = await NewKey(person, "scraper");
        await Me(key.Key, 200);

        var listed = (await Api.Get($"/api/users/{person.Id}/keys", Scenarios.Admin)).AsArray();
        Assert.Equal("scraper", (string)listed.Single()!["name"]!);

        var revoked = await Api.Json(HttpMethod.Delete, $"/api/users/{person.Id}/keys/{key.Id}", Scenarios.Admin, null, 200);

        Assert.NotNull(revoked["revokedAt"]);
        await Me(key.Key, 401);
        await Me(person.Token, 200);
        await using var session = Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync(person.Id)).Last().Data;
        Assert.Equal(new ApiKeyRevoked(person.Id, key.Id, new Guid("00000000-0000-4000-8000-0000000000ad"), ((ApiKeyRevoked)last).At), last);
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Editor")]
    public async Task only_an_admin_reads_or_revokes_someone_elses_keys(string role)
    {
        var person = await Api.User("Reviewer");
        var key = await NewKey(person);
        var caller = await Api.User(role);

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/users/{person.Id}/keys", caller.Token, null, 403), 403);
        await Problem.Read(await Api.Send(HttpMethod.Delete, $"/api/users/{person.Id}/keys/{key.Id}", caller.Token, null, 403), 403);
        await Me(key.Key, 200);
    }

    [Fact]
    public async Task another_person_cannot_revoke_my_key_it_is_unknown_to_them()
    {
        var me = await Api.User("Reviewer");
        var mine = await NewKey(me);
        var other = await Api.User("Editor");

        var result = await Api.Send(HttpMethod.Delete, $"/api/me/keys/{mine.Id}", other.Token, null, 404);

        Assert.Equal(Problem.Type("not-found"), (string)(await Problem.Read(result, 404))["type"]!);
        await Me(mine.Key, 200);
        Assert.Empty((await Api.Get("/api/me/keys", other.Token)).AsArray());
    }

    [Fact]
    public async Task revoking_the_person_ends_every_key_at_once_and_a_new_token_does_not_revive_them()
    {
        var person = await Api.User("Editor");
        var first = await NewKey(person, "one");
        var second = await NewKey(person, "two");
        await Me(first.Key, 200);
        await Me(first.Key, 200);

        await Api.Send(HttpMethod.Delete, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);

        await Me(first.Key, 401);
        await Me(second.Key, 401);
        var listed = (await Api.Get($"/api/users/{person.Id}/keys", Scenarios.Admin)).AsArray();
        Assert.All(listed, k => Assert.NotNull(k!["revokedAt"]));

        var reissued = await Api.Json(HttpMethod.Post, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);
        await Me((string)reissued["token"]!, 200);
        await Me(first.Key, 401);
        await Me(second.Key, 401);
    }

    [Theory]
    [InlineData("""{"name": ""}""")]
    [InlineData("""{"name": "   "}""")]
    [InlineData("""{}""")]
    [InlineData("""{"name": "tab\u0000nul"}""")]
    [InlineData("""{"name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""")]
    public async Task a_key_needs_a_name_of_at_most_100_characters(string body)
    {
        var person = await Api.User("Reviewer");

        var result = await Api.Send(HttpMethod.Post, "/api/me/keys", person.Token, body, 400);

        var problem = await Problem.Read(result, 400);
        Assert.Equal(Problem.Type("validation"), (string)problem["type"]!);
        Assert.NotNull(problem["errors"]!["name"]);
        Assert.Empty((await Api.Get("/api/me/keys", person.Token)).AsArray());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"name": "ok", "role": "Admin"}""")]
    [InlineData("""["ok"]""")]
    public async Task a_malformed_body_is_a_400_and_creates_nothing(string body)
    {
        var person = await Api.User("Reviewer");

        await Problem.Read(await Api.Send(HttpMethod.Post, "/api/me/keys", person.Token, body, 400), 400);

        Assert.Empty((await Api.Get("/api/me/keys", person.Token)).AsArray());
    }

    [Fact]
    public async Task a_name_of_exactly_100_characters_is_accepted()
    {
        var person = await Api.User("Reviewer");

        await NewKey(person, new string('k', 100));

        Assert.Single((await Api.Get("/api/me/keys", person.Token)).AsArray());
    }

    [Fact]
    public async Task a_person_holds_at_most_20_working_keys()
    {
        var person = await Api.User("Reviewer");
        var keys = new List<(Guid Id, string Key)>();
        for (var i = 0; i < 20; i++) keys.Add(await NewKey(person, $"key {i}"));

        var result = await Api.Send(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "one too many" }, 409);

        Assert.Equal(Problem.Type("too-many-keys"), (string)(await Problem.Read(result, 409))["type"]!);
        Assert.Equal(20, (await Api.Get("/api/me/keys", person.Token)).AsArray().Count);
        // A revoked key leaves room for a new one.
        await Api.Send(HttpMethod.Delete, $"/api/me/keys/{keys[0].Id}", person.Token, null, 200);
        await NewKey(person, "replacement");
    }

    [Fact]
    public async Task the_configured_admin_holds_no_keys_and_is_told_so()
    {
        var result = await Api.Send(HttpMethod.Post, "/api/me/keys", Scenarios.Admin, new { name = "admin script" }, 409);

        Assert.Equal(Problem.Type("configured-admin-has-no-keys"), (string)(await Problem.Read(result, 409))["type"]!);
        Assert.Empty((await Api.Get("/api/me/keys", Scenarios.Admin)).AsArray());
        var revoke = await Api.Send(HttpMethod.Delete, $"/api/me/keys/{Guid.NewGuid()}", Scenarios.Admin, null, 409);
        Assert.Equal(Problem.Type("configured-admin-has-no-keys"), (string)(await Problem.Read(revoke, 409))["type"]!);
    }

    [Fact]
    public async Task a_key_cannot_create_keys_but_reads_and_revokes_its_owners()
    {
        var person = await Api.User("Editor");
        var key = await NewKey(person);

        var result = await Api.Send(HttpMethod.Post, "/api/me/keys", key.Key, new { name = "minted by a key" }, 403);

        Assert.Equal(Problem.Type("forbidden"), (string)(await Problem.Read(result, 403))["type"]!);
        Assert.Single((await Api.Get("/api/me/keys", key.Key)).AsArray());
        await Api.Send(HttpMethod.Delete, $"/api/me/keys/{key.Id}", key.Key, null, 200);
        await Me(key.Key, 401);
    }

    [Theory]
    [InlineData("5d1e0000-0000-4000-8000-000000000404")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task unknown_people_and_keys_are_not_found(string id)
    {
        var person = await Api.User("Reviewer");

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/users/{id}/keys", Scenarios.Admin, null, 404), 404);
        await Problem.Read(await Api.Send(HttpMethod.Delete, $"/api/users/{id}/keys/{Guid.NewGuid()}", Scenarios.Admin, null, 404), 404);
        await Problem.Read(await Api.Send(HttpMethod.Delete, $"/api/users/{person.Id}/keys/{id}", Scenarios.Admin, null, 404), 404);
        await Problem.Read(await Api.Send(HttpMethod.Delete, $"/api/me/keys/{id}", person.Token, null, 404), 404);
        await Problem.Read(await Api.Send(HttpMethod.Delete, "/api/me/keys/not-a-guid", person.Token, null, 404), 404);
    }

    [Fact]
    public async Task a_retried_creation_with_its_idempotency_key_gives_the_same_key_and_creates_one()
    {
        var person = await Api.User("Reviewer");
        var idempotencyKey = Guid.NewGuid().ToString();

        var first = await Host.Keyed(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "CI" }, idempotencyKey);
        var again = await Host.Keyed(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "CI" }, idempotencyKey);

        Assert.Equal(201, first.Status);
        IdempotencySteps.SameAnswer(first, again);
        Assert.Single((await Api.Get("/api/me/keys", person.Token)).AsArray());
        await Me((string)again.Json["key"]!, 200);
    }

    [Fact]
    public async Task a_credential_that_is_neither_a_token_nor_a_working_key_is_refused()
    {
        var person = await Api.User("Reviewer");
        await NewKey(person);

        await Me("pnk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 401);
        // A key's hash is not a credential either.
        await using var session = Store.QuerySession();
        var user = await session.LoadAsync<User>(person.Id);
        await Me(user!.ActiveKeyHashes.Single(), 401);
    }

    /// <summary>The bearer scheme finds a key's owner with <c>data @&gt; {"ActiveKeyHashes": [hash]}</c>: the GIN index can answer it.</summary>
    [Fact]
    public async Task the_key_lookup_is_a_containment_query_the_gin_index_answers()
    {
        var person = await Api.User("Reviewer");
        var key = await NewKey(person);
        await using var session = Store.QuerySession();
        var hash = Tokens.Hash(key.Key);
        var command = session.Query<User>().Where(x => x.ActiveKeyHashes.Contains(hash)).ToCommand(FetchType.FetchOne);
        Assert.Contains("d.data @> ", command.CommandText);

        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A table of a few rows is read whole anyway; barred from that, the planner shows the index it would use.
        await new NpgsqlCommand("set local enable_seqscan = off", connection, transaction).ExecuteNonQueryAsync();
        var explain = new NpgsqlCommand("explain " + command.CommandText, connection, transaction);
        foreach (NpgsqlParameter p in command.Parameters) explain.Parameters.Add(new NpgsqlParameter(p.ParameterName, p.NpgsqlDbType) { Value = p.Value });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        var text = string.Join("\n", plan);
        Assert.Contains("Bitmap Index Scan on", text);
        Assert.DoesNotContain("Seq Scan", text);
    }
}
