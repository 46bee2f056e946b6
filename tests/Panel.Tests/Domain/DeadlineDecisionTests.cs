using Panel.Comparisons;
using Panel.Comparisons.ClearingDeadline;
using Panel.Comparisons.Completing;
using Panel.Comparisons.Reminding;
using Panel.Comparisons.SettingDeadline;
using Panel.Infrastructure;

namespace Panel.Tests.Domain;

/// <summary>Deadlines and what follows from them, decided without a database or a clock.</summary>
public class DeadlineDecisionTests
{
    private static readonly DateTimeOffset Now = Given.T0.AddDays(1);

    private static Given WithDeadline(Given given, Guid deadlineId, DateTimeOffset? remindAt = null) =>
        given.With(new DeadlineSet(given.Id, deadlineId, Now.AddDays(7), remindAt ?? Now.AddDays(6), given.Editor, Now));

    [Fact]
    public void setting_a_deadline_in_the_future_appends_it_with_its_new_id()
    {
        var given = Given.Comparison();
        var id = Guid.NewGuid();
        var set = SettingDeadlineEndpoint.Decide(given.State, Now.AddDays(7), Now.AddDays(6), id, given.Editor, Now)
            .ShouldAppendOne<DeadlineSet>();
        Assert.Equal((id, Now.AddDays(7), Now.AddDays(6)), (set.DeadlineId, set.DueAt, set.RemindAt));
    }

    [Fact]
    public void a_deadline_or_reminder_in_the_past_is_refused()
    {
        var c = Given.Comparison().State;
        Assert.NotEmpty(SettingDeadlineEndpoint.Decide(c, Now, null, Guid.NewGuid(), Guid.NewGuid(), Now)
            .ShouldBeProblem(400).FieldErrors("dueAt"));
        Assert.NotEmpty(SettingDeadlineEndpoint.Decide(c, Now.AddDays(1), Now.AddSeconds(-1), Guid.NewGuid(), Guid.NewGuid(), Now)
            .ShouldBeProblem(400).FieldErrors("remindAt"));
    }

    [Fact]
    public void the_same_deadline_again_is_unchanged_and_clearing_none_is_unchanged()
    {
        var given = WithDeadline(Given.Comparison(), Guid.NewGuid());
        Assert.Same(Outcome.Unchanged,
            SettingDeadlineEndpoint.Decide(given.State, Now.AddDays(7), Now.AddDays(6), Guid.NewGuid(), given.Editor, Now));
        Assert.Same(Outcome.Unchanged, ClearingDeadlineEndpoint.Decide(Given.Comparison().State, Guid.NewGuid(), Now));
    }

    [Fact]
    public void a_reminder_names_only_the_reviewers_who_still_owe_and_what_they_owe()
    {
        var deadline = Guid.NewGuid();
        var given = WithDeadline(Given.Comparison(tools: 2, reviewers: 3).Verdicts("SS", "S-", "--"), deadline);

        var reminded = DeadlineMessagesHandler.Remind(given.State, deadline, Now.AddDays(6)).ShouldAppendOne<ReviewersReminded>();

        Assert.Equal([given.Reviewers[1], given.Reviewers[2]], reminded.Reviewers.Select(r => r.ReviewerId));
        Assert.Equal([given.Tools[1]], reminded.Reviewers[0].OwedToolIds);
        Assert.Equal(given.Tools, reminded.Reviewers[1].OwedToolIds);
    }

    [Fact]
    public void a_reminder_for_a_moved_cleared_or_already_reminded_deadline_changes_nothing()
    {
        var old = Guid.NewGuid();
        var moved = WithDeadline(WithDeadline(Given.Comparison(), old), Guid.NewGuid());
        Assert.Same(Outcome.Unchanged, DeadlineMessagesHandler.Remind(moved.State, old, Now));

        var cleared = WithDeadline(Given.Comparison(), old);
        cleared.With(new DeadlineCleared(cleared.Id, old, cleared.Editor, Now));
        Assert.Same(Outcome.Unchanged, DeadlineMessagesHandler.Remind(cleared.State, old, Now));
        Assert.Same(Outcome.Unchanged, DeadlineMessagesHandler.MarkOverdue(cleared.State, old, Now));

        var twice = WithDeadline(Given.Comparison(), old);
        twice.Apply(DeadlineMessagesHandler.Remind(twice.State, old, Now));
        Assert.Same(Outcome.Unchanged, DeadlineMessagesHandler.Remind(twice.State, old, Now));
    }

