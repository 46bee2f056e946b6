using Panel.Comparisons;
using Panel.Comparisons.Publishing;
using Panel.Scorecards;

namespace Panel.Tests.Domain;

public class PublishingDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0.AddHours(2);

    private static ScorecardPublished Publish(Given given, string? note = null)
    {
        if (given.State.EditorsVerdict is null) given.BottomLine();
        return PublishingEndpoint.Decide(given.State, note, given.Editor, At).ShouldAppendOne<ScorecardPublished>();
    }

    [Fact]
    public void an_incomplete_panel_is_a_conflict_listing_what_is_missing()
    {
        var given = Given.Comparison().Verdicts("SS", "S-");

        var problem = PublishingEndpoint.Decide(given.State, null, given.Editor, At).ShouldBeProblem(409);

        Assert.EndsWith("incomplete-panel", problem.Type);
        var missing = Assert.IsAssignableFrom<IReadOnlyList<MissingVerdict>>(problem.Extensions["missing"]);
        Assert.Equal([new MissingVerdict(given.Reviewers[1], "Reviewer 2", given.Tools[1], "Beta")], missing);
    }

    [Fact]
    public void a_panel_with_nobody_seated_cannot_be_published()
    {
        var given = Given.Comparison(reviewers: 0);

        var problem = PublishingEndpoint.Decide(given.State, null, given.Editor, At).ShouldBeProblem(409);

        Assert.EndsWith("incomplete-panel", problem.Type);
    }

    [Fact]
    public void a_complete_panel_publishes_version_1_with_its_figures_frozen()
    {
        var given = Given.Comparison(reviewers: 4).Verdicts("SS", "SK", "SS", "SK");

        var e = Publish(given, note: "  ");

        Assert.Equal((1, false, null, given.Editor, At), (e.Version, e.IsCorrection, e.Note, e.By, e.At));
        Assert.Equal([100, 50], e.Content.Tools.Select(t => t.ShipPercent));
        Assert.Equal(8, e.Content.Quotes.Count);
        Assert.Equal(4, e.Content.Reviewers);
        var state = given.With(e).State;
        Assert.Equal((1, At, false), (state.PublishedVersion, state.PublishedAt, state.NeedsCorrection));
    }

    [Fact]
    public void publishing_again_without_a_change_is_a_conflict()
    {
        var given = Given.Comparison().Verdicts("SS", "SK");
        given.With(Publish(given));

        var problem = PublishingEndpoint.Decide(given.State, "Again.", given.Editor, At).ShouldBeProblem(409);

        Assert.EndsWith("already-published", problem.Type);
    }

    [Fact]
    public void a_change_after_publication_asks_for_a_correction_that_states_a_note()
    {
        var given = Given.Comparison().Verdicts("SS", "SK");
        given.With(Publish(given));
        given.With(new VerdictRevised(given.Id, given.Tools[0], given.Reviewers[1], Decision.Skip, "No.", null, "Bug.", given.Next()));
        Assert.True(given.State.NeedsCorrection);

        var problem = PublishingEndpoint.Decide(given.State, " ", given.Editor, At).ShouldBeProblem(400);

        Assert.NotEmpty(problem.FieldErrors("note"));
    }

    [Fact]
    public void a_correction_with_a_note_is_the_next_version_and_leaves_the_first_as_it_was()
    {
        var given = Given.Comparison().Verdicts("SS", "SK");
        var first = Publish(given);
        given.With(first);
        given.With(new VerdictRevised(given.Id, given.Tools[0], given.Reviewers[1], Decision.Skip, "No.", null, "Bug.", given.Next()));

        var correction = Publish(given, " Reviewer 2 revised. ");

        Assert.Equal((2, true, "Reviewer 2 revised."), (correction.Version, correction.IsCorrection, correction.Note));
        Assert.Equal(50, correction.Content.Tools[0].ShipPercent);
        Assert.Equal(100, first.Content.Tools[0].ShipPercent);
        Assert.False(given.With(correction).State.NeedsCorrection);
    }
}
