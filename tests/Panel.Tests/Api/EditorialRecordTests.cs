using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Conflicts of interest, the editor's verdict and retractions through the HTTP API, the public reads and the feed.</summary>
public class EditorialRecordTests(AppFixture fixture) : ApiTest(fixture)
{
    private static object Conflict(string description, Guid? toolId = null) => new { description, toolId };

    [Fact]
    public async Task a_reviewer_declares_on_their_own_seat_and_the_editor_reads_it_on_the_comparison()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];

        await Api.DeclareConflicts(reviewer, panel.Id, [Conflict("Advised the vendor of tool B in 2025.", panel.Tools[1])]);

        var details = await Api.Details(panel.Editor, panel.Id);
        var seat = details.Array("seats").Single(s => (Guid)s!["reviewerId"]! == reviewer.Id)!;
        var declared = seat["declaration"]!.Array("conflicts").Single()!;
        Assert.Equal("Advised the vendor of tool B in 2025.", (string)declared["description"]!);
        Assert.Equal(panel.Tools[1], (Guid)declared["toolId"]!);
        Assert.Null(details.Array("seats").Single(s => (Guid)s!["reviewerId"]! == panel.Reviewers[1].Id)!["declaration"]);

        var history = await Api.History(panel.Editor, panel.Id);
        Assert.Equal("ConflictsDeclared", (string)history.AsArray()[^1]!["type"]!);
    }

    [Fact]
    public async Task nobody_declares_for_someone_else_and_editors_do_not_declare_at_all()
    {
        var panel = await Api.Panel();

        var problem = await Api.DeclareConflicts(panel.Reviewers[1], panel.Id, [], status: 403, seat: panel.Reviewers[0].Id);
        Assert.Equal(Problem.Type("forbidden"), (string)problem["type"]!);
        await Api.DeclareConflicts(panel.Editor, panel.Id, [], status: 403, seat: panel.Reviewers[0].Id);
        var outsider = await Api.User("Reviewer");
        await Api.DeclareConflicts(outsider, panel.Id, [], status: 403);

        var details = await Api.Details(panel.Editor, panel.Id);
        Assert.All(details.Array("seats"), s => Assert.Null(s!["declaration"]));
    }

    [Fact]
    public async Task a_declaration_with_bad_fields_is_a_400_that_names_them()
    {
        var panel = await Api.Panel();

        var problem = await Api.DeclareConflicts(panel.Reviewers[0], panel.Id, [Conflict(""), Conflict("Owns shares.", Guid.NewGuid())], status: 400);

        Assert.True(problem["errors"]!.AsObject().ContainsKey("conflicts[0].description"));
        await Api.Send(HttpMethod.Put, $"/api/comparisons/{panel.Id}/seats/{panel.Reviewers[0].Id}/conflicts", panel.Reviewers[0].Token,
            new { }, 400);
    }

    [Fact]
    public async Task a_tool_required_conflict_free_refuses_the_conflicted_reviewers_verdict_and_the_panel_completes_without_it()
    {
        var panel = await Api.Panel();
        await Api.DeclareConflicts(panel.Reviewers[0], panel.Id, [Conflict("Worked for B's vendor.", panel.Tools[1])]);
        await Api.RequireConflictFree(panel.Editor, panel.Id, panel.Tools[1]);

        var problem = await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[1], "Ship", status: 409);
        Assert.Equal(Problem.Type("conflict-of-interest"), (string)problem["type"]!);

        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Ship");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Skip");
        var live = await Api.LiveScorecard(panel.Editor, panel.Id);
        Assert.True((bool)live["complete"]!);
        await Api.Publish(panel.Editor, panel.Id);
        Assert.Equal(1, (int)(await Api.PublishedScorecard(panel.Id)).Array("tools")[1]!["sampleSize"]!);
    }

    [Fact]
    public async Task a_verdict_given_before_the_conflict_blocks_publication_with_a_list_until_it_is_withdrawn()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Api.DeclareConflicts(panel.Reviewers[1], panel.Id, [Conflict("Paid adviser to B.", panel.Tools[1])]);
        await Api.RequireConflictFree(panel.Editor, panel.Id, panel.Tools[1]);

        var problem = await Api.Publish(panel.Editor, panel.Id, status: 409);
        Assert.Equal(Problem.Type("unresolved-conflicts"), (string)problem["type"]!);
        var listed = problem.Array("conflicts").Single()!;
        Assert.Equal(panel.Reviewers[1].Id, (Guid)listed["reviewerId"]!);
        Assert.Equal(panel.Tools[1], (Guid)listed["toolId"]!);

        await Api.Withdraw(panel.Reviewers[1], panel.Id, panel.Tools[1], "Declared conflict with B.");
        await Api.Publish(panel.Editor, panel.Id);
    }

    [Fact]
    public async Task the_published_json_shows_each_declaration_beside_the_reviewers_quotes()
    {
        var panel = await Api.Panel();
        await Api.DeclareConflicts(panel.Reviewers[0], panel.Id, [Conflict("Advised the vendor of tool B in 2025.", panel.Tools[1])]);
        await Api.DeclareConflicts(panel.Reviewers[1], panel.Id, []);
        foreach (var r in panel.Reviewers)
            foreach (var t in panel.Tools)
                await Api.Verdict(r, panel.Id, t, "Ship");
        await Api.Publish(panel.Editor, panel.Id);

        var quotes = (await Api.PublishedScorecard(panel.Id)).Array("quotes");
        var first = quotes.Where(q => (Guid)q!["reviewerId"]! == panel.Reviewers[0].Id).Select(q => q!["declaration"]!).ToList();
        Assert.Equal(2, first.Count);
        Assert.All(first, d => Assert.StartsWith("Advised the vendor of tool B in 2025. (Tool B", (string)d["summary"]!));
        Assert.All(first, d => Assert.Equal(panel.Tools[1], (Guid)d.Array("conflicts")[0]!["toolId"]!));
        var second = quotes.Where(q => (Guid)q!["reviewerId"]! == panel.Reviewers[1].Id).Select(q => q!["declaration"]!).ToList();
        Assert.All(second, d => Assert.Equal("No conflicts declared", (string)d["summary"]!));
        Assert.All(second, d => Assert.True((bool)d["declared"]!));

        // Declarations close with publication: the released version shows what was declared.
        var closed = await Api.DeclareConflicts(panel.Reviewers[1], panel.Id, [Conflict("Late news.")], status: 409);
        Assert.Equal(Problem.Type("declarations-closed"), (string)closed["type"]!);
    }

    [Fact]
    public async Task publishing_without_the_editors_verdict_is_refused_listing_it_as_missing()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        var result = await Api.Send(HttpMethod.Post, $"/api/comparisons/{panel.Id}/publications", panel.Editor.Token, new { note = (string?)null }, 409);

        var problem = await Problem.Read(result, 409);
        Assert.Equal(Problem.Type("missing-bottom-line"), (string)problem["type"]!);
        Assert.Equal(["bottomLine"], problem.Array("missing").Select(x => (string)x!));
        await Api.PublishedScorecard(panel.Id, 404);
    }

    [Fact]
    public async Task the_editors_verdict_has_length_bounds_names_a_tool_of_the_comparison_and_is_for_editors()
    {
        var panel = await Api.Panel();

        var problem = await Api.EditorsVerdict(panel.Editor, panel.Id, "Short.", status: 400);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("bottomLine"));
        await Api.EditorsVerdict(panel.Editor, panel.Id, new string('x', 601), status: 400);
        var unknown = await Api.EditorsVerdict(panel.Editor, panel.Id, "A perfectly fine bottom line.", Guid.NewGuid(), status: 400);
        Assert.True(unknown["errors"]!.AsObject().ContainsKey("recommendedToolId"));
        await Api.EditorsVerdict(panel.Reviewers[0], panel.Id, "A perfectly fine bottom line.", status: 403);

        Assert.Null((await Api.Details(panel.Editor, panel.Id))["editorsVerdict"]);
    }

    [Fact]
    public async Task a_recommendation_against_the_figures_is_released_with_the_disagreement_and_a_correction_can_change_it()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Api.EditorsVerdict(panel.Editor, panel.Id, "Tool B is the braver choice for small teams.", panel.Tools[1]);
        await Api.Publish(panel.Editor, panel.Id);

        var first = (await Api.PublishedScorecard(panel.Id))["editorsVerdict"]!;
        Assert.Equal("Tool B is the braver choice for small teams.", (string)first["bottomLine"]!);
        Assert.Equal(panel.Tools[1], (Guid)first["recommendedToolId"]!);
        Assert.True((bool)first["differsFromPanel"]!);
        Assert.StartsWith("The editor recommends Tool B", (string)first["disagreement"]!);

        await Api.EditorsVerdict(panel.Editor, panel.Id, "On reflection, tool A: the panel was right.", panel.Tools[0]);
        Assert.True((bool)(await Api.Details(panel.Editor, panel.Id))["needsCorrection"]!);
        await Api.Publish(panel.Editor, panel.Id, "The editor's verdict now follows the panel.");

        var second = (await Api.PublishedScorecard(panel.Id))["editorsVerdict"]!;
        Assert.Equal("On reflection, tool A: the panel was right.", (string)second["bottomLine"]!);
        Assert.False((bool)second["differsFromPanel"]!);
        Assert.Equal("Tool B is the braver choice for small teams.",
            (string)(await Api.Get($"/api/scorecards/{panel.Id}/versions/1"))["editorsVerdict"]!["bottomLine"]!);
        Assert.True((bool)(await Api.Get($"/api/scorecards/{panel.Id}/versions/2/verification"))["valid"]!);
    }

    [Fact]
    public async Task only_editors_and_admins_retract_with_a_note_and_only_what_was_published()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        await Api.Retract(panel.Reviewers[0], panel.Id, "Not mine to retract.", 403);
        await Api.Send(HttpMethod.Post, $"/api/comparisons/{panel.Id}/retractions", null, new { note = "x" }, 401);
        var unpublished = await Api.Retract(panel.Editor, panel.Id, "Nothing out yet.", 409);
        Assert.Equal(Problem.Type("not-published"), (string)unpublished["type"]!);
        await Api.Publish(panel.Editor, panel.Id);
        var noNote = await Api.Retract(panel.Editor, panel.Id, " ", 400);
        Assert.True(noNote["errors"]!.AsObject().ContainsKey("note"));
        await Api.Retract(panel.Editor, panel.Id, null, 400);

        var retracted = await Api.Retract(RuleSteps.Admin, panel.Id, "A reviewer's undisclosed conflict came to light.");

        Assert.Equal(1, (int)retracted["version"]!);
        var again = await Api.Retract(panel.Editor, panel.Id, "Again.", 409);
        Assert.Equal(Problem.Type("already-retracted"), (string)again["type"]!);
    }

    [Fact]
    public async Task a_retracted_comparison_stays_readable_marked_in_json_list_history_and_takes_no_vote_or_version()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var voter = new Voter(Host);
        await voter.Vote(panel.Id, panel.Tools[0]);
        var before = await Api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}", null, null, 200);

        await Api.Retract(panel.Editor, panel.Id, "The figures rest on a conflicted verdict.");

        var card = await Api.PublishedScorecard(panel.Id);
        Assert.Equal("The figures rest on a conflicted verdict.", (string)card["retraction"]!["note"]!);
        Assert.Equal(1, (int)card["retraction"]!["version"]!);
        Assert.Equal(100, (int)card.Array("tools")[0]!["shipPercent"]!);
        Assert.NotNull((await Api.Get($"/api/scorecards/{panel.Id}/versions/1"))["retraction"]);
        Assert.NotNull((await Api.Get("/api/scorecards")).AsArray().Single(x => (Guid)x!["id"]! == panel.Id)!["retraction"]);
        // The ETag moves, so a client polling with If-None-Match learns of the retraction.
        await Api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}", null, null, 200);
        Assert.NotEqual(before.ETag(), (await Api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}", null, null, 200)).ETag());

        var vote = await voter.Vote(panel.Id, panel.Tools[1], 409);
        Assert.Equal(Problem.Type("retracted"), (string)vote["type"]!);
        Assert.Equal(1, (int)(await Api.PublishedScorecard(panel.Id))["communityVotes"]!);
        await new Voter(Host).Vote(panel.Id, panel.Tools[1], 409);

        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Changed.", reason: "Later.", status: 409);
        var publish = await Api.Publish(panel.Editor, panel.Id, "Try again.", 409);
        Assert.Equal(Problem.Type("retracted"), (string)publish["type"]!);

        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        var entry = history.Single(h => (string)h!["type"]! == "ComparisonRetracted")!;
        Assert.Equal("The figures rest on a conflicted verdict.", (string)entry["data"]!["note"]!);
        Assert.Equal(panel.Editor.Id, (Guid)entry["actor"]!["id"]!);
        Assert.True((bool)(await Api.Get($"/api/scorecards/{panel.Id}/versions/1/verification"))["valid"]!);
    }

    [Fact]
    public async Task a_retraction_has_a_feed_entry_a_badge_that_says_retracted_and_a_page_with_a_notice_and_no_vote_form()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Retract(panel.Editor, panel.Id, "Withdrawn: the <tools> changed beyond recognition.");

        var feed = System.Xml.Linq.XDocument.Parse(await (await Api.Send(HttpMethod.Get, "/feed.atom", null, null, 200)).ReadAsTextAsync());
        System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = feed.Root!.Elements(atom + "entry").ToList();
        Assert.Equal($"tag:panel.dev,2026:scorecards/{panel.Id}/retraction", (string)entries[0].Element(atom + "id")!);
        Assert.Equal("retraction", (string)entries[0].Element(atom + "category")!.Attribute("term")!);
        Assert.Contains("the <tools> changed", (string)entries[0].Element(atom + "summary")!);
        Assert.Equal(2, entries.Count);

        var badge = await (await Api.Send(HttpMethod.Get, $"/scorecards/{panel.Id}/badges/{panel.Tools[0]}.svg", null, null, 200)).ReadAsTextAsync();
        Assert.Contains(">retracted<", badge);
        Assert.DoesNotContain("100%", badge);

        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        var notice = page.QuerySelector("aside.retraction")!;
        Assert.Contains("the <tools> changed beyond recognition", notice.TextContent);
        Assert.Equal("100%", page.ToolCard(panel.Tools[0]).Figure("panel-ship"));
        Assert.All(page.QuerySelectorAll("section.tool"), card => Assert.Equal("retracted", card.QuerySelector(".retracted-mark")!.TextContent.Trim()));
        Assert.Null(page.QuerySelector("form[action$='/votes']"));
        Assert.NotNull(page.QuerySelector(".retracted-votes"));
        var (index, _) = await HtmlPages.Open(Host, "/");
        Assert.Contains("Retracted", index.QuerySelector(".index li")!.TextContent);
    }

    [Fact]
    public async Task the_page_shows_the_editors_verdict_and_each_declaration_beside_the_quotes()
    {
        var panel = await Api.Panel();
        await Api.DeclareConflicts(panel.Reviewers[0], panel.Id, [Conflict("Advised the vendor of tool B in 2025.", panel.Tools[1])]);
        foreach (var r in panel.Reviewers)
            foreach (var t in panel.Tools)
                await Api.Verdict(r, panel.Id, t, t == panel.Tools[0] ? "Ship" : "Skip");
        await Api.EditorsVerdict(panel.Editor, panel.Id, "Tool B, despite the panel: it is where the field is going.", panel.Tools[1]);
        await Api.Publish(panel.Editor, panel.Id);

        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");

        var verdict = page.QuerySelector(".editors-verdict")!;
        Assert.Contains("Tool B, despite the panel", verdict.QuerySelector(".bottom-line")!.TextContent);
        Assert.Contains("the panel's figures pick Tool A", verdict.QuerySelector(".disagreement")!.TextContent);
        var declarations = page.QuerySelectorAll(".quote .declaration");
        Assert.Equal(4, declarations.Length);
        Assert.All(declarations.Where(d => d.GetAttribute("data-reviewer-id") == panel.Reviewers[0].Id.ToString()),
            d => Assert.Contains("Advised the vendor of tool B in 2025.", d.TextContent));
        Assert.All(declarations.Where(d => d.GetAttribute("data-reviewer-id") == panel.Reviewers[1].Id.ToString()),
            d => Assert.Equal("No conflicts declared", d.TextContent.Trim()));
    }

    [Fact]
    public async Task a_retraction_reaches_webhook_receivers_as_a_notice()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "scorecard.retracted");
        var panel = await Api.PublishedPanel("SS", "SK");

        await Api.Retract(panel.Editor, panel.Id, "Retracted for a conflict.");

        var notice = (await receiver.WaitFor(r => r.Count >= 1, what: "the retraction")).Single();
        Assert.Equal("scorecard.retracted", notice.Event);
        var data = JsonNode.Parse(notice.Body)!["data"]!;
        Assert.Equal(panel.Id, (Guid)data["comparisonId"]!);
        Assert.Equal("Retracted for a conflict.", (string)data["note"]!);
        Assert.Equal(1, (int)data["version"]!);
    }
}
