using System.Text.Json.Nodes;
using Alba;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// A person's email address: optional at creation, set or changed by an admin, unique whatever its case,
/// refused when malformed, and personal data that no public page, evidence or export shows. This host has no
/// SMTP server, so it also shows what "email is off" looks like.
/// </summary>
public class PeopleEmailTests(AppFixture fixture) : ApiTest(fixture)
{
    private Task<JsonNode> Create(string name, string? email, int status) =>
        Api.Json(HttpMethod.Post, "/api/users", Scenarios.Admin, new { name, role = "Reviewer", email }, status);

    [Fact]
    public async Task an_address_is_kept_trimmed_and_lower_cased_and_belongs_to_one_person_whatever_its_case()
    {
        var ada = await Create("Ada", "  Ada@Example.org ", 201);
        Assert.Equal("ada@example.org", (string)ada["email"]!);
        var read = await Api.Get($"/api/users/{ada["id"]}", Scenarios.Admin);
        Assert.Equal("ada@example.org", (string)read["email"]!);

        var taken = await Create("Impostor", "ADA@EXAMPLE.ORG", 409);
        Assert.Equal(Problem.Type("email-taken"), (string)taken["type"]!);
        // Nobody was created by the refused request.
        Assert.Single((await Api.Get("/api/users", Scenarios.Admin)).AsArray());

        var grace = await Create("Grace", null, 201);
        Assert.Null(grace["email"]);
        var clash = await Api.Json(HttpMethod.Put, $"/api/users/{grace["id"]}/email", Scenarios.Admin, new { email = "ada@example.ORG" }, 409);
        Assert.Equal(Problem.Type("email-taken"), (string)clash["type"]!);
        var set = await Api.Json(HttpMethod.Put, $"/api/users/{grace["id"]}/email", Scenarios.Admin, new { email = "Grace@Example.org" }, 200);
        Assert.Equal("grace@example.org", (string)set["email"]!);
        // The same address again changes nothing and is not a conflict with oneself.
        await Api.Json(HttpMethod.Put, $"/api/users/{grace["id"]}/email", Scenarios.Admin, new { email = "grace@example.org" }, 200);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("ada@")]
    [InlineData("@example.org")]
    [InlineData("ada@localhost")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("ada@@example.org")]
    [InlineData("ada@example..org")]
    public async Task a_malformed_address_is_a_field_error_and_changes_nothing(string email)
    {
        var refused = await Create("Ada", email, 400);
        Assert.NotNull(refused["errors"]!["email"]);
        Assert.Empty((await Api.Get("/api/users", Scenarios.Admin)).AsArray());

        var grace = await Create("Grace", "grace@example.org", 201);
        var put = await Api.Json(HttpMethod.Put, $"/api/users/{grace["id"]}/email", Scenarios.Admin, new { email }, 400);
        Assert.NotNull(put["errors"]!["email"]);
        Assert.Equal("grace@example.org", (string)(await Api.Get($"/api/users/{grace["id"]}", Scenarios.Admin))["email"]!);
    }

    [Fact]
    public async Task only_admins_set_addresses_and_an_unknown_person_is_404()
    {
        var editor = await Api.User("Editor");
        await Api.Json(HttpMethod.Put, $"/api/users/{editor.Id}/email", editor.Token, new { email = "e@example.org" }, 403);
        await Api.Json(HttpMethod.Put, $"/api/users/{Guid.NewGuid()}/email", Scenarios.Admin, new { email = "e@example.org" }, 404);
    }

    [Fact]
    public async Task a_reviewers_address_appears_on_no_public_page_evidence_or_export()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var reviewer = panel.Reviewers[0];
        const string address = "private.reviewer@example.org";
        await Api.Json(HttpMethod.Put, $"/api/users/{reviewer.Id}/email", Scenarios.Admin, new { email = address }, 200);

