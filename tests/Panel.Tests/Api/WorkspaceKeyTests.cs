using Marten;
using Panel.People;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// Issue 17, item 6 in the workspace: /workspace/keys for everyone's own keys (create, shown once, revoke) and
/// /workspace/people/{id}/keys for an admin's view of someone's, through the real pipeline with a cookie session.
/// </summary>
public class WorkspaceKeyTests(AppFixture fixture) : ApiTest(fixture)
{
    private BrowserSession Browser() => new(Host);

    private async Task<IReadOnlyList<ApiKey>> KeysOf(Guid person)
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<User>(person))!.Keys;
    }

    [Fact]
    public async Task a_person_creates_a_key_sees_it_once_and_revokes_it()
    {
        var person = await Api.User("Reviewer", "Ada Park");
        using var browser = Browser();
        await browser.SignIn(person.Token);

        var empty = await browser.Get("/workspace/keys");
        Assert.Equal(200, empty.Status);
        Assert.NotNull(empty.Document.QuerySelector("nav a[href='/workspace/keys']"));
        Assert.NotNull(empty.Document.QuerySelector("#no-keys"));

        var shown = await browser.Post("/workspace/keys", [("name", "nightly export")]);
        Assert.Equal(200, shown.Status);
        Assert.Null(shown.Location);
        Assert.Contains("no-store", shown.Headers["Cache-Control"]);
        var field = shown.Document.QuerySelector("#new-key")!;
        Assert.True(field.HasAttribute("readonly"));
        var key = field.GetAttribute("value")!;
        Assert.StartsWith("pnk_", key);
        Assert.Contains("shown only now", shown.Main);
        Assert.Equal(person.Id, Guid.Parse((string)(await Api.Get("/api/me", key))["id"]!));

        // Listed by name, never shown again.
        var list = await browser.Get("/workspace/keys");
        var id = (await KeysOf(person.Id)).Single().Id;
        var row = list.Document.QuerySelector($"#key-{id}")!;
        Assert.Equal("nightly export", row.QuerySelector("th")!.TextContent);
        Assert.Equal("active", row.GetAttribute("data-state"));
        Assert.DoesNotContain(key, list.Text);
        Assert.DoesNotContain(Tokens.Hash(key), list.Text);

        var revoked = await browser.Post($"/workspace/keys/{id}/revocation", []);
        Assert.Equal(303, revoked.Status);
        Assert.Equal($"/workspace/keys?done=key-revoked#key-{id}", revoked.Location);
        await Api.Send(HttpMethod.Get, "/api/me", key, null, 401);
        var after = await browser.Get($"/workspace/keys?done=key-revoked");
        Assert.Contains("API key revoked", after.Document.QuerySelector(".notice.success")!.TextContent);
        Assert.Equal("revoked", after.Document.QuerySelector($"#key-{id}")!.GetAttribute("data-state"));
        Assert.Null(after.Document.QuerySelector($"#key-{id} button"));
        // The session was started with the token: it goes on.
        Assert.Equal(200, (await browser.Get("/workspace")).Status);
    }

    [Theory]
    [InlineData("", "Name is required.")]
    [InlineData("   ", "Name is required.")]
    public async Task a_key_without_a_name_comes_back_with_the_error_beside_the_name(string name, string error)
    {
        var person = await Api.User("Editor");
        using var browser = Browser();
        await browser.SignIn(person.Token);
        await browser.Get("/workspace/keys");

        var page = await browser.Post("/workspace/keys", [("name", name)]);

        Assert.Equal(400, page.Status);
        Assert.Equal(error, page.Document.QuerySelector("#key-name-error")!.TextContent.Trim());
        Assert.True(page.Document.QuerySelector("#key-name")!.HasAttribute("autofocus"));
        Assert.Null(page.Document.QuerySelector("#new-key"));
        Assert.Empty(await KeysOf(person.Id));
    }

    [Fact]
    public async Task an_overlong_name_is_kept_in_the_form_with_its_error()
    {
        var person = await Api.User("Editor");
        using var browser = Browser();
        await browser.SignIn(person.Token);
        await browser.Get("/workspace/keys");
        var name = new string('n', 101);

        var page = await browser.Post("/workspace/keys", [("name", name)]);

        Assert.Equal(400, page.Status);
        Assert.Equal(name, page.Document.QuerySelector("#key-name")!.GetAttribute("value"));
        Assert.Equal("Name must be at most 100 characters.", page.Document.QuerySelector("#key-name-error")!.TextContent.Trim());
        Assert.Empty(await KeysOf(person.Id));
    }

    [Fact]
    public async Task a_key_form_without_the_antiforgery_token_changes_nothing()
    {
        var person = await Api.User("Editor");
        using var browser = Browser();
        await browser.SignIn(person.Token);
        await browser.Get("/workspace/keys");

        var page = await browser.Post("/workspace/keys", [("name", "forged")], withCsrf: false);

        Assert.Equal(400, page.Status);
        Assert.Contains("nothing was changed", page.Main);
        Assert.Empty(await KeysOf(person.Id));
    }

    [Fact]
    public async Task past_twenty_working_keys_the_page_says_why_and_keeps_the_name()
    {
        var person = await Api.User("Reviewer");
        for (var i = 0; i < 20; i++) await Api.Send(HttpMethod.Post, "/api/me/keys", person.Token, new { name = $"key {i}" }, 201);
        using var browser = Browser();
        await browser.SignIn(person.Token);
        await browser.Get("/workspace/keys");

        var page = await browser.Post("/workspace/keys", [("name", "one more")]);

        Assert.Equal(409, page.Status);
        Assert.Contains("at most 20", page.Document.QuerySelector("#keys-error")!.TextContent);
        Assert.Equal("one more", page.Document.QuerySelector("#key-name")!.GetAttribute("value"));
        Assert.Equal(20, (await KeysOf(person.Id)).Count);
    }

    [Fact]
    public async Task someone_elses_key_cannot_be_revoked_from_my_page()
    {
        var owner = await Api.User("Reviewer");
        var created = await Api.Json(HttpMethod.Post, "/api/me/keys", owner.Token, new { name = "theirs" }, 201);
        var other = await Api.User("Editor");
        using var browser = Browser();
        await browser.SignIn(other.Token);
        await browser.Get("/workspace/keys");

        var page = await browser.Post($"/workspace/keys/{(string)created["id"]!}/revocation", []);

        Assert.Equal(404, page.Status);
        Assert.StartsWith("text/html", page.Headers["Content-Type"]);
        await Api.Send(HttpMethod.Get, "/api/me", (string)created["key"]!, null, 200);
    }

    [Fact]
    public async Task a_key_signs_in_cannot_create_keys_there_and_its_session_ends_with_it()
    {
        var person = await Api.User("Editor");
        var created = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "laptop" }, 201);
        using var browser = Browser();
        await browser.SignIn((string)created["key"]!);
        Assert.Equal(200, (await browser.Get("/workspace")).Status);

        var page = await browser.Get("/workspace/keys");
        Assert.NotNull(page.Document.QuerySelector("#no-create"));
        Assert.Null(page.Document.QuerySelector("form[action='/workspace/keys']"));
        var refused = await browser.Post("/workspace/keys", [("name", "minted")]);
        Assert.Equal(403, refused.Status);
        Assert.Single(await KeysOf(person.Id));

        await Api.Send(HttpMethod.Delete, $"/api/me/keys/{(string)created["id"]!}", person.Token, null, 200);

        var after = await browser.Get("/workspace");
        Assert.Equal(303, after.Status);
        Assert.StartsWith("/sign-in", after.Location);
    }

    [Fact]
    public async Task a_session_started_with_a_key_ends_when_the_person_is_revoked()
    {
        var person = await Api.User("Editor");
        var created = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "laptop" }, 201);
        using var browser = Browser();
        await browser.SignIn((string)created["key"]!);

        await Api.Send(HttpMethod.Delete, $"/api/users/{person.Id}/token", Scenarios.Admin, null, 200);

        Assert.Equal(303, (await browser.Get("/workspace")).Status);
        var again = await browser.Post("/sign-in", [("token", (string)created["key"]!), ("returnUrl", "/workspace")]);
        Assert.Equal(400, again.Status);
    }

    [Fact]
    public async Task the_configured_admin_is_told_it_holds_no_keys()
    {
        using var browser = Browser();
        await browser.SignIn(Scenarios.Admin);

        var page = await browser.Get("/workspace/keys");

        Assert.Equal(200, page.Status);
        Assert.Contains("configured admin key", page.Document.QuerySelector("#no-keys")!.TextContent);
        Assert.Null(page.Document.QuerySelector("form[action='/workspace/keys']"));
        var refused = await browser.Post("/workspace/keys", [("name", "admin script")]);
        Assert.Equal(409, refused.Status);
        Assert.Contains("no API keys", refused.Document.QuerySelector("#no-keys, #keys-error")!.TextContent);
    }

    [Fact]
    public async Task an_admin_sees_how_many_keys_each_person_has_and_revokes_one()
    {
        var person = await Api.User("Reviewer", "Zoe Quill");
        var first = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "one" }, 201);
        var second = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "two" }, 201);
        using var browser = Browser();
        await browser.SignIn(Scenarios.Admin);

        var people = await browser.Get("/workspace/people");
        var link = people.Document.QuerySelector($"#person-{person.Id} a[href='/workspace/people/{person.Id}/keys']")!;
        Assert.Equal("2", link.GetAttribute("data-active-keys"));
        Assert.Equal("2 API keys", link.TextContent);

        var keys = await browser.Get($"/workspace/people/{person.Id}/keys");
        Assert.Equal(200, keys.Status);
        Assert.Equal("API keys of Zoe Quill", keys.Document.QuerySelector("h1")!.TextContent);
        Assert.Null(keys.Document.QuerySelector("form[action='/workspace/keys']"));
        var firstId = (string)first["id"]!;
        Assert.NotNull(keys.Document.QuerySelector($"#key-{firstId} form[action='/workspace/people/{person.Id}/keys/{firstId}/revocation']"));

        var revoked = await browser.Post($"/workspace/people/{person.Id}/keys/{firstId}/revocation", []);
        Assert.Equal(303, revoked.Status);
        Assert.Equal($"/workspace/people/{person.Id}/keys?done=key-revoked#key-{firstId}", revoked.Location);
        await Api.Send(HttpMethod.Get, "/api/me", (string)first["key"]!, null, 401);
        await Api.Send(HttpMethod.Get, "/api/me", (string)second["key"]!, null, 200);
        var after = await browser.Get("/workspace/people");
        Assert.Equal("1 API key", after.Document.QuerySelector($"#person-{person.Id} a[data-active-keys]")!.TextContent);

        // Revoking the person from the People page ends the other key too.
        await browser.Post($"/workspace/people/{person.Id}/revocation", []);
        await Api.Send(HttpMethod.Get, "/api/me", (string)second["key"]!, null, 401);
        Assert.Equal("0", (await browser.Get("/workspace/people")).Document.QuerySelector($"#person-{person.Id} a[data-active-keys]")!.GetAttribute("data-active-keys"));
    }

    [Fact]
    public async Task only_an_admin_opens_someones_keys_and_an_unknown_person_is_a_404_page()
    {
        var person = await Api.User("Reviewer");
        var created = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "one" }, 201);
        var editor = await Api.User("Editor");
        using var browser = Browser();
        await browser.SignIn(editor.Token);

        Assert.Equal(403, (await browser.Get($"/workspace/people/{person.Id}/keys")).Status);
        await browser.Get("/workspace/keys");
        Assert.Equal(403, (await browser.Post($"/workspace/people/{person.Id}/keys/{(string)created["id"]!}/revocation", [])).Status);
        await Api.Send(HttpMethod.Get, "/api/me", (string)created["key"]!, null, 200);

        using var admin = Browser();
        await admin.SignIn(Scenarios.Admin);
        Assert.Equal(404, (await admin.Get($"/workspace/people/{Guid.NewGuid()}/keys")).Status);
        await admin.Get("/workspace/people");
        Assert.Equal(404, (await admin.Post($"/workspace/people/{person.Id}/keys/{Guid.NewGuid()}/revocation", [])).Status);
    }
}
