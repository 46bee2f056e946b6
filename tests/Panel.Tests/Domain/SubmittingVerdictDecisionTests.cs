using Panel.Comparisons;
using Panel.Comparisons.SubmittingVerdict;
using Panel.Infrastructure;

namespace Panel.Tests.Domain;

public class SubmittingVerdictDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0.AddHours(1);

    private static Outcome Decide(Comparison c, Guid reviewer, Guid tool, SubmitVerdict v, DateTimeOffset at) =>
        SubmittingVerdictEndpoint.Decide(c, reviewer, tool, v.Decision.Checked(), v.Quote.Checked(), v.Note, v.Reason, at);

    private static SubmitVerdict Ship(string quote = "Solid.", string? note = null, string? reason = null) =>
        new(Decision.Ship, quote, note, reason);

    [Fact]
    public void a_reviewer_not_seated_is_forbidden()
    {
        var given = Given.Comparison();

        var outcome = Decide(given.State, Guid.NewGuid(), given.Tools[0], Ship(), At);

        Assert.EndsWith("forbidden", outcome.ShouldBeProblem(403).Type);
    }

    [Fact]
    public void a_tool_outside_the_comparison_is_not_found()
    {
        var given = Given.Comparison();

        Decide(given.State, given.Reviewers[0], Guid.NewGuid(), Ship(), At).ShouldBeProblem(404);
    }

    [Fact]
    public void the_first_verdict_is_a_submission_needing_no_reason()
    {
        var given = Given.Comparison();

        var e = Decide(given.State, given.Reviewers[0], given.Tools[1], Ship("  Solid.  ", note: "  "), At)
            .ShouldAppendOne<VerdictSubmitted>();

        Assert.Equal(new VerdictSubmitted(given.Id, given.Tools[1], given.Reviewers[0], Decision.Ship, "Solid.", null, At), e);
    }

    [Fact]
    public void a_revision_without_a_reason_is_invalid()
    {
        var given = Given.Comparison().Verdicts("S-");

        var problem = Decide(given.State, given.Reviewers[0], given.Tools[0],
            new SubmitVerdict(Decision.Skip, "Changed.", null, "   "), At).ShouldBeProblem(400);

        Assert.NotEmpty(problem.FieldErrors("reason"));
    }

    [Fact]
    public void a_revision_with_a_reason_is_recorded_as_such()
    {
        var given = Given.Comparison().Verdicts("S-");

        var e = Decide(given.State, given.Reviewers[0], given.Tools[0],
            new SubmitVerdict(Decision.Skip, "Changed.", null, " New facts. "), At).ShouldAppendOne<VerdictRevised>();

        Assert.Equal((Decision.Skip, "Changed.", "New facts."), (e.Decision, e.Quote, e.Reason));
        var verdict = given.With(e).State.VerdictOf(given.Reviewers[0], given.Tools[0])!;
        Assert.Equal((Decision.Skip, 1), (verdict.Decision, verdict.Revisions));
    }

    [Fact]
    public void a_changed_note_alone_is_a_revision_too()
    {
        var given = Given.Comparison().Verdicts("S-");

        Decide(given.State, given.Reviewers[0], given.Tools[0],
            Ship("Reviewer 1 on Alpha.", note: "Now with a note."), At).ShouldBeProblem(400);
    }

    [Fact]
    public void the_identical_verdict_again_changes_nothing()
    {
        var given = Given.Comparison().Verdicts("S-");

        var outcome = Decide(given.State, given.Reviewers[0], given.Tools[0],
            Ship(" Reviewer 1 on Alpha. "), At);

        Assert.Same(Outcome.Unchanged, outcome);
        Assert.Empty(outcome.Events);
        Assert.Null(outcome.Problem);
    }

    [Fact]
    public void the_identical_verdict_after_a_withdrawal_is_a_revision_needing_a_reason()
    {
        var given = Given.Comparison().Verdicts("S-").Withdrawn(0, 0);

        Decide(given.State, given.Reviewers[0], given.Tools[0], Ship("Reviewer 1 on Alpha."), At)
            .ShouldBeProblem(400);
        var e = Decide(given.State, given.Reviewers[0], given.Tools[0],
            Ship("Reviewer 1 on Alpha.", reason: "Conflict resolved."), At).ShouldAppendOne<VerdictRevised>();

        Assert.False(given.With(e).State.VerdictOf(given.Reviewers[0], given.Tools[0])!.Withdrawn);
    }

    [Fact]
    public void the_verdict_belongs_to_the_reviewer_the_caller_is()
    {
        var given = Given.Comparison().Verdicts("S-");

        var e = Decide(given.State, given.Reviewers[1], given.Tools[0], Ship("Mine."), At)
            .ShouldAppendOne<VerdictSubmitted>();

        Assert.Equal(given.Reviewers[1], e.ReviewerId);
        Assert.Equal(Decision.Ship, given.With(e).State.VerdictOf(given.Reviewers[0], given.Tools[0])!.Decision);
    }

    [Fact]
    public void validation_asks_for_a_decision_and_a_quote()
    {
        var problem = SubmittingVerdictEndpoint.Validate(new SubmitVerdict(null, " ", null, null));

        Assert.NotEmpty(problem.FieldErrors("decision"));
        Assert.NotEmpty(problem.FieldErrors("quote"));
        Assert.Equal(400, SubmittingVerdictEndpoint.Validate(null).Status);
    }
}
