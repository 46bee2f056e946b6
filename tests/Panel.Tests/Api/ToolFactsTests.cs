using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Tool facts that move: rewording and repricing a tool, a published comparison noticing, applying, correcting.</summary>
public class ToolFactsTests(AppFixture fixture) : ApiTest(fixture)
{
    private Task<JsonNode> Reprice(Person editor, Guid tool, string entryTier, string pricingRead, int status = 200) =>
        Api.Json(HttpMethod.Put, $"/api/tools/{tool}/pricing", editor.Token, new { entryTier, pricingRead }, status);

    private Task<JsonNode> Redescribe(Person who, Guid tool, string name, string tagline, string description, int status = 200) =>
        Api.Json(HttpMethod.Put, $"/api/tools/{tool}/description", who.Token, new { name, tagline, description }, status);

    private Task<JsonNode> ApplyFacts(Person who, Guid comparison, Guid? toolId = null, int status = 200) =>
        Api.Json(HttpMethod.Post, $"/api/comparisons/{comparison}/tool-facts", who.Token, new { toolId }, status);

    private async Task<string> NameOf(PanelSetup panel, int tool) => (string)(await Api.Get($"/api/tools/{panel.Tools[tool]}", panel.Editor.Token))["name"]!;

    [Fact]
    public async Task an_editor_rewords_a_tool_and_the_old_wording_stays_in_its_changes()
    {
        var editor = await Api.User("Editor");
        var tool = await Api.Tool(editor, "ml-intern");

        var after = await Redescribe(editor, tool, "ml-intern 2", "Interns for your models", "Longer now.");

        Assert.Equal("ml-intern 2", (string)after["name"]!);
        Assert.Equal("Interns for your models", (string)after["tagline"]!);
        var facts = after["changes"]![0]!["facts"]!.AsArray();
        Assert.Contains(facts, f => (string)f!["fact"]! == "name" && (string)f["before"]! == "ml-intern" && (string)f["after"]! == "ml-intern 2");
        Assert.Contains(facts, f => (string)f!["fact"]! == "tagline" && (string)f["before"]! == "ml-intern does one thing well");
        Assert.Equal(after.ToJsonString(), (await Api.Get($"/api/tools/{tool}", editor.Token)).ToJsonString());
    }

    [Fact]
    public async Task rewording_is_for_editors_valid_and_never_takes_another_tools_name()
    {
        var editor = await Api.User("Editor");
        var reviewer = await Api.User("Reviewer");
        var tool = await Api.Tool(editor, "ml-intern");
        await Api.Tool(editor, "Gemma 4");

        await Redescribe(reviewer, tool, "x", "y", "z", 403);
        var invalid = await Redescribe(editor, tool, "", "y", new string('d', 4001), 400);
        Assert.NotNull(invalid["errors"]!["name"]);
        Assert.NotNull(invalid["errors"]!["description"]);
        var duplicate = await Redescribe(editor, tool, "GEMMA 4", "y", "z", 409);
        Assert.EndsWith("duplicate-tool", (string)duplicate["type"]!);
        await Redescribe(editor, Guid.NewGuid(), "x", "y", "z", 404);

        // Its own name in another letter case is no duplicate.
        Assert.Equal("ML-Intern", (string)(await Redescribe(editor, tool, "ML-Intern", "y", "z"))["name"]!);
        Assert.DoesNotContain((await Api.Get($"/api/tools/{tool}", editor.Token))["changes"]![0]!["facts"]!.AsArray(),
            f => (string)f!["fact"]! == "vendor");
    }

    [Fact]
    public async Task repricing_a_tool_in_a_published_comparison_marks_its_facts_out_of_date_for_editors_and_readers()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var name = await NameOf(panel, 0);

        await Reprice(panel.Editor, panel.Tools[0], "Paid", "$20/month");

