using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Rules 1 and 2: only a seated reviewer gives verdicts, only their own; one standing verdict, revised with a reason.</summary>
public class VerdictTests(AppFixture fixture) : ApiTest(fixture)
{
    private static string VerdictUrl(PanelSetup panel, Guid tool) => $"/api/comparisons/{panel.Id}/verdicts/{tool}";

    [Fact]
    public async Task a_seated_reviewer_submits_a_verdict_and_gets_it_back_with_its_version_as_etag()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), reviewer.Token,
            new { decision = "Ship", quote = "Fast, honest, and it stays out of the way." }, 200);

        var verdict = JsonNode.Parse(await result.ReadAsTextAsync())!;
        Assert.Equal(panel.Id, (Guid)verdict["comparisonId"]!);
        Assert.Equal(panel.Tools[0], (Guid)verdict["toolId"]!);
        Assert.Equal(reviewer.Id, (Guid)verdict["reviewerId"]!);
        Assert.Equal("Ship", (string)verdict["decision"]!);
        Assert.Equal("Fast, honest, and it stays out of the way.", (string)verdict["quote"]!);
        Assert.Equal(0, (int)verdict["revisions"]!);
        Assert.False((bool)verdict["withdrawn"]!);
        Assert.Equal($"\"{(long)verdict["version"]!}\"", result.ETag());
    }

    [Fact]
    public async Task a_reviewer_not_seated_on_the_panel_may_not_give_a_verdict()
    {
        var panel = await Api.Panel();
        var outsider = await Api.User("Reviewer", "Outsider");
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), outsider.Token,
            new { decision = "Ship", quote = "Let me in." }, 403);

        var problem = await Problem.Read(result, 403);
        Assert.Equal(Problem.Type("forbidden"), (string)problem["type"]!);
        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
    }

    [Fact]
    public async Task a_reviewer_unseated_before_giving_verdicts_may_no_longer_give_one()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[1];

        var details = await Api.Json(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/seats/{reviewer.Id}", panel.Editor.Token, null, 200);

        Assert.DoesNotContain(reviewer.Id, details.Array("seats").Select(s => (Guid)s!["reviewerId"]!));
        await Problem.Read(await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), reviewer.Token,
            new { decision = "Ship", quote = "Still here?" }, 403), 403);
    }

    [Fact]
    public async Task a_reviewer_with_verdicts_stays_seated()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[1];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship");

        var result = await Api.Send(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/seats/{reviewer.Id}", panel.Editor.Token, null, 409);

        Assert.Equal(Problem.Type("reviewer-has-verdicts"), (string)(await Problem.Read(result, 409))["type"]!);
        Assert.Contains(reviewer.Id, (await Api.Details(panel.Editor, panel.Id)).Array("seats").Select(s => (Guid)s!["reviewerId"]!));
    }

    [Fact]
    public async Task an_editor_may_not_give_a_verdict()
    {
        var panel = await Api.Panel();

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Editor.Token,
            new { decision = "Ship", quote = "Editors judge too?" }, 403);

        await Problem.Read(result, 403);
    }

    [Fact]
    public async Task a_body_that_names_another_reviewer_is_refused_and_nothing_is_recorded()
    {
        var panel = await Api.Panel();
        var (me, other) = (panel.Reviewers[1], panel.Reviewers[0]);
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), me.Token,
            new { decision = "Skip", quote = "Speaking for someone else.", reviewerId = other.Id }, 400);

        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
    }

    [Fact]
    public async Task a_verdict_lands_under_the_reviewer_the_token_belongs_to()
    {
        var panel = await Api.Panel();
        var (me, other) = (panel.Reviewers[1], panel.Reviewers[0]);

        await Api.Verdict(me, panel.Id, panel.Tools[0], "Skip", "Mine and only mine.");

        var submitted = (await Api.History(panel.Editor, panel.Id)).AsArray().Single(e => (string)e!["type"]! == "VerdictSubmitted")!;
        Assert.Equal(me.Id, (Guid)submitted["data"]!["reviewerId"]!);
        Assert.Equal(me.Id, (Guid)submitted["actor"]!["id"]!);
        Assert.Equal(me.Name, (string)submitted["actor"]!["name"]!);
        var owedByOther = (await Api.Details(other, panel.Id)).Guids("owedToolIds");
        Assert.Contains(panel.Tools[0], owedByOther);
    }

    [Fact]
    public async Task a_verdict_on_a_tool_outside_the_comparison_is_not_found()
    {
        var panel = await Api.Panel();
        var elsewhere = await Api.Tool(panel.Editor, "Not On This Panel");

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, elsewhere), panel.Reviewers[0].Token,
            new { decision = "Ship", quote = "Wrong tool." }, 404);

        var problem = await Problem.Read(result, 404);
        Assert.Equal(Problem.Type("not-found"), (string)problem["type"]!);
    }

    [Fact]
    public async Task a_verdict_on_an_unknown_comparison_is_not_found()
    {
        var panel = await Api.Panel();

        var result = await Api.Send(HttpMethod.Put, $"/api/comparisons/{Guid.NewGuid()}/verdicts/{panel.Tools[0]}",
            panel.Reviewers[0].Token, new { decision = "Ship", quote = "Nowhere." }, 404);

        await Problem.Read(result, 404);
    }

    [Fact]
    public async Task a_verdict_without_a_known_decision_is_invalid_input()
    {
        var panel = await Api.Panel();

        await Problem.Read(await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { decision = "Maybe", quote = "Undecided." }, 400), 400);
        var missing = await Problem.Read(await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { quote = "No decision at all." }, 400), 400);

        Assert.NotNull(missing["errors"]!["decision"]);
    }

    [Fact]
    public async Task a_verdict_without_a_quote_is_invalid_input()
    {
        var panel = await Api.Panel();

        var problem = await Problem.Read(await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { decision = "Ship", quote = "  " }, 400), 400);

        Assert.NotNull(problem["errors"]!["quote"]);
    }

    [Fact]
    public async Task the_first_submission_needs_no_reason()
    {
        var panel = await Api.Panel();

        var verdict = await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship", "First look is good.", reason: null);

        Assert.Equal(0, (int)verdict["revisions"]!);
        Assert.Contains("VerdictSubmitted", (await Api.History(panel.Editor, panel.Id)).Types());
    }

    [Fact]
    public async Task a_revision_without_a_reason_is_refused_and_changes_nothing()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship", "Good.");
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), reviewer.Token,
            new { decision = "Skip", quote = "Changed my mind." }, 400);

        var problem = await Problem.Read(result, 400);
        Assert.NotNull(problem["errors"]!["reason"]);
        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
        var card = await Api.LiveScorecard(panel.Editor, panel.Id);
        Assert.Equal(1, (int)card.ToolScore(panel.Tools[0])["ship"]!);
        Assert.Equal(0, (int)card.ToolScore(panel.Tools[0])["skip"]!);
    }

    [Fact]
    public async Task a_revision_with_a_reason_replaces_the_verdict_and_history_keeps_the_old_one()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship", "Good at first sight.");

        var revised = await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Skip", "It fell over on a real repo.",
            reason: "Tried it on a larger codebase.");

        Assert.Equal(1, (int)revised["revisions"]!);
        Assert.Equal("Skip", (string)revised["decision"]!);
        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        var submitted = history.Single(e => (string)e!["type"]! == "VerdictSubmitted")!["data"]!;
        var revision = history.Single(e => (string)e!["type"]! == "VerdictRevised")!["data"]!;
        Assert.Equal("Ship", (string)submitted["decision"]!);
        Assert.Equal("Good at first sight.", (string)submitted["quote"]!);
        Assert.Equal("Skip", (string)revision["decision"]!);
        Assert.Equal("It fell over on a real repo.", (string)revision["quote"]!);
        Assert.Equal("Tried it on a larger codebase.", (string)revision["reason"]!);
        var card = await Api.LiveScorecard(panel.Editor, panel.Id);
        Assert.Equal(0, (int)card.ToolScore(panel.Tools[0])["ship"]!);
        Assert.Equal(1, (int)card.ToolScore(panel.Tools[0])["skip"]!);
    }

    [Fact]
    public async Task sending_the_same_verdict_again_succeeds_without_a_new_event()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        var first = await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship", "Solid.");
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        var again = await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship", "Solid.");

        Assert.Equal((long)first["version"]!, (long)again["version"]!);
        Assert.Equal(0, (int)again["revisions"]!);
        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
    }

    [Fact]
    public async Task withdrawing_needs_a_reason()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        var problem = await Problem.Read(await Api.Send(HttpMethod.Post,
            $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[1]}/withdrawal", panel.Reviewers[1].Token, new { reason = "" }, 400), 400);

        Assert.NotNull(problem["errors"]!["reason"]);
    }

    [Fact]
    public async Task withdrawing_a_verdict_not_yet_given_is_not_found()
    {
        var panel = await Api.Panel();

        await Api.Withdraw(panel.Reviewers[0], panel.Id, panel.Tools[0], status: 404);
    }

    [Fact]
    public async Task a_withdrawn_verdict_stays_as_a_placeholder_that_no_longer_counts()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var (reviewer, tool) = (panel.Reviewers[1], panel.Tools[1]);

        var withdrawn = await Api.Withdraw(reviewer, panel.Id, tool);

        Assert.True((bool)withdrawn["withdrawn"]!);
        var card = await Api.LiveScorecard(panel.Editor, panel.Id);
        var score = card.ToolScore(tool);
        Assert.Equal(1, (int)score["ship"]!);
        Assert.Equal(0, (int)score["skip"]!);
        Assert.Equal(1, (int)score["sampleSize"]!);
        Assert.Equal(1, (int)score["withdrawn"]!);
        Assert.Equal(100, (int)score["shipPercent"]!);
        Assert.True((bool)card["complete"]!);
        Assert.Empty(card.Array("missing"));
        var split = card["split"]!.Array("reviewers").Single(r => (Guid)r!["reviewerId"]! == reviewer.Id)!;
        var decision = split.Array("decisions").Single(d => (Guid)d!["toolId"]! == tool)!;
        Assert.Equal("Withdrawn", (string)decision["status"]!);
        Assert.Null(decision["decision"]);
    }

    [Fact]
    public async Task a_published_scorecard_shows_a_withdrawn_quote_as_a_placeholder_without_words()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var (reviewer, tool) = (panel.Reviewers[1], panel.Tools[1]);
        await Api.Withdraw(reviewer, panel.Id, tool);

        await Api.Publish(panel.Editor, panel.Id);

        var card = await Api.PublishedScorecard(panel.Id);
        var quote = card.Array("quotes").Single(q => (Guid)q!["reviewerId"]! == reviewer.Id && (Guid)q["toolId"]! == tool)!;
        Assert.True((bool)quote["withdrawn"]!);
        Assert.Null(quote["quote"]);
        Assert.Null(quote["decision"]);
        Assert.Equal(4, card.Array("quotes").Count);
        Assert.DoesNotContain("Reviewer 2 on tool 2.", card.ToJsonString());
    }

    [Fact]
    public async Task resubmitting_after_a_withdrawal_needs_a_reason_and_reinstates_the_verdict()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var (reviewer, tool) = (panel.Reviewers[1], panel.Tools[1]);
        await Api.Withdraw(reviewer, panel.Id, tool);

        var refused = await Problem.Read(await Api.Send(HttpMethod.Put, VerdictUrl(panel, tool), reviewer.Token,
            new { decision = "Skip", quote = "Reviewer 2 on tool 2." }, 400), 400);
        Assert.NotNull(refused["errors"]!["reason"]);

        var reinstated = await Api.Verdict(reviewer, panel.Id, tool, "Skip", "Reviewer 2 on tool 2.", reason: "The conflict is resolved.");

        Assert.False((bool)reinstated["withdrawn"]!);
        var score = (await Api.LiveScorecard(panel.Editor, panel.Id)).ToolScore(tool);
        Assert.Equal(1, (int)score["skip"]!);
        Assert.Equal(0, (int)score["withdrawn"]!);
        Assert.Equal(2, (int)score["sampleSize"]!);
        Assert.Equal(50, (int)score["shipPercent"]!);
        Assert.Equal(["VerdictWithdrawn", "VerdictRevised"], (await Api.History(panel.Editor, panel.Id)).Types()[^2..]);
    }

    [Fact]
    public async Task a_private_note_never_reaches_the_published_scorecard()
    {
        var panel = await Api.Panel();
        const string note = "PRIVATE: the vendor bought me lunch.";
        await Api.Json(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { decision = "Ship", quote = "Worth it.", note }, 200);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[1], "Skip");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Ship");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Skip");
        // The note is kept: the editor sees it on the comparison.
        Assert.Contains(note, (await Api.Details(panel.Editor, panel.Id)).ToJsonString());

        await Api.Publish(panel.Editor, panel.Id);

        Assert.DoesNotContain("PRIVATE", (await Api.PublishedScorecard(panel.Id)).ToJsonString());
        Assert.DoesNotContain("PRIVATE", (await Api.Get($"/api/scorecards/{panel.Id}/versions/1")).ToJsonString());
        Assert.DoesNotContain("PRIVATE", (await Api.Get("/api/scorecards")).ToJsonString());
    }
}
