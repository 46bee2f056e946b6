using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>The scorecard's figures, computed from events and read over HTTP: percentages, split, pick.</summary>
public class ScorecardFigureTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly string[] Names = ["Harbor", "Quill", "Rook", "Slate"];

    /// <summary>
    /// A panel on tools named <see cref="Names"/>, one reviewer per row of <paramref name="matrix"/> (S ship, K skip),
    /// seated with the given angles.
    /// </summary>
    private async Task<PanelSetup> NamedPanel(string[] angles, params string[] matrix)
    {
        var editor = await Api.User("Editor");
        var tools = new List<Guid>();
        foreach (var name in Names.Take(matrix[0].Length)) tools.Add(await Api.Tool(editor, name));
        var id = await Api.Comparison(editor, string.Join(" vs ", Names.Take(tools.Count)), tools);
        var reviewers = new List<Person>();
        for (var r = 0; r < matrix.Length; r++)
        {
            var reviewer = await Api.User("Reviewer", $"Reviewer {r + 1}");
            await Api.Seat(editor, id, reviewer, angles[r]);
            reviewers.Add(reviewer);
        }
        for (var r = 0; r < matrix.Length; r++)
            for (var t = 0; t < tools.Count; t++)
                await Api.Verdict(reviewers[r], id, tools[t], matrix[r][t] == 'S' ? "Ship" : "Skip");
        return new PanelSetup(id, editor, tools, reviewers);
    }

    private Task<PanelSetup> NamedPanel(params string[] matrix) =>
        NamedPanel(matrix.Select((_, i) => $"angle {i + 1}").ToArray(), matrix);

    [Theory]
    [InlineData(1, 8, 13)]
    [InlineData(3, 8, 38)]
    [InlineData(5, 8, 63)]
    [InlineData(1, 2, 50)]
    [InlineData(1, 3, 33)]
    [InlineData(2, 3, 67)]
    [InlineData(0, 3, 0)]
    [InlineData(3, 3, 100)]
    public async Task panel_ship_is_the_nearest_whole_percent_with_halves_rounded_up(int ships, int reviewers, int percent)
    {
        var matrix = Enumerable.Range(0, reviewers).Select(r => (r < ships ? "S" : "K") + "S").ToArray();
        var panel = await Api.CompletedPanel(matrix);

        var live = (await Api.LiveScorecard(panel.Editor, panel.Id)).ToolScore(panel.Tools[0]);
        await Api.Publish(panel.Editor, panel.Id);
        var published = (await Api.PublishedScorecard(panel.Id)).ToolScore(panel.Tools[0]);

        Assert.Equal(percent, (int)live["shipPercent"]!);
        Assert.Equal(ships, (int)live["ship"]!);
        Assert.Equal(reviewers - ships, (int)live["skip"]!);
        Assert.Equal(reviewers, (int)live["sampleSize"]!);
        Assert.Equal(percent, (int)published["shipPercent"]!);
        Assert.Equal(reviewers, (int)published["sampleSize"]!);
    }

    [Fact]
    public async Task with_no_verdicts_there_is_no_percentage()
    {
        var panel = await Api.Panel();

        var card = await Api.LiveScorecard(panel.Editor, panel.Id);

        Assert.All(card.Array("tools"), t =>
        {
            Assert.True(t!.AsObject().ContainsKey("shipPercent"));
            Assert.Null(t["shipPercent"]);
        });
        Assert.Null(card["pick"]!["toolId"]);
        Assert.Empty(card["pick"]!.Array("leaders"));
    }

    [Fact]
    public async Task with_every_verdict_on_a_tool_withdrawn_it_has_no_percentage_even_when_published()
    {
        var panel = await Api.CompletedPanel("SS", "SK");
        await Api.Withdraw(panel.Reviewers[0], panel.Id, panel.Tools[1]);
        await Api.Withdraw(panel.Reviewers[1], panel.Id, panel.Tools[1]);

        var live = await Api.LiveScorecard(panel.Editor, panel.Id);
        await Api.Publish(panel.Editor, panel.Id);
        var published = await Api.PublishedScorecard(panel.Id);

        Assert.Null(live.ToolScore(panel.Tools[1])["shipPercent"]);
        Assert.Equal(0, (int)live.ToolScore(panel.Tools[1])["sampleSize"]!);
        Assert.Equal(2, (int)live.ToolScore(panel.Tools[1])["withdrawn"]!);
        Assert.Null(published.ToolScore(panel.Tools[1])["shipPercent"]);
        Assert.Equal(panel.Tools[0], (Guid)published["pick"]!["toolId"]!);
    }

    [Fact]
    public async Task the_seed_shape_splits_four_reviewers_into_ship_both_and_ship_only_the_first_tool()
    {
        var panel = await NamedPanel(["developer experience", "skeptic", "developer experience", "skeptic"], "SS", "SK", "SS", "SK");
        var (a, b) = (panel.Tools[0], panel.Tools[1]);

        var card = await Api.LiveScorecard(panel.Editor, panel.Id);

        Assert.Equal([100, 50], card.Array("tools").Select(t => (int)t!["shipPercent"]!));
        var split = card["split"]!;
        Assert.Equal([(a, 4, 0), (b, 2, 2)],
            split.Array("tools").Select(t => ((Guid)t!["toolId"]!, (int)t["ship"]!, (int)t["skip"]!)));
        Assert.Equal([("ship both", 2), ("ship only Harbor", 2)],
            split.Array("headToHead").Select(h => ((string)h!["pattern"]!, (int)h["reviewers"]!)));
        Assert.Equal([a, b], split["headToHead"]![0]!.Guids("shipped"));
        Assert.Equal([a], split["headToHead"]![1]!.Guids("shipped"));
        Assert.Equal("2 ship both, 2 ship only Harbor", (string)split["summary"]!);
    }

    [Fact]
    public async Task the_split_groups_reviewers_by_angle()
    {
        var panel = await NamedPanel(["developer experience", "skeptic", "Developer Experience", "skeptic"], "SS", "SK", "SS", "SK");
        var (a, b) = (panel.Tools[0], panel.Tools[1]);

        var angles = (await Api.LiveScorecard(panel.Editor, panel.Id))["split"]!.Array("angles");

        Assert.Equal([("developer experience", 2), ("skeptic", 2)],
            angles.Select(g => ((string)g!["angle"]!, (int)g["reviewers"]!)));
        Assert.Equal([(a, 2, 0), (b, 2, 0)],
            angles[0]!.Array("tools").Select(t => ((Guid)t!["toolId"]!, (int)t["ship"]!, (int)t["skip"]!)));
        Assert.Equal([(a, 2, 0), (b, 0, 2)],
            angles[1]!.Array("tools").Select(t => ((Guid)t!["toolId"]!, (int)t["ship"]!, (int)t["skip"]!)));
    }

    [Fact]
    public async Task the_split_lists_each_reviewers_decisions_in_seating_order()
    {
        var panel = await NamedPanel(["developer experience", "skeptic", "strategist", "buyer"], "SS", "SK", "SS", "SK");

        var reviewers = (await Api.LiveScorecard(panel.Editor, panel.Id))["split"]!.Array("reviewers");

        Assert.Equal(panel.Reviewers.Select(r => r.Id), reviewers.Select(r => (Guid)r!["reviewerId"]!));
        Assert.Equal(["Reviewer 1", "Reviewer 2", "Reviewer 3", "Reviewer 4"], reviewers.Select(r => (string)r!["name"]!));
        Assert.Equal(["developer experience", "skeptic", "strategist", "buyer"], reviewers.Select(r => (string)r!["angle"]!));
        Assert.Equal(["Ship Ship", "Ship Skip", "Ship Ship", "Ship Skip"],
            reviewers.Select(r => string.Join(" ", r!.Array("decisions").Select(d => (string)d!["decision"]!))));
        Assert.All(reviewers, r => Assert.All(r!.Array("decisions"), d => Assert.Equal("Standing", (string)d!["status"]!)));
        Assert.Equal(panel.Tools, reviewers[1]!.Array("decisions").Select(d => (Guid)d!["toolId"]!));
    }

    [Fact]
    public async Task a_reviewer_still_owing_or_withdrawn_has_no_head_to_head_pattern()
    {
        var panel = await Api.CompletedPanel("SS", "SK", "KK");
        await Api.Withdraw(panel.Reviewers[1], panel.Id, panel.Tools[1]);
        var latecomer = await Api.User("Reviewer", "Latecomer");
        await Api.Seat(panel.Editor, panel.Id, latecomer, "buyer");

        var split = (await Api.LiveScorecard(panel.Editor, panel.Id))["split"]!;

        Assert.Equal("1 ship both, 1 skip both", (string)split["summary"]!);
        var owed = split.Array("reviewers").Single(r => (Guid)r!["reviewerId"]! == latecomer.Id)!;
        Assert.All(owed.Array("decisions"), d => Assert.Equal("Owed", (string)d!["status"]!));
    }

    [Fact]
    public async Task the_panel_pick_is_the_tool_with_the_highest_panel_ship()
    {
        var panel = await NamedPanel("SS", "SK", "SS", "SK");

        var pick = (await Api.LiveScorecard(panel.Editor, panel.Id))["pick"]!;

        Assert.Equal(panel.Tools[0], (Guid)pick["toolId"]!);
        Assert.Equal("Harbor", (string)pick["name"]!);
        Assert.Equal([panel.Tools[0]], pick.Guids("leaders"));
        Assert.Equal("Ship with Harbor: 100% panel ship.", (string)pick["summary"]!);
    }

    [Fact]
    public async Task a_tie_gives_no_single_pick()
    {
        var panel = await NamedPanel("SS", "SK", "KS");

        var card = await Api.LiveScorecard(panel.Editor, panel.Id);

        Assert.Equal([67, 67], card.Array("tools").Select(t => (int)t!["shipPercent"]!));
        var pick = card["pick"]!;
        Assert.Null(pick["toolId"]);
        Assert.Null(pick["name"]);
        Assert.Equal(panel.Tools, pick.Guids("leaders"));
        Assert.Equal("No single pick: Harbor and Quill tie at 67% panel ship.", (string)pick["summary"]!);
    }

    [Fact]
    public async Task a_three_tool_comparison_names_each_head_to_head_pattern()
    {
        var panel = await NamedPanel("SSK", "SSK", "SKK", "KKS", "SSS", "KKK");
        var (a, b, c) = (panel.Tools[0], panel.Tools[1], panel.Tools[2]);

        var card = await Api.LiveScorecard(panel.Editor, panel.Id);

        Assert.Equal([67, 50, 33], card.Array("tools").Select(t => (int)t!["shipPercent"]!));
        var headToHead = card["split"]!.Array("headToHead");
        Assert.Equal(
        [
            ("ship only Harbor and Quill", 2), ("ship all", 1), ("ship only Harbor", 1), ("ship only Rook", 1), ("skip all", 1)
        ], headToHead.Select(h => ((string)h!["pattern"]!, (int)h["reviewers"]!)));
        Assert.Equal([a, b], headToHead[0]!.Guids("shipped"));
        Assert.Equal([a, b, c], headToHead[1]!.Guids("shipped"));
        Assert.Empty(headToHead[4]!.Guids("shipped"));
        Assert.Equal("2 ship only Harbor and Quill, 1 ship all, 1 ship only Harbor, 1 ship only Rook, 1 skip all",
            (string)card["split"]!["summary"]!);
        Assert.Equal(a, (Guid)card["pick"]!["toolId"]!);
    }

    [Fact]
    public async Task a_four_tool_pattern_lists_the_shipped_tools_in_comparison_order()
    {
        var panel = await NamedPanel("SSKS", "KSKS");

        var summary = (string)(await Api.LiveScorecard(panel.Editor, panel.Id))["split"]!["summary"]!;

        Assert.Equal("1 ship only Harbor, Quill and Slate, 1 ship only Quill and Slate", summary);
    }

    [Fact]
    public async Task the_published_scorecard_carries_the_live_figures_unchanged()
    {
        var panel = await NamedPanel(["developer experience", "skeptic", "developer experience", "skeptic"], "SS", "SK", "SS", "SK");
        var live = await Api.LiveScorecard(panel.Editor, panel.Id);

        await Api.Publish(panel.Editor, panel.Id);
        var published = await Api.PublishedScorecard(panel.Id);

        Assert.Equal(live["split"]!.ToJsonString(), published["split"]!.ToJsonString());
        Assert.Equal(live["pick"]!.ToJsonString(), published["pick"]!.ToJsonString());
        Assert.Equal(live["method"]!.ToJsonString(), published["method"]!.ToJsonString());
        Assert.Equal(4, (int)published["reviewers"]!);
        Assert.Equal(
            live.Array("tools").Select(t => ((int?)t!["shipPercent"], (int)t["ship"]!, (int)t["skip"]!, (int)t["sampleSize"]!)),
            published.Array("tools").Select(t => ((int?)t!["shipPercent"], (int)t["ship"]!, (int)t["skip"]!, (int)t["sampleSize"]!)));
    }
}
