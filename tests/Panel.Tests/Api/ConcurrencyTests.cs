using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Rule 7 (docs/product.md): concurrent writers never silently overwrite each other.</summary>
public class ConcurrencyTests(AppFixture fixture) : ApiTest(fixture)
{
    private static string VerdictUrl(PanelSetup panel, Guid tool) => $"/api/comparisons/{panel.Id}/verdicts/{tool}";

    private async Task<(JsonNode Card, string ETag)> ReadScorecard(PanelSetup panel)
    {
        var result = await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard", panel.Editor.Token, null, 200);
        return (JsonNode.Parse(await result.ReadAsTextAsync())!, result.ETag());
    }

    [Fact]
    public async Task the_scorecard_etag_is_the_comparisons_version_and_moves_with_every_write()
    {
        var panel = await Api.Panel();
        var (before, etag) = await ReadScorecard(panel);
        Assert.Equal($"\"{(long)before["version"]!}\"", etag);

        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Ship");

        var (after, next) = await ReadScorecard(panel);
        Assert.Equal((long)before["version"]! + 1, (long)after["version"]!);
        Assert.Equal($"\"{(long)after["version"]!}\"", next);
        Assert.NotEqual(etag, next);
    }

    [Fact]
    public async Task a_verdict_with_a_stale_if_match_is_refused_with_the_current_version_and_changes_nothing()
    {
        var panel = await Api.Panel();
        var (_, stale) = await ReadScorecard(panel);
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Skip");
        var (current, etag) = await ReadScorecard(panel);

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { decision = "Ship", quote = "Based on what I read earlier." }, 412, ifMatch: stale);

