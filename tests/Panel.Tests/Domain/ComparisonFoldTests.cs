using Panel.Comparisons;

namespace Panel.Tests.Domain;

/// <summary>The comparison's fold (<see cref="Comparison.Next"/>), as the history pages and the projection call it.</summary>
public class ComparisonFoldTests
{
    [Fact]
    public void each_state_from_next_shows_its_own_figures_even_after_the_last_ones_were_read()
    {
        var given = Given.Comparison(tools: 2, reviewers: 2).Verdicts("SS", "S-");
        var before = Comparison.Next(null, new ComparisonOpened(given.Id, "A vs B", given.State.Tools, given.Editor, Given.T0));
        foreach (var e in new object[]
                 {
                     new ReviewerSeated(given.Id, given.Reviewers[0], "Reviewer 1", "angle 1", given.Editor, Given.T0),
                     new ReviewerSeated(given.Id, given.Reviewers[1], "Reviewer 2", "angle 2", given.Editor, Given.T0),
                     new VerdictSubmitted(given.Id, given.Tools[1], given.Reviewers[0], Decision.Ship, "Yes.", null, Given.T0)
                 })
        {
            // Read at every step, as a history page does: the figures of one state must not leak into the next.
            Assert.NotNull(before.Scorecard);
            before = Comparison.Next(before, e);
        }
        Assert.Equal(100, before.Scorecard.Tools[1].ShipPercent);
        Assert.False(before.Scorecard.Complete);

        var after = Comparison.Next(before,
            new VerdictSubmitted(given.Id, given.Tools[1], given.Reviewers[1], Decision.Skip, "No.", null, Given.T0.AddMinutes(1)));

        Assert.Equal(50, after.Scorecard.Tools[1].ShipPercent);
        Assert.Equal(2, after.Scorecard.Tools[1].Ship + after.Scorecard.Tools[1].Skip);
        Assert.Equal(100, before.Scorecard.Tools[1].ShipPercent);
    }

    [Fact]
    public void an_event_that_changes_nothing_keeps_the_same_state()
    {
        var state = Given.Comparison().State;
        Assert.Same(state, Comparison.Next(state, new ReviewersReminded(state.Id, Guid.NewGuid(), Given.T0, [], Given.T0)));
    }
}
