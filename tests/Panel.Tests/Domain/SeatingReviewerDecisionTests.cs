using Panel.Comparisons;
using Panel.Comparisons.SeatingReviewer;
using Panel.Comparisons.UnseatingReviewer;
using Panel.Infrastructure;
using Panel.People;

namespace Panel.Tests.Domain;

public class SeatingReviewerDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0.AddHours(3);

    private static User Person(Role role, string name = "Ada") => new(Guid.NewGuid(), name, role, "hash", Given.T0, Given.T0);

    [Fact]
    public void a_reviewer_with_a_verdict_cannot_be_unseated()
    {
        var given = Given.Comparison().Verdicts("S-");

        var problem = UnseatingReviewerEndpoint.Decide(given.State, given.Reviewers[0], given.Editor, At).ShouldBeProblem(409);

        Assert.EndsWith("reviewer-has-verdicts", problem.Type);
    }

    [Fact]
    public void a_reviewer_whose_verdicts_are_withdrawn_still_cannot_be_unseated()
    {
        var given = Given.Comparison().Verdicts("S-").Withdrawn(0, 0);

        UnseatingReviewerEndpoint.Decide(given.State, given.Reviewers[0], given.Editor, At).ShouldBeProblem(409);
    }

    [Fact]
    public void a_reviewer_without_verdicts_is_unseated_and_no_longer_owes_any()
    {
        var given = Given.Comparison().Verdicts("SS");

        var e = UnseatingReviewerEndpoint.Decide(given.State, given.Reviewers[1], given.Editor, At).ShouldAppendOne<ReviewerUnseated>();

        var state = given.With(e).State;
        Assert.Null(state.SeatOf(given.Reviewers[1]));
        Assert.True(state.Scorecard.Complete);
    }

    [Fact]
    public void unseating_someone_not_seated_is_not_found()
    {
        var given = Given.Comparison();

        UnseatingReviewerEndpoint.Decide(given.State, Guid.NewGuid(), given.Editor, At).ShouldBeProblem(404);
    }

    [Fact]
    public void only_reviewers_take_seats()
    {
        var given = Given.Comparison(reviewers: 0);

        var problem = SeatingReviewerEndpoint.Decide(given.State, Person(Role.Editor), "skeptic", given.Editor, At).ShouldBeProblem(400);

        Assert.NotEmpty(problem.FieldErrors("reviewerId"));
        SeatingReviewerEndpoint.Decide(given.State, null, "skeptic", given.Editor, At).ShouldBeProblem(404);
    }

    [Fact]
    public void seating_the_same_reviewer_again_changes_nothing_but_a_new_angle_is_a_conflict()
    {
        var given = Given.Comparison(reviewers: 0);
        var ada = Person(Role.Reviewer);
        given.Apply(SeatingReviewerEndpoint.Decide(given.State, ada, " skeptic ", given.Editor, At));

        Assert.Same(Outcome.Unchanged, SeatingReviewerEndpoint.Decide(given.State, ada, "skeptic", given.Editor, At));
        Assert.EndsWith("already-seated", SeatingReviewerEndpoint.Decide(given.State, ada, "buyer", given.Editor, At).ShouldBeProblem(409).Type);
    }

    [Fact]
    public void a_full_panel_takes_no_one_else()
    {
        var given = Given.Comparison(reviewers: SeatingReviewerEndpoint.MaxSeats);

        var problem = SeatingReviewerEndpoint.Decide(given.State, Person(Role.Reviewer), "buyer", given.Editor, At).ShouldBeProblem(409);

        Assert.EndsWith("panel-full", problem.Type);
    }
}
