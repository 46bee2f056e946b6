using Panel.Comparisons;
using Panel.Scorecards;

namespace Panel.Tests.Domain;

public class ScorecardCalculatorTests
{
    [Theory]
    [InlineData(1, 8, 13)]
    [InlineData(3, 8, 38)]
    [InlineData(5, 8, 63)]
    [InlineData(7, 8, 88)]
    [InlineData(1, 2, 50)]
    [InlineData(1, 3, 33)]
    [InlineData(2, 3, 67)]
    [InlineData(1, 200, 1)]
    [InlineData(1, 201, 0)]
    [InlineData(199, 200, 100)]
    [InlineData(0, 5, 0)]
    [InlineData(5, 5, 100)]
    public void percent_is_the_nearest_whole_number_with_halves_rounded_up(int part, int whole, int expected) =>
        Assert.Equal(expected, ScorecardCalculator.Percent(part, whole));

    [Fact]
    public void percent_of_nothing_is_no_figure() =>
        Assert.Null(ScorecardCalculator.Percent(0, 0));

    [Fact]
    public void the_seed_shape_computes_the_seed_pages_figures()
    {
        var given = Given.Comparison(tools: 2, reviewers: 4).Verdicts("SS", "SK", "SS", "SK");

        var card = ScorecardCalculator.Compute(given.State);

        Assert.Equal([100, 50], card.Tools.Select(t => t.ShipPercent));
        Assert.Equal([(4, 0, 4), (2, 2, 4)], card.Tools.Select(t => (t.Ship, t.Skip, t.SampleSize)));
        Assert.True(card.Complete);
        Assert.Empty(card.Missing);
        Assert.Equal("2 ship both, 2 ship only Alpha", card.Split.Summary);
        Assert.Equal(given.Tools[0], card.Pick.ToolId);
        Assert.Equal("Ship with Alpha: 100% panel ship.", card.Pick.Summary);
    }

    [Fact]
    public void the_projection_keeps_the_computed_scorecard_on_the_comparison()
    {
        var state = Given.Comparison().Verdicts("SK", "KK").State;

        Assert.Equal(ScorecardCalculator.Compute(state), state.Scorecard, new ScorecardJsonComparer());
        Assert.Equal([50, 0], state.Scorecard.Tools.Select(t => t.ShipPercent));
    }

    [Fact]
    public void the_stored_completeness_agrees_with_the_scorecard_in_every_shape()
    {
        // Comparison.Complete is stored for queries and decides PanelCompleted without computing the scorecard.
        Given[] shapes =
        [
            Given.Comparison(reviewers: 0),
            Given.Comparison().Verdicts("S-", "--"),
            Given.Comparison().Verdicts("SK", "K-"),
            Given.Comparison().Verdicts("SK", "KK"),
            Given.Comparison().Verdicts("SK", "KK").Withdrawn(1, 1),
            Given.Comparison().Declares(1, 1).ConflictFree(1).Verdicts("SK", "K-"),
            Given.Comparison().Declares(1, 1).Verdicts("SK", "K-"),
        ];

        Assert.Equal([false, false, false, true, true, true, false], shapes.Select(g => g.State.Scorecard.Complete));
        Assert.All(shapes, g => Assert.Equal(g.State.Scorecard.Complete, g.State.Complete));
    }

    [Fact]
    public void owed_verdicts_are_missing_in_seating_then_tool_order()
    {
        var given = Given.Comparison(tools: 2, reviewers: 2).Verdicts("S-", "--");

        var card = ScorecardCalculator.Compute(given.State);

        Assert.False(card.Complete);
        Assert.Equal(
        [
            new MissingVerdict(given.Reviewers[0], "Reviewer 1", given.Tools[1], "Beta"),
            new MissingVerdict(given.Reviewers[1], "Reviewer 2", given.Tools[0], "Alpha"),
            new MissingVerdict(given.Reviewers[1], "Reviewer 2", given.Tools[1], "Beta"),
        ], card.Missing);
    }

    [Fact]
    public void a_panel_with_nobody_seated_is_not_complete()
    {
        var card = ScorecardCalculator.Compute(Given.Comparison(reviewers: 0).State);

        Assert.False(card.Complete);
        Assert.Empty(card.Missing);
        Assert.All(card.Tools, t => Assert.Null(t.ShipPercent));
        Assert.Null(card.Pick.ToolId);
    }