        var problem = await Problem.Read(result, 412);
        Assert.Equal(Problem.Type("stale-version"), (string)problem["type"]!);
        Assert.Equal((long)current["version"]!, (long)problem["currentVersion"]!);
        var (after, unchanged) = await ReadScorecard(panel);
        Assert.Equal(etag, unchanged);
        Assert.Equal(0, (int)after.ToolScore(panel.Tools[0])["ship"]!);
    }

    [Fact]
    public async Task a_verdict_with_the_current_if_match_is_accepted_and_answers_the_next_etag()
    {
        var panel = await Api.Panel();
        var (card, etag) = await ReadScorecard(panel);

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { decision = "Ship", quote = "Read, then written." }, 200, ifMatch: etag);

        Assert.Equal($"\"{(long)card["version"]! + 1}\"", result.ETag());
        Assert.Equal(1, (int)(await ReadScorecard(panel)).Card.ToolScore(panel.Tools[0])["ship"]!);
    }

    [Fact]
    public async Task if_match_star_accepts_any_version()
    {
        var panel = await Api.Panel();
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Skip");

        await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { decision = "Ship", quote = "Whatever the version." }, 200, ifMatch: "*");

        Assert.Equal(2, (int)(await ReadScorecard(panel)).Card.ToolScore(panel.Tools[0])["sampleSize"]!);
    }

    [Fact]
    public async Task an_if_match_that_names_no_version_never_matches()
    {
        var panel = await Api.Panel();

        var result = await Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), panel.Reviewers[0].Token,
            new { decision = "Ship", quote = "Garbage precondition." }, 412, ifMatch: "W/\"nonsense\"");

        await Problem.Read(result, 412);
        Assert.Equal(0, (int)(await ReadScorecard(panel)).Card.ToolScore(panel.Tools[0])["sampleSize"]!);
    }

    [Fact]
    public async Task other_writes_honour_if_match_too()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var (_, stale) = await ReadScorecard(panel);
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Skip", "Changed.", reason: "Second look.");

        await Problem.Read(await Api.Send(HttpMethod.Post, $"/api/comparisons/{panel.Id}/publications", panel.Editor.Token,
            new { note = (string?)null }, 412, ifMatch: stale), 412);
        await Problem.Read(await Api.Send(HttpMethod.Put,
            $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}/reviewers/{panel.Reviewers[1].Id}/quote", panel.Editor.Token,
            new { quote = "Edited on stale state.", reason = "Style." }, 412, ifMatch: stale), 412);
        await Problem.Read(await Api.Send(HttpMethod.Post, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[1]}/withdrawal",
            panel.Reviewers[1].Token, new { reason = "Conflict." }, 412, ifMatch: stale), 412);

        Assert.Equal(["VerdictSubmitted", "PanelCompleted", "VerdictRevised"], (await Api.History(panel.Editor, panel.Id)).Types()[^3..]);
    }

    [Fact]
    public async Task four_reviewers_submitting_at_the_same_moment_all_land()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 4);
        var (before, _) = await ReadScorecard(panel);

        var answers = await Task.WhenAll(panel.Reviewers.Select(r =>
            Api.Send(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), r.Token, new { decision = "Ship", quote = $"{r.Name} ships." }, 200)));

        var version = (long)before["version"]!;
        Assert.Equal(Enumerable.Range(1, 4).Select(i => $"\"{version + i}\""), answers.Select(a => a.ETag()).Order());
        var (card, _) = await ReadScorecard(panel);
        Assert.Equal(4, (int)card.ToolScore(panel.Tools[0])["ship"]!);
        Assert.Equal(version + 4, (long)card["version"]!);
        Assert.Equal(4, (await Api.History(panel.Editor, panel.Id)).Types().Count(t => t == "VerdictSubmitted"));
    }

    [Fact]
    public async Task eight_writers_across_two_tools_at_the_same_moment_all_land_and_so_do_their_revisions()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 4);
        var writers = panel.Reviewers.SelectMany(r => panel.Tools.Select(t => (Reviewer: r, Tool: t))).ToList();

        await Task.WhenAll(writers.Select(w => Api.Verdict(w.Reviewer, panel.Id, w.Tool, "Ship", $"{w.Reviewer.Name} ships.")));

        var (card, _) = await ReadScorecard(panel);
        Assert.True((bool)card["complete"]!);
        Assert.All(panel.Tools, t => Assert.Equal(4, (int)card.ToolScore(t)["ship"]!));

        await Task.WhenAll(writers.Select(w =>
            Api.Verdict(w.Reviewer, panel.Id, w.Tool, "Skip", $"{w.Reviewer.Name} skips.", reason: "A second look.")));

        var (revised, _) = await ReadScorecard(panel);
        Assert.All(panel.Tools, t => Assert.Equal(4, (int)revised.ToolScore(t)["skip"]!));
        var details = await Api.Details(panel.Editor, panel.Id);
        Assert.All(details.Array("verdicts"), v => Assert.Equal(1, (int)v!["revisions"]!));
        var types = (await Api.History(panel.Editor, panel.Id)).Types();
        Assert.Equal(8, types.Count(t => t == "VerdictSubmitted"));
        Assert.Equal(8, types.Count(t => t == "VerdictRevised"));
    }

    [Fact]
    public async Task of_two_writers_holding_the_same_etag_exactly_one_wins()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        var (_, etag) = await ReadScorecard(panel);

        var answers = await Task.WhenAll(panel.Reviewers.Select(r =>
            Host.Attempt(HttpMethod.Put, VerdictUrl(panel, panel.Tools[0]), r.Token, new { decision = "Ship", quote = "Me first." }, etag)));

        Assert.Equal([200, 412], answers.Select(a => a.Context.Response.StatusCode).Order());
        Assert.Equal(1, (int)(await ReadScorecard(panel)).Card.ToolScore(panel.Tools[0])["sampleSize"]!);
    }

    [Fact]
    public async Task of_two_editors_publishing_at_the_same_moment_one_publishes_and_the_other_is_told_it_is_done()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        var other = await Api.User("Editor", "Second editor");
        await Api.EditorsVerdict(panel.Editor, panel.Id, Scenarios.BottomLine);

        var answers = await Task.WhenAll(new[] { panel.Editor, other }.Select(e =>
            Host.Attempt(HttpMethod.Post, $"/api/comparisons/{panel.Id}/publications", e.Token, new { note = (string?)null })));

        Assert.Equal([201, 409], answers.Select(a => a.Context.Response.StatusCode).Order());
        var card = await Api.PublishedScorecard(panel.Id);
        Assert.Equal([1], card.Array("versions").Select(v => (int)v!["version"]!));
        Assert.Single((await Api.History(panel.Editor, panel.Id)).Types(), t => t == "ScorecardPublished");
    }

    [Fact]
    public async Task sustained_revisions_by_many_reviewers_at_once_all_land()
    {
        const int reviewers = 6, writes = 8;
        var panel = await Api.Panel(tools: 2, reviewers: reviewers);
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;

        // Every write changes the verdict, so each is a real event; none pins a version.
        await Task.WhenAll(panel.Reviewers.Select(reviewer => Task.Run(async () =>
        {
            for (var i = 0; i < writes; i++)
                await Api.Verdict(reviewer, panel.Id, panel.Tools[i % 2], i % 4 < 2 ? "Ship" : "Skip", $"Take {i}.",
                    reason: i < 2 ? null : $"Revision {i}");
        })));

        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        // Every write, and the one PanelCompleted that the last missing verdict brought with it.
        Assert.Equal(before + reviewers * writes + 1, history.Count);
        Assert.Single(history, e => (string)e!["type"]! == "PanelCompleted");
        var card = await Api.LiveScorecard(panel.Editor, panel.Id);
        Assert.True((bool)card["complete"]!);
        // The last write of each reviewer stands: take 6 on tool A (Skip), take 7 on tool B (Skip).
        Assert.Equal(reviewers, (int)card["tools"]![0]!["skip"]!);
        Assert.Equal(reviewers, (int)card["tools"]![1]!["skip"]!);
    }
}
