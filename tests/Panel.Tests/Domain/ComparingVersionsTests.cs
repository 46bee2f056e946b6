using Panel.Comparisons;
using Panel.Scorecards;
using Panel.Scorecards.Comparing;
using Panel.Scorecards.Reading;

namespace Panel.Tests.Domain;

public class ComparingVersionsTests
{
    /// <summary>The public form of the comparison as it stands, published as <paramref name="version"/>.</summary>
    private static PublicScorecard Published(Given given, int version, string? note = null)
    {
        var c = ScorecardCalculator.Freeze(given.State);
        var tools = c.Tools.Select(t => new ScorecardTool(t.ToolId, t.Name, t.Vendor, t.Category, t.Tagline, t.Description, t.EntryTier,
            t.PricingRead, t.PricedAt, t.ShipPercent, t.Ship, t.Skip, t.Withdrawn, t.SampleSize, null, 0)).ToList();
        return new PublicScorecard(given.Id, c.Title, version, Given.T0, version > 1, note, tools, c.Quotes, c.Split, c.Pick, c.Method,
            c.Reviewers, 0, version, [], c.Events, "", null);
    }

    [Fact]
    public void a_first_version_has_nothing_to_compare_with()
    {
        var changes = ComparingVersionsEndpoint.Between(null, Published(Given.Comparison().Verdicts("SS", "SK"), 1));

        Assert.Null(changes.ComparedWith);
        Assert.Empty(changes.Figures);
        Assert.Empty(changes.Quotes);
    }

    [Fact]
    public void a_correction_lists_the_figures_and_the_quotes_that_changed_and_nothing_else()
    {
        var given = Given.Comparison().Verdicts("SS", "SK");
        var first = Published(given, 1);
        given.With(new VerdictRevised(given.Id, given.Tools[1], given.Reviewers[1], Decision.Ship, "Changed my mind.", null, "Retested.", given.Next()));

        var changes = ComparingVersionsEndpoint.Between(first, Published(given, 2, "Reviewer 2 retested Beta."));

        Assert.Equal((1, "Reviewer 2 retested Beta."), (changes.ComparedWith, changes.Note));
        var figure = Assert.Single(changes.Figures);
        Assert.Equal((given.Tools[1], 50, 100, 1, 2, 1, 0),
            (figure.ToolId, figure.ShipPercentBefore, figure.ShipPercentAfter, figure.ShipBefore, figure.ShipAfter, figure.SkipBefore, figure.SkipAfter));
        var quote = Assert.Single(changes.Quotes);
        Assert.Equal((given.Reviewers[1], "Skip", "Ship", "Reviewer 2 on Beta.", "Changed my mind."),
            (quote.ReviewerId, quote.DecisionBefore, quote.DecisionAfter, quote.QuoteBefore, quote.QuoteAfter));
    }

    [Fact]
    public void a_withdrawal_shows_as_a_withdrawn_decision()
    {
        var given = Given.Comparison().Verdicts("SS", "SK");
        var first = Published(given, 1);
        given.Withdrawn(0, 0);

        var quote = Assert.Single(ComparingVersionsEndpoint.Between(first, Published(given, 2)).Quotes);

        Assert.Equal(("Ship", "Withdrawn", given.Tools[0]), (quote.DecisionBefore, quote.DecisionAfter, quote.ToolId));
    }
}