    [Fact]
    public void a_withdrawn_verdict_leaves_the_sample_but_is_counted_and_is_not_missing()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").Withdrawn(reviewer: 1, tool: 1);

        var card = ScorecardCalculator.Compute(given.State);

        var beta = card.Tools[1];
        Assert.Equal((100, 1, 0, 1, 1), (beta.ShipPercent!.Value, beta.Ship, beta.Skip, beta.Withdrawn, beta.SampleSize));
        Assert.True(card.Complete);
        Assert.Equal(VerdictStatus.Withdrawn, card.Split.Reviewers[1].Decisions[1].Status);
        Assert.Null(card.Split.Reviewers[1].Decisions[1].Decision);
        Assert.Equal("1 ship both", card.Split.Summary);
    }

    [Fact]
    public void a_tie_has_leaders_but_no_single_pick()
    {
        var given = Given.Comparison(tools: 2, reviewers: 3).Verdicts("SS", "SK", "KS");

        var pick = ScorecardCalculator.Compute(given.State).Pick;

        Assert.Null(pick.ToolId);
        Assert.Equal(given.Tools, pick.Leaders);
        Assert.Equal("No single pick: Alpha and Beta tie at 67% panel ship.", pick.Summary);
    }

    [Fact]
    public void head_to_head_patterns_name_the_shipped_tools_for_three_tools()
    {
        var given = Given.Comparison(tools: 3, reviewers: 6).Verdicts("SSK", "SSK", "SKK", "KKS", "SSS", "KKK");

        var split = ScorecardCalculator.Compute(given.State).Split;

        Assert.Equal(
            [("ship only Alpha and Beta", 2), ("ship all", 1), ("ship only Alpha", 1), ("ship only Gamma", 1), ("skip all", 1)],
            split.HeadToHead.Select(h => (h.Pattern, h.Reviewers)));
    }

    [Fact]
    public void angles_group_reviewers_regardless_of_case()
    {
        var given = Given.Comparison(reviewers: 0);
        given.Seat("skeptic").Seat("Skeptic").Seat("buyer").Verdicts("SK", "KK", "SS");

        var angles = ScorecardCalculator.Compute(given.State).Split.Angles;

        Assert.Equal([("buyer", 1), ("skeptic", 2)], angles.Select(a => (a.Angle, a.Reviewers)));
        Assert.Equal([(1, 1), (0, 2)], angles[1].Tools.Select(t => (t.Ship, t.Skip)));
    }

    [Fact]
    public void freezing_publishes_the_editors_words_and_withdrawn_placeholders_but_never_a_note()
    {
        var given = Given.Comparison(reviewers: 2);
        given.With(new VerdictSubmitted(given.Id, given.Tools[0], given.Reviewers[0], Decision.Ship, "Raw words.", "Private note.", given.Next()))
            .With(new QuoteEdited(given.Id, given.Tools[0], given.Reviewers[0], "Edited words.", "Style.", given.Editor, given.Next()))
            .Verdicts("-S", "SK").Withdrawn(reviewer: 1, tool: 1);

        var content = ScorecardCalculator.Freeze(given.State);

        Assert.Equal(4, content.Quotes.Count);
        Assert.Equal(("Edited words.", true, false), (content.Quotes[0].Quote, content.Quotes[0].Edited, content.Quotes[0].Withdrawn));
        Assert.Equal((null, null, true), (content.Quotes[3].Quote, content.Quotes[3].Decision, content.Quotes[3].Withdrawn));
        Assert.DoesNotContain("Private note.", System.Text.Json.JsonSerializer.Serialize(content));
    }
}

/// <summary>Records holding lists compare by reference; their JSON compares by value.</summary>
internal sealed class ScorecardJsonComparer : IEqualityComparer<Scorecard>
{
    public bool Equals(Scorecard? x, Scorecard? y) =>
        System.Text.Json.JsonSerializer.Serialize(x) == System.Text.Json.JsonSerializer.Serialize(y);

    public int GetHashCode(Scorecard obj) => 0;
}
