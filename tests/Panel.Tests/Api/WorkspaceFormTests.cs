using Marten;
using Panel.Comparisons;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// The workspace's sessions and forms through the real pipeline (no browser): redirects, cookie flags,
/// CSRF, field errors beside their fields, and the API staying bearer-only.
/// </summary>
public class WorkspaceFormTests(AppFixture fixture) : ApiTest(fixture)
{
    private BrowserSession Browser() => new(Host);

    private async Task<long> EventCount(Guid stream)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(stream))?.Version ?? 0;
    }

    [Fact]
    public async Task a_workspace_page_without_a_session_redirects_to_sign_in_with_a_local_return_address()
    {
        using var browser = Browser();
        var page = await browser.Get("/workspace/tools?x=1");
        Assert.Equal(303, page.Status);
        Assert.Equal("/sign-in?returnUrl=%2Fworkspace%2Ftools%3Fx%3D1", page.Location);
    }

    [Fact]
    public async Task a_bearer_token_does_not_open_workspace_pages()
    {
        var editor = await Api.User("Editor");
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/workspace");
            s.WithRequestHeader("Authorization", "Bearer " + editor.Token);
            s.StatusCodeShouldBe(303);
        });
        Assert.StartsWith("/sign-in", result.Context.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task a_wrong_token_rerenders_the_sign_in_form_with_the_error_and_starts_no_session()
    {
        using var browser = Browser();
        await browser.Get("/sign-in");
        var page = await browser.Post("/sign-in", [("token", "pnl_not-a-token"), ("returnUrl", "/workspace")]);

        Assert.Equal(400, page.Status);
        var field = page.Document.QuerySelector("#token")!;
        Assert.Equal("token-hint token-error", field.GetAttribute("aria-describedby"));
        Assert.Contains("not valid", page.Document.QuerySelector("#token-error")!.TextContent);
        Assert.Null(browser.Cookie("panel_session"));
    }

    [Fact]
    public async Task signing_in_returns_only_to_a_local_address()
    {
        using var browser = Browser();
        await browser.Get("/sign-in");
        var page = await browser.Post("/sign-in", [("token", Scenarios.Admin), ("returnUrl", "//evil.example/steal")]);
        Assert.Equal(303, page.Status);
        Assert.Equal("/workspace", page.Location);
    }

    /// <summary>A crafted link with a return address no header can carry must not break the sign-in through it.</summary>
    [Theory]
    [InlineData("/café", "/caf%C3%A9")]
    [InlineData("/workspace/tools?q=été#a", "/workspace/tools?q=%C3%A9t%C3%A9#a")]
    [InlineData("/ｗｏｒｋｓｐａｃｅ", "/%EF%BD%97%EF%BD%8F%EF%BD%92%EF%BD%8B%EF%BD%93%EF%BD%90%EF%BD%81%EF%BD%83%EF%BD%85")]
    [InlineData("/／evil.example", "/%EF%BC%8Fevil.example")]
    [InlineData("/\u2028x", "/workspace")]
    [InlineData("/a\u202Eb", "/workspace")]
    [InlineData("/a\u00A0b", "/workspace")]
    [InlineData("/a b", "/workspace")]
    [InlineData("/a\"><script>", "/workspace")]
    [InlineData("/a%zz", "/workspace")]
    [InlineData("/a\\b", "/workspace")]
    [InlineData("https://evil.example/", "/workspace")]
    [InlineData("/workspace/tools?x=1", "/workspace/tools?x=1")]
    public async Task signing_in_with_any_return_address_redirects_to_a_well_formed_local_one(string returnUrl, string location)
    {
        using var browser = Browser();
        await browser.Get("/sign-in");
        var page = await browser.Post("/sign-in", [("token", Scenarios.Admin), ("returnUrl", returnUrl)]);
        Assert.Equal(303, page.Status);
        Assert.Equal(location, page.Location);
        Assert.NotNull(browser.Cookie("panel_session"));
        // The form a link opens carries the same target, so what it posts back is already safe.
        var form = await Browser().Get("/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(location, form.Document.QuerySelector("input[name='returnUrl']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task the_session_cookie_is_http_only_and_same_site_and_never_authenticates_the_api()
    {
        var reviewer = await Api.User("Reviewer");
        using var browser = Browser();
        await browser.Get("/sign-in");
        var signedIn = await browser.Post("/sign-in", [("token", reviewer.Token), ("returnUrl", "/workspace")]);
        var setCookie = signedIn.Headers["Set-Cookie"];
        Assert.Contains("panel_session=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(200, (await browser.Get("/workspace")).Status);
        // The same browser, cookie and all, calling the JSON API: still 401 problem JSON, unchanged.
        var api = await browser.Get("/api/me");
        Assert.Equal(401, api.Status);
        Assert.StartsWith("application/problem+json", api.Headers["Content-Type"]);
    }

    [Fact]
    public async Task the_configured_admin_key_signs_in_and_signing_out_ends_the_session()
    {
        using var browser = Browser();
        await browser.SignIn(Scenarios.Admin);
        var people = await browser.Get("/workspace/people");
        Assert.Equal(200, people.Status);
        Assert.Contains("Configured admin", people.Document.QuerySelector(".who")!.TextContent);

        var signedOut = await browser.Post("/sign-out", []);
        Assert.Equal(303, signedOut.Status);
        Assert.Equal(303, (await browser.Get("/workspace/people")).Status);
    }

    [Fact]
    public async Task a_form_post_without_the_antiforgery_token_answers_400_in_words_and_changes_nothing()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        var newcomer = await Api.User("Reviewer", "Newcomer");
        using var browser = Browser();
        await browser.SignIn(panel.Editor.Token);
        var before = await EventCount(panel.Id);

        var page = await browser.Post($"/workspace/comparisons/{panel.Id}/seats",
            [("reviewerId", newcomer.Id.ToString()), ("angle", "buyer")], withCsrf: false);

        Assert.Equal(400, page.Status);
        Assert.StartsWith("text/html", page.Headers["Content-Type"]);
        Assert.Contains("nothing was changed", page.Main);
        Assert.Equal(before, await EventCount(panel.Id));
    }

    [Fact]
    public async Task a_verdict_without_a_quote_comes_back_with_the_input_kept_and_the_error_beside_the_quote()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        var tool = panel.Tools[0];
        using var browser = Browser();
        await browser.SignIn(panel.Reviewers[0].Token);
        var form = await browser.Get($"/workspace/comparisons/{panel.Id}");
        var expected = form.Document.QuerySelector($"form[action$='/verdicts/{tool}'] input[name='expected']")!.GetAttribute("value")!;
        var before = await EventCount(panel.Id);
        Assert.Equal(before.ToString(), expected);

        var page = await browser.Post($"/workspace/comparisons/{panel.Id}/verdicts/{tool}",
            [("decision", "Skip"), ("quote", "  "), ("note", "Kept, private."), ("expected", expected)]);

        Assert.Equal(400, page.Status);
        var verdictForm = page.Document.QuerySelector($"form[action$='/verdicts/{tool}']")!;
        var quote = verdictForm.QuerySelector("textarea[name='quote']")!;
        Assert.True(quote.HasAttribute("autofocus"));
        var errorId = quote.GetAttribute("aria-describedby")!.Split(' ').Single(x => x.EndsWith("-error"));
        Assert.Equal("Quote is required.", page.Document.GetElementById(errorId)!.TextContent.Trim());
        Assert.Equal("Kept, private.", verdictForm.QuerySelector("textarea[name='note']")!.TextContent);
        Assert.True(verdictForm.QuerySelector("input[name='decision'][value='Skip']")!.HasAttribute("checked"));
        // Only that tool's form holds the error and the draft.
        var other = page.Document.QuerySelector($"form[action$='/verdicts/{panel.Tools[1]}']")!;
        Assert.Null(other.QuerySelector(".field-error"));
        Assert.Equal(before, await EventCount(panel.Id));
    }

    [Fact]
    public async Task a_saved_verdict_redirects_with_a_message_and_lands_through_the_same_decision_as_the_api()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        var tool = panel.Tools[0];
        using var browser = Browser();
        await browser.SignIn(panel.Reviewers[0].Token);
        await browser.Get($"/workspace/comparisons/{panel.Id}");

        var saved = await browser.Post($"/workspace/comparisons/{panel.Id}/verdicts/{tool}",
            [("decision", "Ship"), ("quote", "Ship it."), ("expected", (await EventCount(panel.Id)).ToString())]);
        Assert.Equal(303, saved.Status);
        Assert.Equal($"/workspace/comparisons/{panel.Id}?done=verdict-saved#tool-{tool}", saved.Location);
        var page = await browser.Get(saved.Location!);
        Assert.Equal("Verdict saved.", page.Document.QuerySelector(".notice.success")!.TextContent);

        var details = await Api.Get($"/api/comparisons/{panel.Id}", panel.Reviewers[0].Token);
        Assert.Equal("Ship it.", (string)details["verdicts"]![0]!["quote"]!);
    }

    [Fact]
    public async Task publishing_an_incomplete_panel_from_the_form_says_so_and_lists_who_owes_what()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship");
        using var browser = Browser();
        await browser.SignIn(panel.Editor.Token);
        await browser.Get($"/workspace/comparisons/{panel.Id}");

        var page = await browser.Post($"/workspace/comparisons/{panel.Id}/publications",
            [("note", ""), ("expected", (await EventCount(panel.Id)).ToString())]);

        Assert.Equal(409, page.Status);
        Assert.Contains("The panel is not complete", page.Document.QuerySelector("#form-message")!.TextContent);
        var owed = page.Document.QuerySelectorAll(".next-step .owed li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, owed.Count);
        Assert.Contains(owed, x => x.StartsWith("Reviewer 2 owes"));
        Assert.Equal(0, (await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token))["publishedVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_scorecard_published_from_the_form_is_sealed_and_verifies_like_one_published_through_the_api()
    {
        var panel = await Api.CompletedPanel("SK");
        await Api.EditorsVerdict(panel.Editor, panel.Id, Scenarios.BottomLine);
        using var browser = Browser();
        await browser.SignIn(panel.Editor.Token);
        await browser.Get($"/workspace/comparisons/{panel.Id}");

        var page = await browser.Post($"/workspace/comparisons/{panel.Id}/publications",
            [("note", ""), ("expected", (await EventCount(panel.Id)).ToString())]);

        Assert.Equal(303, page.Status);
        var card = await Api.Get($"/api/scorecards/{panel.Id}", null);
        Assert.NotNull(card["seal"]);
        var check = await Api.Get($"/api/scorecards/{panel.Id}/versions/1/verification", null);
        Assert.Equal((string)check["digest"]!, (string)card["seal"]!["digest"]!);
        Assert.True((bool)check["valid"]!, check.ToJsonString());
    }

    [Fact]
    public async Task a_new_token_is_shown_once_on_the_answer_to_the_post_never_cached_and_never_in_a_url()
    {
        using var browser = Browser();
        await browser.SignIn(Scenarios.Admin);
        await browser.Get("/workspace/people");
        var page = await browser.Post("/workspace/people", [("name", "Nadia"), ("role", "Reviewer")]);

        Assert.Equal(200, page.Status);
        Assert.Null(page.Location);
        Assert.Contains("no-store", page.Headers["Cache-Control"]);
        var token = page.Document.QuerySelector("#new-token")!;
        Assert.True(token.HasAttribute("readonly"));
        Assert.StartsWith("pnl_", token.GetAttribute("value"));
        Assert.Contains("script-src 'self'", page.Headers["Content-Security-Policy"]);
        Assert.NotNull(page.Document.QuerySelector("script[src='/assets/workspace.js']"));
        Assert.Null(page.Document.QuerySelector("script:not([src])"));

        // The person signs in with it.
        using var nadia = Browser();
        await nadia.SignIn(token.GetAttribute("value")!);
        Assert.Equal(200, (await nadia.Get("/workspace")).Status);
    }

    [Fact]
    public async Task a_failed_person_form_keeps_the_name_and_says_the_role_is_missing()
    {
        using var browser = Browser();
        await browser.SignIn(Scenarios.Admin);
        await browser.Get("/workspace/people");
        var page = await browser.Post("/workspace/people", [("name", "Nadia"), ("role", "Overlord")]);

        Assert.Equal(400, page.Status);
        Assert.Equal("Nadia", page.Document.QuerySelector("#person-name")!.GetAttribute("value"));
        Assert.Equal("Role is required.", page.Document.QuerySelector("#person-role-error")!.TextContent.Trim());
        Assert.True(page.Document.QuerySelector("#person-role")!.HasAttribute("autofocus"));
    }

    [Fact]
    public async Task a_reviewer_reads_only_the_history_of_their_own_verdicts()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Changed my mind entirely.", reason: "Second look.");
        using var browser = Browser();
        await browser.SignIn(panel.Reviewers[0].Token);

        var page = await browser.Get($"/workspace/comparisons/{panel.Id}/history");
        Assert.Equal(200, page.Status);
        var types = page.Document.QuerySelectorAll("ol.history > li").Select(li => li.GetAttribute("data-type")).ToList();
        Assert.Equal(["ReviewerSeated", "VerdictSubmitted", "VerdictSubmitted"], types);
        Assert.DoesNotContain("Changed my mind", page.Main);

        using var editor = Browser();
        await editor.SignIn(panel.Editor.Token);
        var full = await editor.Get($"/workspace/comparisons/{panel.Id}/history");
        var revised = full.Document.QuerySelector("li[data-type='VerdictRevised']")!;
        Assert.Contains("Second look.", revised.QuerySelector(".why")!.TextContent);
        Assert.Equal("Changed my mind entirely.", revised.QuerySelector("ins")!.TextContent.Replace("added: ", ""));
        Assert.Equal("Reviewer 2 on tool 2.", revised.QuerySelector("del")!.TextContent.Replace("removed: ", ""));
        // Read aloud (or copied), the diff keeps its words apart and says which are which.
        Assert.Equal("removed: Reviewer 2 on tool 2. added: Changed my mind entirely.",
            System.Text.RegularExpressions.Regex.Replace(revised.QuerySelector(".diff")!.TextContent, @"\s+", " ").Trim());
    }

    [Fact]
    public async Task an_unknown_workspace_address_or_a_get_of_a_form_address_is_a_page_not_json()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        using var browser = Browser();
        await browser.SignIn(panel.Reviewers[0].Token);

        var unknown = await browser.Get("/workspace/nothing-here");
        Assert.Equal(404, unknown.Status);
        Assert.StartsWith("text/html", unknown.Headers["Content-Type"]);
        Assert.Equal("Not found", unknown.Document.QuerySelector("h1")!.TextContent);

        var formAddress = await browser.Get($"/workspace/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}");
        Assert.Equal(405, formAddress.Status);
        Assert.StartsWith("text/html", formAddress.Headers["Content-Type"]);

        // The API's answers stay problem JSON.
        var api = await Api.Send(HttpMethod.Get, "/api/nothing-here", null, null, 404);
        Assert.StartsWith("application/problem+json", api.Context.Response.ContentType);
    }

    [Fact]
    public async Task the_editor_home_puts_what_needs_them_first()
    {
        var published = await Api.PublishedPanel("SS");
        var waiting = await Api.Panel(tools: 2, reviewers: 1);
        using var browser = Browser();
        await browser.SignIn(waiting.Editor.Token);

        var home = await browser.Get("/workspace");
        var needing = home.Document.QuerySelectorAll("#needing-title ~ ol .item").Select(li => li.GetAttribute("data-comparison-id")).ToList();
        Assert.Contains(waiting.Id.ToString(), needing);
        Assert.DoesNotContain(published.Id.ToString(), needing);
        Assert.Equal("Published, version 1",
            home.Document.QuerySelector($"li[data-comparison-id='{published.Id}'] .status")!.TextContent.Trim());
    }

    [Fact]
    public async Task the_preview_renders_the_public_page_as_a_draft_that_is_neither_indexed_nor_cached()
    {
        var panel = await Api.CompletedPanel("SK", "SS");
        using var browser = Browser();
        await browser.SignIn(panel.Editor.Token);

        var preview = await browser.Get($"/workspace/comparisons/{panel.Id}/preview");
        Assert.Equal(200, preview.Status);
        Assert.Contains("no-store", preview.Headers["Cache-Control"]);
        Assert.Equal("noindex", preview.Headers["X-Robots-Tag"]);
        Assert.Contains("Draft preview", preview.Document.QuerySelector(".draft-banner")!.TextContent);
        Assert.Equal("100%", preview.Document.ToolCard(panel.Tools[0]).Figure("panel-ship"));
        Assert.Equal("50%", preview.Document.ToolCard(panel.Tools[1]).Figure("panel-ship"));
        Assert.Null(preview.Document.QuerySelector("form[action$='/votes']"));
    }
}
