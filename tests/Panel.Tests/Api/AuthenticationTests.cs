using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Marten;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class AuthenticationTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly Guid ConfiguredAdminId = new("00000000-0000-4000-8000-0000000000ad");

    /// <summary>GET /api/me with exactly this Authorization header (none when null).</summary>
    private Task<IScenarioResult> Me(string? authorization, int status) =>
        Host.Scenario(s =>
        {
            s.Get.Url("/api/me");
            if (authorization is not null) s.WithRequestHeader("Authorization", authorization);
            s.StatusCodeShouldBe(status);
        });

    private static async Task AssertChallenged(IScenarioResult result)
    {
        var problem = await Problem.Read(result, 401);
        Assert.Equal(Problem.Type("unauthorized"), (string)problem["type"]!);
        Assert.Equal("Bearer", result.Context.Response.Headers.WWWAuthenticate.ToString());
    }

    private static string Sha256Hex(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<int> UserCount() => (await Api.Get("/api/users", Scenarios.Admin)).AsArray().Count;

    [Fact]
    public async Task a_request_without_a_credential_is_challenged_with_a_bearer_problem()
    {
        await AssertChallenged(await Me(null, 401));
    }

    [Theory]
    [InlineData("Bearer not-a-token-anyone-was-given")]
    [InlineData("Bearer pnl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer test-admin-key-0123456789abcdeF")]
    [InlineData("Bearer test-admin-key-0123456789abcde")]
    public async Task a_token_nobody_was_given_is_rejected(string authorization)
    {
        await AssertChallenged(await Me(authorization, 401));
    }

    [Fact]
    public async Task an_overlong_token_is_rejected()
    {
        await AssertChallenged(await Me("Bearer " + new string('x', 5000), 401));
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==")]
    [InlineData("Basic x")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Token test-admin-key-0123456789abcdef")]
    [InlineData("test-admin-key-0123456789abcdef")]
    [InlineData("BearerTest-admin-key-0123456789abcdef")]
    public async Task a_malformed_authorization_header_is_rejected(string authorization)
    {
        await AssertChallenged(await Me(authorization, 401));
    }

    [Fact]
    public async Task the_configured_admin_key_authenticates_as_the_configured_admin()
    {
        var me = JsonDocument.Parse(await (await Me("Bearer " + Scenarios.Admin, 200)).ReadAsTextAsync()).RootElement;

        Assert.Equal(ConfiguredAdminId, me.GetProperty("id").GetGuid());
        Assert.Equal("Configured admin", me.GetProperty("name").GetString());
        Assert.Equal("Admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task the_bearer_scheme_name_is_case_insensitive()
    {
        var editor = await Api.User("Editor");

        var me = await (await Me("bearer " + editor.Token, 200)).ReadAsTextAsync();

        Assert.Contains(editor.Id.ToString(), me);
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Editor")]
    [InlineData("Admin")]
    public async Task an_admin_creates_a_user_whose_token_identifies_them(string role)
    {
        var result = await Api.Send(HttpMethod.Post, "/api/users", Scenarios.Admin, new { name = "Ada Park", role }, 201);
        var created = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement;
        var id = created.GetProperty("id").GetGuid();
        var token = created.GetProperty("token").GetString()!;

        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal($"/api/users/{id}", result.Context.Response.Headers.Location.ToString());
        var me = await Api.Get("/api/me", token);
        Assert.Equal(id, Guid.Parse((string)me["id"]!));
        Assert.Equal("Ada Park", (string)me["name"]!);
        Assert.Equal(role, (string)me["role"]!);
    }

    [Fact]
    public async Task a_new_users_name_is_stored_trimmed()
    {
        var created = await Api.Json(HttpMethod.Post, "/api/users", Scenarios.Admin, new { name = "  Ada Park \t", role = "Reviewer" }, 201);

        var me = await Api.Get("/api/me", (string)created["token"]!);

        Assert.Equal("Ada Park", (string)me["name"]!);
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Editor")]
    public async Task only_an_admin_creates_users(string role)
    {
        var caller = await Api.User(role);
        var before = await UserCount();

        var result = await Api.Send(HttpMethod.Post, "/api/users", caller.Token, new { name = "Sneaky", role = "Admin" }, 403);

        var problem = await Problem.Read(result, 403);
        Assert.Equal(Problem.Type("forbidden"), (string)problem["type"]!);
        Assert.Equal(before, await UserCount());
    }

    [Fact]
    public async Task creating_a_user_without_a_credential_is_challenged()
    {
        var result = await Api.Send(HttpMethod.Post, "/api/users", null, new { name = "Nobody", role = "Admin" }, 401);

        await AssertChallenged(result);
        Assert.Equal(0, await UserCount());
    }

    [Fact]
    public async Task only_the_sha256_of_a_token_is_stored()
    {
        var person = await Api.User("Reviewer");

        await using var session = Store.QuerySession();
        var user = await session.LoadAsync<Panel.People.User>(person.Id);
        Assert.NotNull(user);
        Assert.NotEqual(person.Token, user.TokenHash);
        Assert.Equal(Sha256Hex(person.Token), user.TokenHash);

        var document = await session.Json.FindByIdAsync<Panel.People.User>(person.Id);
        Assert.DoesNotContain(person.Token, document);
        var events = await session.Events.FetchStreamAsync(person.Id);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.DoesNotContain(person.Token, JsonSerializer.Serialize(e.Data, e.Data.GetType())));
    }

    [Fact]
    public async Task tokens_carry_at_least_128_random_bits_in_a_header_safe_alphabet()
    {
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++) tokens.Add((await Api.User("Reviewer")).Token);

        foreach (var token in tokens)
        {
            // An optional short prefix such as "pnl_", then URL-safe base64 without padding.
            var match = Regex.Match(token, "^(?:[a-z]{2,8}_)?(?<secret>[A-Za-z0-9_-]+)$");
            Assert.True(match.Success, $"'{token}' is not a prefix plus URL-safe base64.");
            Assert.True(match.Groups["secret"].Length * 6 >= 128, $"'{token}' carries fewer than 128 bits.");
        }
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task reissuing_a_token_replaces_the_old_one_at_once()
    {
        var person = await Api.User("Reviewer");

        var reissued = await Api.Json(HttpMethod.Post, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);

        var token = (string)reissued["token"]!;
        Assert.Equal(person.Id, Guid.Parse((string)reissued["id"]!));
        Assert.NotEqual(person.Token, token);
        Assert.Equal(person.Id, Guid.Parse((string)(await Api.Get("/api/me", token))["id"]!));
        await AssertChallenged(await Me("Bearer " + person.Token, 401));

        await using var session = Store.QuerySession();
        var user = await session.LoadAsync<Panel.People.User>(person.Id);
        Assert.Equal(Sha256Hex(token), user!.TokenHash);
    }

    [Fact]
    public async Task reissuing_leaves_other_users_tokens_working()
    {
        var person = await Api.User("Reviewer");
        var other = await Api.User("Editor");

        await Api.Send(HttpMethod.Post, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);

        Assert.Equal(other.Id, Guid.Parse((string)(await Api.Get("/api/me", other.Token))["id"]!));
    }

    [Theory]
    [InlineData("5d1e0000-0000-4000-8000-000000000404")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task reissuing_for_an_unknown_user_is_not_found(string id)
    {
        var result = await Api.Send(HttpMethod.Post, $"/api/users/{id}/token", Scenarios.Admin, null, 404);

        var problem = await Problem.Read(result, 404);
        Assert.Equal(Problem.Type("not-found"), (string)problem["type"]!);
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Editor")]
    public async Task only_an_admin_reissues_tokens(string role)
    {
        var caller = await Api.User(role);
        var person = await Api.User("Reviewer");

        var result = await Api.Send(HttpMethod.Post, $"/api/users/{person.Id}/token", caller.Token, null, 403);

        await Problem.Read(result, 403);
        Assert.Equal(person.Id, Guid.Parse((string)(await Api.Get("/api/me", person.Token))["id"]!));
    }

    [Fact]
    public async Task an_admin_lists_users_by_name_without_their_credentials()
    {
        var zoe = await Api.User("Reviewer", "Zoe Quill");
        var ada = await Api.User("Editor", "Ada Park");

        var result = await Api.Send(HttpMethod.Get, "/api/users", Scenarios.Admin, null, 200);
        var text = await result.ReadAsTextAsync();
        var users = JsonDocument.Parse(text).RootElement;

        Assert.Equal(["Ada Park", "Zoe Quill"], users.EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        Assert.Equal(["Editor", "Reviewer"], users.EnumerateArray().Select(u => u.GetProperty("role").GetString()));
        Assert.Equal([ada.Id, zoe.Id], users.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
        foreach (var person in new[] { zoe, ada })
        {
            Assert.DoesNotContain(person.Token, text);
            Assert.DoesNotContain(Sha256Hex(person.Token), text);
        }
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Editor")]
    public async Task only_an_admin_lists_users(string role)
    {
        var caller = await Api.User(role);

        var result = await Api.Send(HttpMethod.Get, "/api/users", caller.Token, null, 403);

        var problem = await Problem.Read(result, 403);
        Assert.Equal(Problem.Type("forbidden"), (string)problem["type"]!);
    }

    [Fact]
    public async Task revoking_a_token_takes_access_away_at_once_and_is_recorded()
    {
        var person = await Api.User("Reviewer");
        var other = await Api.User("Reviewer");

        var revoked = await Api.Json(HttpMethod.Delete, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);

        Assert.NotNull(revoked["tokenRevokedAt"]);
        await AssertChallenged(await Me("Bearer " + person.Token, 401));
        await Me("Bearer " + other.Token, 200);
        var listed = (await Api.Get("/api/users", Scenarios.Admin)).AsArray().Single(u => (string)u!["id"]! == person.Id.ToString())!;
        Assert.NotNull(listed["tokenRevokedAt"]);

        // Revoking again changes nothing; the history keeps one revocation.
        await Api.Json(HttpMethod.Delete, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(person.Id);
        Assert.Single(events, e => e.Data is Panel.People.TokenRevoked);
    }

    [Fact]
    public async Task reissuing_after_a_revocation_gives_access_back_with_the_new_token_only()
    {
        var person = await Api.User("Editor");
        await Api.Json(HttpMethod.Delete, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);

        var reissued = await Api.Json(HttpMethod.Post, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);

        await Me("Bearer " + (string)reissued["token"]!, 200);
        await AssertChallenged(await Me("Bearer " + person.Token, 401));
        var listed = (await Api.Get("/api/users", Scenarios.Admin)).AsArray().Single(u => (string)u!["id"]! == person.Id.ToString())!;
        Assert.Null(listed["tokenRevokedAt"]);
    }

    [Fact]
    public async Task revoking_is_for_admins_and_for_known_users()
    {
        var person = await Api.User("Reviewer");
        var editor = await Api.User("Editor");

        await Api.Send(HttpMethod.Delete, $"/api/users/{person.Id}/token", editor.Token, null, 403);
        await Api.Send(HttpMethod.Delete, $"/api/users/{person.Id}/token", null, null, 401);
        await Api.Send(HttpMethod.Delete, $"/api/users/{Guid.NewGuid()}/token", Scenarios.Admin, null, 404);
        await Me("Bearer " + person.Token, 200);
    }

    [Fact]
    public async Task the_service_refuses_to_start_with_a_guessable_admin_key()
    {
        var failure = await Record.ExceptionAsync(() =>
            AppFixture.StartAsync(demo: false, new Dictionary<string, string> { ["Panel:AdminKey"] = "admin" }));

        Assert.NotNull(failure);
        Assert.Contains("Panel:AdminKey must be at least 16 characters", failure.ToString());
    }

    [Fact]
    public async Task an_admin_key_configured_with_surrounding_spaces_still_authenticates()
    {
        await using var host = await AppFixture.StartAsync(demo: false,
            new Dictionary<string, string> { ["Panel:AdminKey"] = "  spaced-admin-key-0123456789  " });

        await host.Scenario(s =>
        {
            s.Get.Url("/api/me");
            s.WithRequestHeader("Authorization", "Bearer spaced-admin-key-0123456789");
            s.StatusCodeShouldBe(200);
        });
    }
}