        var details = await Api.Details(panel.Editor, panel.Id);
        var outdated = details["outdatedFacts"]!.AsArray();
        Assert.Contains(outdated, f => (string)f!["fact"]! == "pricingRead" && (string)f["before"]! == "Free to start." && (string)f["after"]! == "$20/month");
        Assert.Contains(outdated, f => (string)f!["fact"]! == "entryTier" && (string)f["before"]! == "Free" && (string)f["after"]! == "Paid");
        Assert.Equal(outdated.Count, (await Api.LiveScorecard(panel.Editor, panel.Id))["outdatedFacts"]!.AsArray().Count);
        // Nothing changed in the comparison yet: no correction is asked for, and the published version is as it was.
        Assert.False((bool)details["needsCorrection"]!);
        var card = await Api.PublishedScorecard(panel.Id);
        Assert.Equal("Free to start.", (string)card.ToolScore(panel.Tools[0])["pricingRead"]!);
        Assert.Contains(card["outdatedFacts"]!.AsArray(), f => (string)f!["tool"]! == name && (string)f["fact"]! == "pricingRead");
        // A reviewer's view carries no editorial notes.
        Assert.Empty((await Api.Details(panel.Reviewers[0], panel.Id))["outdatedFacts"]!.AsArray());
    }

    [Fact]
    public async Task the_editor_applies_the_new_facts_and_publishes_a_correction_that_says_what_changed()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var name = await NameOf(panel, 0);
        await Reprice(panel.Editor, panel.Tools[0], "Free", "$20/month");

        var applied = await ApplyFacts(panel.Editor, panel.Id);

        Assert.Empty(applied["outdatedFacts"]!.AsArray());
        Assert.True((bool)applied["needsCorrection"]!);
        Assert.Equal("$20/month", (string)applied["tools"]![0]!["pricingRead"]!);
        var history = await Api.History(panel.Editor, panel.Id);
        var entry = history.AsArray().Single(e => (string)e!["type"]! == "ToolFactsApplied")!;
        Assert.Equal("Free to start.", (string)entry["data"]!["changes"]![0]!["before"]!);
        Assert.Equal("$20/month", (string)entry["data"]!["changes"]![0]!["after"]!);

        var published = await Api.Publish(panel.Editor, panel.Id);
        Assert.Equal(2, (int)published["version"]!);

        var card = await Api.PublishedScorecard(panel.Id);
        Assert.Equal($"Pricing of {name} changed from Free to start. to $20/month.", (string)card["note"]!);
        Assert.Equal("$20/month", (string)card.ToolScore(panel.Tools[0])["pricingRead"]!);
        Assert.Empty(card["outdatedFacts"]!.AsArray());
        var changes = await Api.Get($"/api/scorecards/{panel.Id}/versions/2/changes");
        Assert.Equal("pricingRead", (string)Assert.Single(changes["facts"]!.AsArray())!["fact"]!);
        // Version 1 stays as it was released.
        var v1 = await Api.Get($"/api/scorecards/{panel.Id}/versions/1");
        Assert.Equal("Free to start.", (string)v1.ToolScore(panel.Tools[0])["pricingRead"]!);
        Assert.True((bool)(await Api.Get($"/api/scorecards/{panel.Id}/versions/1/verification"))["valid"]!);
    }

    [Fact]
    public async Task a_reworded_tool_is_applied_too_and_its_new_name_shows_on_the_correction()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var old = await NameOf(panel, 1);
        await Redescribe(panel.Editor, panel.Tools[1], "Renamed tool", "A new line", "A new description");

        await ApplyFacts(panel.Editor, panel.Id, panel.Tools[1]);
        await Api.Publish(panel.Editor, panel.Id, "Beta's vendor renamed it.");

        var card = await Api.PublishedScorecard(panel.Id);
        Assert.Equal("Beta's vendor renamed it.", (string)card["note"]!);
        Assert.Equal("Renamed tool", (string)card.ToolScore(panel.Tools[1])["name"]!);
        var facts = (await Api.Get($"/api/scorecards/{panel.Id}/versions/2/changes"))["facts"]!.AsArray();
        Assert.Equal(["name", "tagline", "description"], facts.Select(f => (string)f!["fact"]!));
        Assert.Equal(old, (string)facts[0]!["before"]!);
    }

    [Fact]
    public async Task applying_when_nothing_moved_changes_nothing_and_a_correction_is_still_refused()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        await ApplyFacts(panel.Editor, panel.Id);

        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
        var refused = await Api.Publish(panel.Editor, panel.Id, null, 409);
        Assert.EndsWith("already-published", (string)refused["type"]!);
    }

    [Fact]
    public async Task only_editors_apply_facts_and_only_to_the_comparisons_tools()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Reprice(panel.Editor, panel.Tools[0], "Paid", "$20/month");

        await ApplyFacts(panel.Reviewers[0], panel.Id, status: 403);
        await ApplyFacts(RuleSteps.Admin, panel.Id, status: 403);
        await ApplyFacts(panel.Editor, Guid.NewGuid(), status: 404);
        await ApplyFacts(panel.Editor, panel.Id, Guid.NewGuid(), 404);
        await Api.Json(HttpMethod.Post, $"/api/comparisons/{panel.Id}/tool-facts", panel.Editor.Token, new { }, 412, ifMatch: "\"1\"");

        Assert.NotEmpty((await Api.Details(panel.Editor, panel.Id))["outdatedFacts"]!.AsArray());
    }

    [Fact]
    public async Task before_publication_applied_facts_are_simply_what_version_1_is_published_on()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Reprice(panel.Editor, panel.Tools[1], "Enterprise", "Call sales");
        await ApplyFacts(panel.Editor, panel.Id);

        await Api.Publish(panel.Editor, panel.Id);

        var card = await Api.PublishedScorecard(panel.Id);
        Assert.Equal("Enterprise", (string)card.ToolScore(panel.Tools[1])["entryTier"]!);
        Assert.Empty(card["outdatedFacts"]!.AsArray());
    }

    [Fact]
    public async Task the_public_page_notes_outdated_facts_discreetly_and_the_correction_lists_them()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var name = await NameOf(panel, 0);
        await Reprice(panel.Editor, panel.Tools[0], "Free", "$20/month");

        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        var note = page.QuerySelector(".outdated-facts")!.TextContent;
        Assert.Contains($"Pricing of {name} changed from Free to start. to $20/month", note);
        Assert.Contains("Free to start.", page.ToolCard(panel.Tools[0]).QuerySelector(".pricing")!.TextContent);

        await ApplyFacts(panel.Editor, panel.Id);
        await Api.Publish(panel.Editor, panel.Id);

        (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        Assert.Null(page.QuerySelector(".outdated-facts"));
        var fact = page.QuerySelector(".correction li[data-fact='pricingRead']")!.TextContent;
        Assert.Equal($"Pricing of {name} changed from Free to start. to $20/month.", fact.Trim());
        // An earlier version is what it was; the note about today's facts belongs to the latest only.
        (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}/versions/1");
        Assert.Null(page.QuerySelector(".outdated-facts"));
    }

    [Fact]
    public async Task a_readers_cached_scorecard_is_not_served_as_current_once_a_tool_moves()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var first = await Api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}", null, null, 200);
        var etag = first.ETag();

        await Reprice(panel.Editor, panel.Tools[0], "Paid", "$20/month");

        var again = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/scorecards/{panel.Id}");
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(200);
        });
        Assert.NotEqual(etag, again.ETag());
    }
}
