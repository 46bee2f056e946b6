using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>The workspace forms for tool facts that move: rewording a tool, and applying new facts to a comparison.</summary>
public class WorkspaceToolFactsTests(AppFixture fixture) : ApiTest(fixture)
{
    private BrowserSession Browser() => new(Host);

    [Fact]
    public async Task an_editor_rewords_a_tool_from_the_tools_page_and_its_history_shows_the_old_wording()
    {
        var editor = await Api.User("Editor");
        var tool = await Api.Tool(editor, "ml-intern");
        using var browser = Browser();
        await browser.SignIn(editor.Token);
        var page = await browser.Get("/workspace/tools");
        var form = page.Document.QuerySelector($"form[action='/workspace/tools/{tool}/description']")!;
        Assert.Equal("ml-intern", form.QuerySelector("input[name='name']")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector($"label[for='d{tool:N}-tagline']"));

        var saved = await browser.Post($"/workspace/tools/{tool}/description",
            [("name", "ml-intern"), ("tagline", "Interns for your models"), ("description", "ml-intern, described at length.")]);

        Assert.Equal(303, saved.Status);
        page = await browser.Get(saved.Location!);
        Assert.StartsWith("Wording updated.", page.Document.QuerySelector(".notice.success")!.TextContent);
        var history = page.Document.QuerySelector($"#tool-{tool} .tool-history")!;
        Assert.Contains("“ml-intern does one thing well”, became “Interns for your models”", history.QuerySelector("[data-fact='tagline']")!.TextContent);
        Assert.Equal("Interns for your models", (string)(await Api.Get($"/api/tools/{tool}", editor.Token))["tagline"]!);
    }

    [Fact]
    public async Task a_failed_rewording_keeps_the_input_and_puts_the_error_beside_the_field()
    {
        var editor = await Api.User("Editor");
        var tool = await Api.Tool(editor, "ml-intern");
        await Api.Tool(editor, "Gemma 4");
        using var browser = Browser();
        await browser.SignIn(editor.Token);
        await browser.Get("/workspace/tools");

        var page = await browser.Post($"/workspace/tools/{tool}/description",
            [("name", "gemma 4"), ("tagline", "My new tagline"), ("description", "")]);

        Assert.Equal(400, page.Status);
        var prefix = $"d{tool:N}";
        Assert.Equal("gemma 4", page.Document.QuerySelector($"#{prefix}-name")!.GetAttribute("value"));
        Assert.Equal("My new tagline", page.Document.QuerySelector($"#{prefix}-tagline")!.GetAttribute("value"));
        Assert.Contains("Description is required.", page.Document.QuerySelector($"#{prefix}-description-error")!.TextContent);
        Assert.Equal("ml-intern", (string)(await Api.Get($"/api/tools/{tool}", editor.Token))["name"]!);

        page = await browser.Post($"/workspace/tools/{tool}/description", [("name", "gemma 4"), ("tagline", "t"), ("description", "d")]);
        Assert.Equal(400, page.Status);
        Assert.Contains("already a tool named", page.Document.QuerySelector($"#{prefix}-name-error")!.TextContent);
    }

    [Fact]
    public async Task the_editors_page_says_which_facts_are_out_of_date_applies_them_and_the_correction_needs_no_typed_note()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var name = (string)(await Api.Get($"/api/tools/{panel.Tools[0]}", panel.Editor.Token))["name"]!;
        await Api.Json(HttpMethod.Put, $"/api/tools/{panel.Tools[0]}/pricing", panel.Editor.Token, new { entryTier = "Free", pricingRead = "$20/month" }, 200);
        using var browser = Browser();
        await browser.SignIn(panel.Editor.Token);

        var page = await browser.Get($"/workspace/comparisons/{panel.Id}");
        var section = page.Document.QuerySelector("#tool-facts")!;
        Assert.Contains($"The facts of {name} are out of date here.", section.TextContent);
        Assert.Equal($"Pricing of {name} changed from Free to start. to $20/month.", section.QuerySelector("[data-fact='pricingRead']")!.TextContent.Trim());
        var expected = section.QuerySelector("input[name='expected']")!.GetAttribute("value")!;

        var applied = await browser.Post($"/workspace/comparisons/{panel.Id}/tool-facts", [("expected", expected)]);
        Assert.Equal(303, applied.Status);
        page = await browser.Get(applied.Location!);
        Assert.Equal("Tool facts applied.", page.Document.QuerySelector(".notice.success")!.TextContent);
        Assert.Null(page.Document.QuerySelector("[data-outdated-facts]"));
        Assert.Contains("$20/month", page.Document.QuerySelector("[data-applied-facts]")!.TextContent);
        Assert.False(page.Document.QuerySelector("#publish-note")!.HasAttribute("required"));

        var corrected = await browser.Post($"/workspace/comparisons/{panel.Id}/publications",
            [("note", ""), ("expected", (string)(await Api.Details(panel.Editor, panel.Id))["version"]!.ToString())]);
        Assert.Equal(303, corrected.Status);
        Assert.Equal($"Pricing of {name} changed from Free to start. to $20/month.", (string)(await Api.PublishedScorecard(panel.Id))["note"]!);
    }

    [Fact]
    public async Task applying_from_a_stale_page_changes_nothing_and_says_so()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Json(HttpMethod.Put, $"/api/tools/{panel.Tools[1]}/pricing", panel.Editor.Token, new { entryTier = "Paid", pricingRead = "Call us" }, 200);
        using var browser = Browser();
        await browser.SignIn(panel.Editor.Token);
        await browser.Get($"/workspace/comparisons/{panel.Id}");

        var page = await browser.Post($"/workspace/comparisons/{panel.Id}/tool-facts", [("expected", "1")]);

        Assert.Equal(412, page.Status);
        Assert.NotNull(page.Document.QuerySelector("[data-outdated-facts]"));
        Assert.NotEmpty((await Api.Details(panel.Editor, panel.Id))["outdatedFacts"]!.AsArray());
    }

    [Fact]
    public async Task applying_when_nothing_moved_says_there_is_nothing_to_apply()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        using var browser = Browser();
        await browser.SignIn(panel.Editor.Token);
        await browser.Get($"/workspace/comparisons/{panel.Id}");
        Assert.Null((await browser.Get($"/workspace/comparisons/{panel.Id}")).Document.QuerySelector("#tool-facts"));

        var page = await browser.Post($"/workspace/comparisons/{panel.Id}/tool-facts", []);

        Assert.Equal(303, page.Status);
        Assert.Contains("done=facts-current", page.Location);
    }

    [Fact]
    public async Task a_reviewer_cannot_use_the_tool_facts_forms()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        using var browser = Browser();
        await browser.SignIn(panel.Reviewers[0].Token);
        await browser.Get("/workspace");

        Assert.Equal(403, (await browser.Post($"/workspace/comparisons/{panel.Id}/tool-facts", [])).Status);
        Assert.Equal(403, (await browser.Post($"/workspace/tools/{panel.Tools[0]}/description", [("name", "x"), ("tagline", "y"), ("description", "z")])).Status);
    }
}
