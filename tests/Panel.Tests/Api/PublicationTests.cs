using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Rules 5 and 6: publication needs a complete panel; later changes leave the published version alone until a correction.</summary>
public class PublicationTests(AppFixture fixture) : ApiTest(fixture)
{
    private Task<Alba.IScenarioResult> PublishRaw(PanelSetup panel, Person who, string? note, int status) =>
        Api.Send(HttpMethod.Post, $"/api/comparisons/{panel.Id}/publications", who.Token, new { note }, status);

    /// <summary>A version's own content, without the links to the versions that came after it.</summary>
    private async Task<string> ContentOfVersion(Guid id, int version)
    {
        var card = (await Api.Get($"/api/scorecards/{id}/versions/{version}")).AsObject();
        card.Remove("latestVersion");
        card.Remove("versions");
        return card.ToJsonString();
    }

    [Fact]
    public async Task publishing_an_incomplete_panel_is_a_conflict_that_lists_every_missing_verdict()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship");
        var names = (await Api.Details(panel.Editor, panel.Id)).Array("tools").Select(t => (string)t!["name"]!).ToList();

        var problem = await Problem.Read(await PublishRaw(panel, panel.Editor, null, 409), 409);

        Assert.EndsWith("incomplete-panel", (string)problem["type"]!);
        var missing = problem.Array("missing").Select(m => (
            (Guid)m!["reviewerId"]!, (string)m["reviewerName"]!, (Guid)m["toolId"]!, (string)m["toolName"]!)).ToList();
        Assert.Equal(
        [
            (panel.Reviewers[0].Id, "Reviewer 1", panel.Tools[1], names[1]),
            (panel.Reviewers[1].Id, "Reviewer 2", panel.Tools[0], names[0]),
            (panel.Reviewers[1].Id, "Reviewer 2", panel.Tools[1], names[1]),
        ], missing);
        await Api.PublishedScorecard(panel.Id, status: 404);
    }

    [Fact]
    public async Task publishing_a_panel_with_nobody_seated_is_a_conflict()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 0);

        var problem = await Problem.Read(await PublishRaw(panel, panel.Editor, null, 409), 409);

        Assert.EndsWith("incomplete-panel", (string)problem["type"]!);
        Assert.Empty(problem.Array("missing"));
    }

    [Fact]
    public async Task a_withdrawn_verdict_is_not_missing_for_publication()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Api.Withdraw(panel.Reviewers[0], panel.Id, panel.Tools[0]);

        var published = await Api.Publish(panel.Editor, panel.Id);

        Assert.Equal(1, (int)published["version"]!);
    }

    [Fact]
    public async Task a_reviewer_may_not_publish()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        await Problem.Read(await PublishRaw(panel, panel.Reviewers[0], null, 403), 403);
    }

    [Fact]
    public async Task publishing_an_unknown_comparison_is_not_found()
    {
        var editor = await Api.User("Editor");

        await Problem.Read(await Api.Send(HttpMethod.Post, $"/api/comparisons/{Guid.NewGuid()}/publications", editor.Token,
            new { note = (string?)null }, 404), 404);
    }

    [Fact]
    public async Task publishing_a_complete_panel_releases_version_1_for_everyone_to_read()
    {
        var editor = await Api.User("Editor");
        var first = await Api.Tool(editor, "Orbit Code", "Freemium");
        var second = await Api.Tool(editor, "Lumen Notes", "Paid");
        var id = await Api.Comparison(editor, "Orbit Code vs Lumen Notes", [first, second]);
        var a = await Api.User("Reviewer", "Ada");
        var b = await Api.User("Reviewer", "Bo");
        await Api.Seat(editor, id, a, "developer experience");
        await Api.Seat(editor, id, b, "skeptic");
        await Api.Verdict(a, id, first, "Ship", "Ada ships Orbit.");
        await Api.Verdict(a, id, second, "Ship", "Ada ships Lumen.");
        await Api.Verdict(b, id, first, "Ship", "Bo ships Orbit.");
        await Api.Verdict(b, id, second, "Skip", "Bo skips Lumen.");

        await Api.EditorsVerdict(editor, id, "Orbit for everyone; Lumen for those who like it.");
        var result = await Api.Send(HttpMethod.Post, $"/api/comparisons/{id}/publications", editor.Token, new { note = (string?)null }, 201);

        var published = JsonNode.Parse(await result.ReadAsTextAsync())!;
        Assert.Equal(1, (int)published["version"]!);
        Assert.Equal($"/api/scorecards/{id}/versions/1", result.Context.Response.Headers.Location.ToString());
        var card = await Api.PublishedScorecard(id);
        Assert.Equal(id, (Guid)card["id"]!);
        Assert.Equal("Orbit Code vs Lumen Notes", (string)card["title"]!);
        Assert.Equal(1, (int)card["version"]!);
        Assert.Equal((DateTimeOffset)published["publishedAt"]!, (DateTimeOffset)card["publishedAt"]!);
        var tools = card.Array("tools");
        Assert.Equal([first, second], tools.Select(t => (Guid)t!["toolId"]!));
        Assert.Equal(["Orbit Code", "Lumen Notes"], tools.Select(t => (string)t!["name"]!));
        Assert.All(tools, t => Assert.Equal("Developer Tools", (string)t!["category"]!));
        Assert.Equal(["Orbit Code does one thing well", "Lumen Notes does one thing well"], tools.Select(t => (string)t!["tagline"]!));
        Assert.Equal(["Freemium", "Paid"], tools.Select(t => (string)t!["entryTier"]!));
        Assert.Equal([100, 50], tools.Select(t => (int)t!["shipPercent"]!));
        Assert.Equal([2, 1], tools.Select(t => (int)t!["ship"]!));
        Assert.Equal([0, 1], tools.Select(t => (int)t!["skip"]!));
        Assert.All(tools, t =>
        {
            Assert.True(t!.AsObject().ContainsKey("communityPercent"));
            Assert.Null(t["communityPercent"]);
        });
        Assert.Equal(["Ada ships Orbit.", "Ada ships Lumen.", "Bo ships Orbit.", "Bo skips Lumen."],
            card.Array("quotes").Select(q => (string)q!["quote"]!));
        Assert.Equal(["Ada", "Ada", "Bo", "Bo"], card.Array("quotes").Select(q => (string)q!["reviewerName"]!));
        Assert.Equal("1 ship both, 1 ship only Orbit Code", (string)card["split"]!["summary"]!);
        Assert.Equal(2, card["split"]!.Array("reviewers").Count);
    }

    [Fact]
    public async Task publishing_again_without_a_change_is_a_conflict()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        var problem = await Problem.Read(await PublishRaw(panel, panel.Editor, "Nothing changed.", 409), 409);

        Assert.EndsWith("already-published", (string)problem["type"]!);
        Assert.Equal(1, (int)(await Api.PublishedScorecard(panel.Id))["version"]!);
    }

    [Fact]
    public async Task an_identical_resubmission_after_publication_asks_for_no_correction()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", "Reviewer 1 on tool 1.");

        Assert.False((bool)(await Api.Details(panel.Editor, panel.Id))["needsCorrection"]!);
    }

    [Fact]
    public async Task a_revision_after_publication_leaves_version_1_exactly_as_it_was_and_asks_for_a_correction()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var before = (await Api.Get($"/api/scorecards/{panel.Id}/versions/1")).ToJsonString();
        Assert.False((bool)(await Api.Details(panel.Editor, panel.Id))["needsCorrection"]!);

        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Skip", "Second thoughts.", reason: "Found a data-loss bug.");

        Assert.Equal(before, (await Api.Get($"/api/scorecards/{panel.Id}/versions/1")).ToJsonString());
        var latest = await Api.PublishedScorecard(panel.Id);
        Assert.Equal(1, (int)latest["version"]!);
        Assert.Equal(100, (int)latest.ToolScore(panel.Tools[0])["shipPercent"]!);
        var details = await Api.Details(panel.Editor, panel.Id);
        Assert.True((bool)details["needsCorrection"]!);
        Assert.Equal(1, (int)details["publishedVersion"]!);
        Assert.Equal(50, (int)(await Api.LiveScorecard(panel.Editor, panel.Id)).ToolScore(panel.Tools[0])["shipPercent"]!);
    }

    [Fact]
    public async Task a_quote_edit_after_publication_also_asks_for_a_correction()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        await Api.EditQuote(panel.Editor, panel.Id, panel.Tools[0], panel.Reviewers[0].Id, "Tighter words.");

        Assert.True((bool)(await Api.Details(panel.Editor, panel.Id))["needsCorrection"]!);
        Assert.DoesNotContain("Tighter words.", (await Api.PublishedScorecard(panel.Id)).ToJsonString());
    }

    [Fact]
    public async Task a_correction_without_a_note_is_refused()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Skip", "Second thoughts.", reason: "Found a bug.");

        var problem = await Problem.Read(await PublishRaw(panel, panel.Editor, "  ", 400), 400);

        Assert.NotNull(problem["errors"]!["note"]);
        Assert.Equal(1, (int)(await Api.PublishedScorecard(panel.Id))["version"]!);
    }

    [Fact]
    public async Task a_correction_still_needs_a_complete_panel()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var latecomer = await Api.User("Reviewer", "Latecomer");
        await Api.Seat(panel.Editor, panel.Id, latecomer, "buyer");

        var problem = await Problem.Read(await PublishRaw(panel, panel.Editor, "Added a buyer.", 409), 409);

        Assert.EndsWith("incomplete-panel", (string)problem["type"]!);
        Assert.Equal(2, problem.Array("missing").Count);
    }

    [Fact]
    public async Task a_correction_with_a_note_publishes_version_2_and_keeps_version_1()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var v1 = await ContentOfVersion(panel.Id, 1);
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Skip", "Second thoughts.", reason: "Found a bug.");

        var published = await Api.Publish(panel.Editor, panel.Id, "Reviewer 2 revised their verdict on tool A.");

        Assert.Equal(2, (int)published["version"]!);
        Assert.True((bool)published["isCorrection"]!);
        var latest = await Api.PublishedScorecard(panel.Id);
        Assert.Equal(2, (int)latest["version"]!);
        Assert.Equal(2, (int)latest["latestVersion"]!);
        Assert.True((bool)latest["isCorrection"]!);
        Assert.Equal("Reviewer 2 revised their verdict on tool A.", (string)latest["note"]!);
        Assert.Equal(50, (int)latest.ToolScore(panel.Tools[0])["shipPercent"]!);
        var links = latest.Array("versions");
        Assert.Equal([1, 2], links.Select(l => (int)l!["version"]!));
        Assert.Equal([$"/api/scorecards/{panel.Id}/versions/1", $"/api/scorecards/{panel.Id}/versions/2"],
            links.Select(l => (string)l!["href"]!));
        Assert.Equal([false, true], links.Select(l => (bool)l!["isCorrection"]!));
        Assert.Equal(v1, await ContentOfVersion(panel.Id, 1));
        Assert.Equal(100, (int)(await Api.Get($"/api/scorecards/{panel.Id}/versions/1")).ToolScore(panel.Tools[0])["shipPercent"]!);
        Assert.False((bool)(await Api.Details(panel.Editor, panel.Id))["needsCorrection"]!);
    }

    [Fact]
    public async Task the_public_list_shows_published_scorecards_newest_first_and_leaves_out_unpublished_ones()
    {
        var older = await Api.CompletedPanel("SS", "SK");
        var newer = await Api.CompletedPanel("KS", "SS");
        var unpublished = await Api.CompletedPanel("SK", "KS");
        await Api.Publish(older.Editor, older.Id);
        await Api.Publish(newer.Editor, newer.Id);

        var list = (await Api.Get("/api/scorecards")).AsArray();

        Assert.Equal([newer.Id, older.Id], list.Select(x => (Guid)x!["id"]!));
        Assert.DoesNotContain(unpublished.Id, list.Select(x => (Guid)x!["id"]!));
        Assert.All(list, x =>
        {
            Assert.Equal("A versus B", (string)x!["title"]!);
            Assert.Equal(1, (int)x["version"]!);
        });
        Assert.True((DateTimeOffset)list[0]!["publishedAt"]! > (DateTimeOffset)list[1]!["publishedAt"]!);
    }

    [Fact]
    public async Task the_public_list_shows_the_latest_version_of_a_corrected_scorecard()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[1], "Skip", "On reflection, no.", reason: "Pricing changed.");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 1 now skips tool B.");

        var entry = (await Api.Get("/api/scorecards")).AsArray().Single()!;

        Assert.Equal(2, (int)entry["version"]!);
        Assert.True((bool)entry["isCorrection"]!);
    }

    [Fact]
    public async Task an_unknown_or_unpublished_scorecard_is_not_found()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/scorecards/{Guid.NewGuid()}", null, null, 404), 404);
        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}", null, null, 404), 404);
        await Api.Publish(panel.Editor, panel.Id);
        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}/versions/2", null, null, 404), 404);
    }
}