    [Fact]
    public void nobody_owing_means_no_reminder_and_a_complete_panel_never_becomes_overdue()
    {
        var deadline = Guid.NewGuid();
        var given = WithDeadline(Given.Comparison(tools: 2, reviewers: 1).Verdicts("SK"), deadline);
        Assert.Same(Outcome.Unchanged, DeadlineMessagesHandler.Remind(given.State, deadline, Now));
        Assert.Same(Outcome.Unchanged, DeadlineMessagesHandler.MarkOverdue(given.State, deadline, Now));
    }

    [Fact]
    public void an_incomplete_panel_becomes_overdue_once_and_completing_it_clears_overdue()
    {
        var deadline = Guid.NewGuid();
        var given = WithDeadline(Given.Comparison(tools: 2, reviewers: 1).Verdicts("S-"), deadline);

        var overdue = DeadlineMessagesHandler.MarkOverdue(given.State, deadline, Now.AddDays(7)).ShouldAppendOne<PanelBecameOverdue>();
        Assert.Equal(1, overdue.Missing);
        given.With(overdue);
        Assert.True(given.State.Overdue);
        Assert.Same(Outcome.Unchanged, DeadlineMessagesHandler.MarkOverdue(given.State, deadline, Now.AddDays(7)));

        var last = new VerdictSubmitted(given.Id, given.Tools[1], given.Reviewers[0], Decision.Ship, "Late but sure.", null, Now.AddDays(8));
        foreach (var e in PanelCompletion.Follow(given.State, [last])) given.With(e);
        Assert.False(given.State.Overdue);
        Assert.Equal(Now.AddDays(8), given.State.CompletedAt);
    }

    [Fact]
    public void the_verdict_that_completes_the_panel_brings_panel_completed_with_it_and_no_other_does()
    {
        var given = Given.Comparison(tools: 2, reviewers: 2).Verdicts("SS", "S-");
        var last = new VerdictSubmitted(given.Id, given.Tools[1], given.Reviewers[1], Decision.Skip, "No.", null, Now);

        var events = PanelCompletion.Follow(given.State, [last]);

        Assert.Equal(2, events.Count);
        var completed = Assert.IsType<PanelCompleted>(events[1]);
        Assert.Equal((given.Reviewers[1], Now), (completed.By, completed.At));
        foreach (var e in events) given.With(e);
        var revision = new VerdictRevised(given.Id, given.Tools[1], given.Reviewers[1], Decision.Ship, "Yes.", null, "Again.", Now.AddMinutes(1));
        Assert.Single(PanelCompletion.Follow(given.State, [revision]));
    }

    [Fact]
    public void a_panel_with_nobody_seated_is_not_completed_by_unseating_the_last_reviewer()
    {
        var given = Given.Comparison(tools: 2, reviewers: 1);
        var unseat = new ReviewerUnseated(given.Id, given.Reviewers[0], given.Editor, Now);
        Assert.Single(PanelCompletion.Follow(given.State, [unseat]));
    }

    [Fact]
    public void seating_a_new_reviewer_reopens_the_panel_and_their_last_verdict_completes_it_again()
    {
        var given = Given.Comparison(tools: 1, reviewers: 1).Verdicts("S");
        Assert.True(given.State.Scorecard.Complete);
        given.Seat("latecomer");
        Assert.False(given.State.Scorecard.Complete);
        var late = new VerdictSubmitted(given.Id, given.Tools[0], given.Reviewers[1], Decision.Ship, "Yes.", null, Now);
        Assert.IsType<PanelCompleted>(PanelCompletion.Follow(given.State, [late])[^1]);
    }
}