        string[] urls =
        [
            "/", "/feed.atom", "/method", $"/scorecards/{panel.Id}", $"/scorecards/{panel.Id}/versions/1", $"/reviewers/{reviewer.Id}",
            $"/tools/{panel.Tools[0]}", "/api/scorecards", $"/api/scorecards/{panel.Id}", $"/api/scorecards/{panel.Id}/versions/1",
            $"/api/scorecards/{panel.Id}/versions/1/evidence", $"/api/scorecards/{panel.Id}/versions/1/verdicts.csv",
            $"/api/scorecards/{panel.Id}/versions/1/tools.csv", $"/api/reviewers/{reviewer.Id}/record", $"/api/tools/{panel.Tools[0]}/record"
        ];
        foreach (var url in urls)
        {
            var result = await Host.Scenario(s =>
            {
                s.Get.Url(url);
                s.StatusCodeShouldBe(200);
            });
            Assert.DoesNotContain("private.reviewer", await result.ReadAsTextAsync());
        }
        // Editors' exports and the history hold comparison events only: no address there either.
        foreach (var url in new[] { "/api/exports/events.jsonl", "/api/exports/verdicts.csv", $"/api/comparisons/{panel.Id}/history" })
        {
            var result = await Api.Send(HttpMethod.Get, url, panel.Editor.Token, null, 200);
            Assert.DoesNotContain("private.reviewer", await result.ReadAsTextAsync());
        }
    }

    [Fact]
    public async Task without_an_smtp_server_email_is_off_plainly_and_nothing_else_breaks()
    {
        var ada = await Create("Ada", "ada@example.org", 201);
        var refused = await Api.Json(HttpMethod.Post, $"/api/users/{ada["id"]}/invitations", Scenarios.Admin, null, 409);
        Assert.Equal(Problem.Type("email-off"), (string)refused["type"]!);
        Assert.False((bool)(await Api.Get("/api/emails/settings", Scenarios.Admin))["enabled"]!);

        using var browser = new BrowserSession(Host);
        var signIn = await browser.Get("/sign-in");
        Assert.Contains("off on this service", signIn.Document.QuerySelector("#email-off")!.TextContent);
        Assert.Null(signIn.Document.QuerySelector("form[action='/sign-in/link']"));
        var asked = await browser.Post("/sign-in/link", [("email", "ada@example.org")]);
        Assert.Equal(409, asked.Status);

        await browser.SignIn(Scenarios.Admin);
        var people = await browser.Get("/workspace/people");
        Assert.Contains("Email is off", people.Document.QuerySelector("#email-off")!.TextContent);
        Assert.DoesNotContain(people.Document.QuerySelectorAll("button"), b => b.TextContent == "Send invitation");
        Assert.Null(people.Document.QuerySelector("#person-invite"));
        // Tokens still work as before.
        var created = await browser.Post("/workspace/people", [("name", "Grace"), ("role", "Reviewer"), ("email", "grace@example.org")]);
        Assert.Equal(200, created.Status);
        Assert.StartsWith("pnl_", created.Document.QuerySelector("#new-token")!.GetAttribute("value"));
    }

    [Fact]
    public async Task the_people_page_shows_and_edits_addresses_keeping_a_refused_one_in_the_form()
    {
        var ada = await Create("Ada", "ada@example.org", 201);
        var grace = await Create("Grace", null, 201);
        using var browser = new BrowserSession(Host);
        await browser.SignIn(Scenarios.Admin);
        var page = await browser.Get("/workspace/people");
        Assert.Equal("ada@example.org", page.Document.QuerySelector($"#email-{ada["id"]}")!.GetAttribute("value"));

        var taken = await browser.Post($"/workspace/people/{grace["id"]}/email", [("email", "ADA@example.org")]);
        Assert.Equal(409, taken.Status);
        Assert.Equal("ADA@example.org", taken.Document.QuerySelector($"#email-{grace["id"]}")!.GetAttribute("value"));
        Assert.Contains("someone else", taken.Document.QuerySelector($"#email-{grace["id"]}-error")!.TextContent);

        var bad = await browser.Post($"/workspace/people/{grace["id"]}/email", [("email", "grace at example")]);
        Assert.Equal(400, bad.Status);

        var saved = await browser.Post($"/workspace/people/{grace["id"]}/email", [("email", "grace@example.org")]);
        Assert.Equal(303, saved.Status);
        var after = await browser.Get(saved.Location!);
        Assert.Contains("Email address saved", after.Main);
        Assert.Equal("grace@example.org", after.Document.QuerySelector($"#email-{grace["id"]}")!.GetAttribute("value"));
    }
}
