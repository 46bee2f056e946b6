using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Rule 4 (docs/product.md): a reviewer sees the panel's verdicts only once their own are all in.</summary>
public class VisibilityTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_reviewer_who_still_owes_verdicts_may_not_read_the_scorecard_and_is_told_what_is_owed()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];

        var before = await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard", reviewer.Token, null, 403), 403);
        Assert.Equal(panel.Tools, before.Guids("owedToolIds"));

        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship");
        var after = await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard", reviewer.Token, null, 403), 403);
        Assert.Equal([panel.Tools[1]], after.Guids("owedToolIds"));
    }

    [Fact]
    public async Task a_reviewer_with_all_their_own_verdicts_in_reads_the_scorecard_while_others_still_owe()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Ship");
        await Api.Verdict(reviewer, panel.Id, panel.Tools[1], "Skip");

        var card = await Api.LiveScorecard(reviewer, panel.Id);

        Assert.False((bool)card["complete"]!);
        Assert.Equal(1, (int)card.ToolScore(panel.Tools[0])["ship"]!);
        Assert.Equal(2, card.Array("missing").Count);
    }

    [Fact]
    public async Task editors_and_admins_read_the_scorecard_at_any_time()
    {
        var panel = await Api.Panel();

        var empty = await Api.LiveScorecard(panel.Editor, panel.Id);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship");
        var partial = await Api.LiveScorecard(RuleSteps.Admin, panel.Id);

        Assert.Equal(0, (int)empty.ToolScore(panel.Tools[0])["sampleSize"]!);
        Assert.Equal(1, (int)partial.ToolScore(panel.Tools[0])["sampleSize"]!);
    }

    [Fact]
    public async Task anonymous_callers_may_not_read_a_live_scorecard()
    {
        var panel = await Api.Panel();

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard", null, null, 401), 401);
    }

    [Fact]
    public async Task my_comparisons_list_the_tools_a_reviewer_still_owes_shrinking_as_they_submit()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        var other = await Api.Comparison(panel.Editor, "Not my panel", panel.Tools);

        var mine = await Api.Get("/api/me/comparisons", reviewer.Token);
        Assert.Equal([panel.Id], mine.AsArray().Select(c => (Guid)c!["id"]!).ToList());
        Assert.DoesNotContain(other, mine.AsArray().Select(c => (Guid)c!["id"]!));
        Assert.Equal("angle 1", (string)mine[0]!["angle"]!);
        Assert.Equal(panel.Tools, mine[0]!.Guids("owedToolIds"));

        await Api.Verdict(reviewer, panel.Id, panel.Tools[1], "Ship");
        Assert.Equal([panel.Tools[0]], (await Api.Get("/api/me/comparisons", reviewer.Token))[0]!.Guids("owedToolIds"));

        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Skip");
        Assert.Empty((await Api.Get("/api/me/comparisons", reviewer.Token))[0]!.Guids("owedToolIds"));
    }

    [Fact]
    public async Task a_reviewer_reading_a_comparison_sees_only_their_own_verdicts()
    {
        var panel = await Api.CompletedPanel("SS", "SK", "KK");
        var reviewer = panel.Reviewers[1];

        var seen = await Api.Details(reviewer, panel.Id);
        var all = await Api.Details(panel.Editor, panel.Id);

        Assert.Equal(2, seen.Array("verdicts").Count);
        Assert.All(seen.Array("verdicts"), v => Assert.Equal(reviewer.Id, (Guid)v!["reviewerId"]!));
        Assert.Equal(6, all.Array("verdicts").Count);
    }

    [Fact]
    public async Task a_reviewer_not_seated_on_the_panel_may_not_read_the_comparison()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var outsider = await Api.User("Reviewer", "Outsider");

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}", outsider.Token, null, 403), 403);
    }

    [Fact]
    public async Task a_reviewer_may_not_read_the_scorecard_as_it_stood_earlier()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var at = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));

        await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard?at={at}",
            panel.Reviewers[0].Token, null, 403), 403);
    }
}
