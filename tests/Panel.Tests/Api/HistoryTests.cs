using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Rule 8 (docs/product.md), read side: the full history of a comparison, and its scorecard as it stood at any moment.</summary>
public class HistoryTests(AppFixture fixture) : ApiTest(fixture)
{
    private Task<JsonNode> ScorecardAt(Person who, Guid comparison, DateTimeOffset at, int status = 200) =>
        Api.Get($"/api/comparisons/{comparison}/scorecard?at={Uri.EscapeDataString(at.ToString("O"))}", who.Token, status);

    private static DateTimeOffset Between(JsonNode earlier, JsonNode later)
    {
        var (from, to) = ((DateTimeOffset)earlier["time"]!, (DateTimeOffset)later["time"]!);
        Assert.True(to > from, "two appends in a row should have distinct server times");
        return from + (to - from) / 2;
    }

    [Fact]
    public async Task the_history_lists_every_event_in_order_with_its_actor_server_time_and_data()
    {
        var started = DateTimeOffset.UtcNow;
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        var (editor, r1, r2) = (panel.Editor, panel.Reviewers[0], panel.Reviewers[1]);
        var (a, b) = (panel.Tools[0], panel.Tools[1]);
        var passerby = await Api.User("Reviewer", "Passerby");
        await Api.Seat(editor, panel.Id, passerby, "buyer");
        await Api.Json(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/seats/{passerby.Id}", editor.Token, null, 200);
        await Api.Verdict(r1, panel.Id, a, "Ship", "Good.");
        await Api.Verdict(r1, panel.Id, a, "Skip", "Not so good.", reason: "Hit a bug.");
        await Api.Verdict(r1, panel.Id, b, "Ship");
        await Api.Verdict(r2, panel.Id, a, "Ship");
        await Api.Verdict(r2, panel.Id, b, "Skip");
        await Api.Withdraw(r2, panel.Id, b, "Consulted for them last year.");
        await Api.EditQuote(editor, panel.Id, a, r1.Id, "Not good enough yet.", "Clearer.");
        await Api.Publish(editor, panel.Id);

        var history = (await Api.History(editor, panel.Id)).AsArray();

        Assert.Equal(
        [
            "ComparisonOpened", "ReviewerSeated", "ReviewerSeated", "ReviewerSeated", "ReviewerUnseated",
            "VerdictSubmitted", "VerdictRevised", "VerdictSubmitted", "VerdictSubmitted", "VerdictSubmitted", "PanelCompleted",
            "VerdictWithdrawn", "QuoteEdited", "EditorsVerdictWritten", "ScorecardPublished"
        ], history.Select(e => (string)e!["type"]!));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history.Select(e => (long)e!["version"]!));
        var sequences = history.Select(e => (long)e!["sequence"]!).ToList();
        Assert.Equal(sequences.Order(), sequences);
        var times = history.Select(e => (DateTimeOffset)e!["time"]!).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(times, t => Assert.InRange(t, started.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5)));
        Assert.Equal(
            [editor.Id, editor.Id, editor.Id, editor.Id, editor.Id, r1.Id, r1.Id, r1.Id, r2.Id, r2.Id, r2.Id, r2.Id, editor.Id, editor.Id, editor.Id],
            history.Select(e => (Guid)e!["actor"]!["id"]!));
        Assert.Equal(
            [editor.Name, editor.Name, editor.Name, editor.Name, editor.Name, "Reviewer 1", "Reviewer 1", "Reviewer 1",
                "Reviewer 2", "Reviewer 2", "Reviewer 2", "Reviewer 2", editor.Name, editor.Name, editor.Name],
            history.Select(e => (string)e!["actor"]!["name"]!));
        Assert.All(history, e => Assert.Equal(panel.Id, (Guid)e!["data"]!["comparisonId"]!));
        Assert.Equal("Hit a bug.", (string)history[6]!["data"]!["reason"]!);
        Assert.Equal(r2.Id, (Guid)history[10]!["data"]!["by"]!);
        Assert.Equal("Consulted for them last year.", (string)history[11]!["data"]!["reason"]!);
        Assert.Equal(1, (int)history[14]!["data"]!["version"]!);
    }

    [Fact]
    public async Task an_admin_reads_the_history()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        var history = await Api.Get($"/api/comparisons/{panel.Id}/history", Scenarios.Admin);

        // Opened, two seats, four verdicts, and the panel becoming complete.
        Assert.Equal(8, history.AsArray().Count);
    }

    [Fact]
    public async Task a_reviewer_may_not_read_the_history_not_even_a_seated_one()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        var problem = await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/history",
            panel.Reviewers[0].Token, null, 403), 403);

        Assert.Equal(Problem.Type("forbidden"), (string)problem["type"]!);
    }

    [Fact]
    public async Task an_anonymous_caller_may_not_read_the_history()
    {
        var panel = await Api.CompletedPanel("SS", "SK");

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/history", null, null, 401), 401);
    }

    [Fact]
    public async Task the_history_of_an_unknown_comparison_is_not_found()
    {
        var editor = await Api.User("Editor");

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{Guid.NewGuid()}/history", editor.Token, null, 404), 404);
    }

    [Fact]
    public async Task the_history_of_an_id_that_belongs_to_a_tool_or_a_person_is_not_found()
    {
        var panel = await Api.Panel();

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Tools[0]}/history", panel.Editor.Token, null, 404), 404);
        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Reviewers[0].Id}/history", panel.Editor.Token, null, 404), 404);
    }

    [Fact]
    public async Task the_scorecard_at_a_moment_between_two_verdicts_shows_the_panel_as_it_stood_then()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        // Events: opened, two seats, then r1/A, r1/B, r2/A, r2/B. Stop after r1's two verdicts.
        var at = Between(history[4]!, history[5]!);

        var then = await ScorecardAt(panel.Editor, panel.Id, at);

        Assert.Equal((long)history[4]!["version"]!, (long)then["version"]!);
        Assert.Equal([1, 1], then.Array("tools").Select(t => (int)t!["sampleSize"]!));
        Assert.False((bool)then["complete"]!);
        Assert.Equal(2, then.Array("missing").Count);
        var now = await Api.LiveScorecard(panel.Editor, panel.Id);
        Assert.Equal([2, 2], now.Array("tools").Select(t => (int)t!["sampleSize"]!));
    }

    [Fact]
    public async Task the_scorecard_before_a_revision_shows_the_decision_as_it_was()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Came round to it.", reason: "New release fixed it.");
        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();

        var before = await ScorecardAt(RuleSteps.Admin, panel.Id, Between(history[^2]!, history[^1]!));

        Assert.Equal(50, (int)before.ToolScore(panel.Tools[1])["shipPercent"]!);
        Assert.Equal(100, (int)(await Api.LiveScorecard(panel.Editor, panel.Id)).ToolScore(panel.Tools[1])["shipPercent"]!);
    }

    [Fact]
    public async Task the_scorecard_before_the_comparison_opened_is_not_found()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var opened = (DateTimeOffset)(await Api.History(panel.Editor, panel.Id))[0]!["time"]!;

        await ScorecardAt(panel.Editor, panel.Id, opened.AddMinutes(-1), status: 404);
    }
}
