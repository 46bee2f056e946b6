using Panel.Comparisons;
using Panel.Comparisons.Publishing;
using Panel.Comparisons.WithdrawingVerdict;
using Panel.Infrastructure;

namespace Panel.Tests.Domain;

public class WithdrawingVerdictDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0.AddHours(5);

    [Fact]
    public void a_standing_verdict_is_withdrawn_with_its_reason_and_stays_as_a_placeholder()
    {
        var given = Given.Comparison().Verdicts("SS", "SK");

        var e = WithdrawingVerdictEndpoint.Decide(given.State, given.Reviewers[1], given.Tools[1], " Conflict. ", At)
            .ShouldAppendOne<VerdictWithdrawn>();

        Assert.Equal(new VerdictWithdrawn(given.Id, given.Tools[1], given.Reviewers[1], "Conflict.", At), e);
        var state = given.With(e).State;
        var verdict = state.VerdictOf(given.Reviewers[1], given.Tools[1])!;
        Assert.True(verdict.Withdrawn);
        Assert.Equal(("Reviewer 2 on Beta.", Decision.Skip), (verdict.Quote, verdict.Decision));
        Assert.Equal((1, 0, 1, 1), (state.Scorecard.Tools[1].Ship, state.Scorecard.Tools[1].Skip,
            state.Scorecard.Tools[1].Withdrawn, state.Scorecard.Tools[1].SampleSize));
        Assert.True(state.Scorecard.Complete);
    }

    [Fact]
    public void withdrawing_again_changes_nothing()
    {
        var given = Given.Comparison().Verdicts("SS").Withdrawn(0, 0);

        Assert.Same(Outcome.Unchanged, WithdrawingVerdictEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[0], "Again.", At));
    }

    [Fact]
    public void a_reviewer_not_seated_is_forbidden()
    {
        var given = Given.Comparison().Verdicts("SS");

        WithdrawingVerdictEndpoint.Decide(given.State, Guid.NewGuid(), given.Tools[0], "Why not.", At).ShouldBeProblem(403);
    }

    [Fact]
    public void a_verdict_not_given_or_a_tool_not_compared_is_not_found()
    {
        var given = Given.Comparison().Verdicts("S-");

        WithdrawingVerdictEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[1], "Nothing there.", At).ShouldBeProblem(404);
        WithdrawingVerdictEndpoint.Decide(given.State, given.Reviewers[0], Guid.NewGuid(), "No such tool.", At).ShouldBeProblem(404);
    }

    [Fact]
    public void a_withdrawal_after_publication_asks_for_a_correction()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        given.Apply(PublishingEndpoint.Decide(given.State, null, given.Editor, At));

        given.Apply(WithdrawingVerdictEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[0], "Conflict.", At));

        Assert.True(given.State.NeedsCorrection);
        Assert.Equal(1, given.State.PublishedVersion);
    }
}
