using Panel.Comparisons;
using Panel.Comparisons.EditingQuote;
using Panel.Infrastructure;

namespace Panel.Tests.Domain;

public class EditingQuoteDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0.AddHours(4);

    [Fact]
    public void an_edit_records_the_new_words_the_reason_and_the_editor()
    {
        var given = Given.Comparison().Verdicts("SK", "KS");

        var e = EditingQuoteEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[1],
            " Shorter. ", " Style. ", given.Editor, At).ShouldAppendOne<QuoteEdited>();

        Assert.Equal(new QuoteEdited(given.Id, given.Tools[1], given.Reviewers[0], "Shorter.", "Style.", given.Editor, At), e);
        var verdict = given.With(e).State.VerdictOf(given.Reviewers[0], given.Tools[1])!;
        Assert.Equal(("Reviewer 1 on Beta.", "Shorter.", "Shorter."), (verdict.Quote, verdict.EditedQuote, verdict.PublicQuote));
    }

    [Fact]
    public void an_edit_never_changes_a_decision_or_a_figure()
    {
        var given = Given.Comparison(reviewers: 3).Verdicts("SK", "KS", "SS");
        var decisions = given.State.Verdicts.Select(v => (v.ReviewerId, v.ToolId, v.Decision)).ToList();
        var figures = given.State.Scorecard.Tools.Select(t => (t.ShipPercent, t.Ship, t.Skip)).ToList();

        foreach (var reviewer in given.Reviewers)
            foreach (var tool in given.Tools)
                given.Apply(EditingQuoteEndpoint.Decide(given.State, reviewer, tool, "Ship it? Skip it?", "Test.", given.Editor, At));

        Assert.Equal(decisions, given.State.Verdicts.Select(v => (v.ReviewerId, v.ToolId, v.Decision)));
        Assert.Equal(figures, given.State.Scorecard.Tools.Select(t => (t.ShipPercent, t.Ship, t.Skip)));
        Assert.All(given.State.Verdicts, v => Assert.Equal("Ship it? Skip it?", v.PublicQuote));
        Assert.Null(typeof(EditQuote).GetProperty("Decision"));
        Assert.Null(typeof(QuoteEdited).GetProperty("Decision"));
    }

    [Fact]
    public void editing_a_verdict_never_given_is_not_found()
    {
        var given = Given.Comparison().Verdicts("S-");

        EditingQuoteEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[1], "x", "y", given.Editor, At)
            .ShouldBeProblem(404);
        EditingQuoteEndpoint.Decide(given.State, Guid.NewGuid(), given.Tools[0], "x", "y", given.Editor, At)
            .ShouldBeProblem(404);
    }

    [Fact]
    public void a_withdrawn_verdict_has_no_quote_to_edit()
    {
        var given = Given.Comparison().Verdicts("SS").Withdrawn(0, 1);

        var problem = EditingQuoteEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[1], "x", "y", given.Editor, At)
            .ShouldBeProblem(409);

        Assert.EndsWith("verdict-withdrawn", problem.Type);
    }

    [Fact]
    public void the_words_already_shown_change_nothing()
    {
        var given = Given.Comparison().Verdicts("S-");

        Assert.Same(Outcome.Unchanged, EditingQuoteEndpoint.Decide(given.State, given.Reviewers[0], given.Tools[0],
            "Reviewer 1 on Alpha.", "No-op.", given.Editor, At));
    }

    [Fact]
    public void validation_asks_for_words_and_a_reason()
    {
        var problem = EditingQuoteEndpoint.Validate(new EditQuote("", null));

        Assert.NotEmpty(problem.FieldErrors("quote"));
        Assert.NotEmpty(problem.FieldErrors("reason"));
    }
}
