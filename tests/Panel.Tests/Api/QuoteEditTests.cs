using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Rule 3 (docs/product.md): editors reword quotes for publication, with a reason, and never change a decision.</summary>
public class QuoteEditTests(AppFixture fixture) : ApiTest(fixture)
{
    private static string QuoteUrl(PanelSetup panel, Guid tool, Guid reviewer) =>
        $"/api/comparisons/{panel.Id}/verdicts/{tool}/reviewers/{reviewer}/quote";

    [Fact]
    public async Task an_edited_quote_is_published_in_the_editors_words_with_the_decision_unchanged()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var (reviewer, tool) = (panel.Reviewers[1], panel.Tools[1]);

        var edited = await Api.EditQuote(panel.Editor, panel.Id, tool, reviewer.Id, "Not ready for teams yet.");
        await Api.Publish(panel.Editor, panel.Id);

        Assert.Equal("Skip", (string)edited["decision"]!);
        Assert.Equal("Not ready for teams yet.", (string)edited["editedQuote"]!);
        Assert.Equal("Reviewer 2 on tool 2.", (string)edited["quote"]!);
        var card = await Api.PublishedScorecard(panel.Id);
        var quote = card.Array("quotes").Single(q => (Guid)q!["reviewerId"]! == reviewer.Id && (Guid)q["toolId"]! == tool)!;
        Assert.Equal("Not ready for teams yet.", (string)quote["quote"]!);
        Assert.True((bool)quote["edited"]!);
        Assert.Equal("Skip", (string)quote["decision"]!);
        Assert.Equal(50, (int)card.ToolScore(tool)["shipPercent"]!);
        var untouched = card.Array("quotes").Single(q => (Guid)q!["reviewerId"]! == reviewer.Id && (Guid)q["toolId"]! == panel.Tools[0])!;
        Assert.False((bool)untouched["edited"]!);
    }

    [Fact]
    public async Task the_history_keeps_the_reviewers_own_words_and_the_edit_with_its_reason_and_editor()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var (reviewer, tool) = (panel.Reviewers[0], panel.Tools[0]);

        await Api.EditQuote(panel.Editor, panel.Id, tool, reviewer.Id, "Ships today.", reason: "House style: shorter.");

        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        var original = history.Single(e => (string)e!["type"]! == "VerdictSubmitted"
            && (Guid)e["data"]!["reviewerId"]! == reviewer.Id && (Guid)e["data"]!["toolId"]! == tool)!;
        Assert.Equal("Reviewer 1 on tool 1.", (string)original["data"]!["quote"]!);
        var edit = history[^1]!;
        Assert.Equal("QuoteEdited", (string)edit["type"]!);
        Assert.Equal("Ships today.", (string)edit["data"]!["quote"]!);
        Assert.Equal("House style: shorter.", (string)edit["data"]!["reason"]!);
        Assert.Equal(reviewer.Id, (Guid)edit["data"]!["reviewerId"]!);
        Assert.Equal(panel.Editor.Id, (Guid)edit["actor"]!["id"]!);
        Assert.Equal(panel.Editor.Name, (string)edit["actor"]!["name"]!);
    }

    [Fact]
    public async Task a_quote_edit_without_a_reason_is_refused_and_changes_nothing()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        var result = await Api.Send(HttpMethod.Put, QuoteUrl(panel, panel.Tools[0], panel.Reviewers[0].Id), panel.Editor.Token,
            new { quote = "Reworded without saying why." }, 400);

        var problem = await Problem.Read(result, 400);
        Assert.NotNull(problem["errors"]!["reason"]);
        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
    }

    [Fact]
    public async Task a_quote_edit_cannot_carry_a_decision()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        await Api.Send(HttpMethod.Put, QuoteUrl(panel, panel.Tools[0], panel.Reviewers[0].Id), panel.Editor.Token,
            new { quote = "Skip it.", reason = "Sneaking in a flip.", decision = "Skip" }, 400);

        var score = (await Api.LiveScorecard(panel.Editor, panel.Id)).ToolScore(panel.Tools[0]);
        Assert.Equal(2, (int)score["ship"]!);
        Assert.DoesNotContain("QuoteEdited", (await Api.History(panel.Editor, panel.Id)).Types());
    }

    [Fact]
    public async Task a_reviewer_may_not_edit_quotes_not_even_their_own()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var reviewer = panel.Reviewers[0];

        var result = await Api.Send(HttpMethod.Put, QuoteUrl(panel, panel.Tools[0], reviewer.Id), reviewer.Token,
            new { quote = "Better words.", reason = "I prefer these." }, 403);

        await Problem.Read(result, 403);
        Assert.DoesNotContain("QuoteEdited", (await Api.History(panel.Editor, panel.Id)).Types());
    }

    [Fact]
    public async Task editing_a_verdict_that_was_never_given_is_not_found()
    {
        var panel = await Api.Panel();

        var owed = await Api.Send(HttpMethod.Put, QuoteUrl(panel, panel.Tools[0], panel.Reviewers[0].Id), panel.Editor.Token,
            new { quote = "Words for nothing.", reason = "Because." }, 404);
        var stranger = await Api.Send(HttpMethod.Put, QuoteUrl(panel, panel.Tools[0], Guid.NewGuid()), panel.Editor.Token,
            new { quote = "Words for nobody.", reason = "Because." }, 404);

        Assert.Equal(Problem.Type("not-found"), (string)(await Problem.Read(owed, 404))["type"]!);
        Assert.Equal(Problem.Type("not-found"), (string)(await Problem.Read(stranger, 404))["type"]!);
    }

    [Fact]
    public async Task editing_a_quote_on_an_unknown_comparison_is_not_found()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        var result = await Api.Send(HttpMethod.Put,
            $"/api/comparisons/{Guid.NewGuid()}/verdicts/{panel.Tools[0]}/reviewers/{panel.Reviewers[0].Id}/quote",
            panel.Editor.Token, new { quote = "Lost.", reason = "Because." }, 404);

        await Problem.Read(result, 404);
    }

    [Fact]
    public async Task a_withdrawn_verdict_has_no_quote_to_edit()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Api.Withdraw(panel.Reviewers[1], panel.Id, panel.Tools[1]);

        var result = await Api.Send(HttpMethod.Put, QuoteUrl(panel, panel.Tools[1], panel.Reviewers[1].Id), panel.Editor.Token,
            new { quote = "Words for a placeholder.", reason = "Because." }, 409);

        Assert.Equal(Problem.Type("verdict-withdrawn"), (string)(await Problem.Read(result, 409))["type"]!);
    }
}
