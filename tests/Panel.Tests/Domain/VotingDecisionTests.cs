using Panel.Community;
using Panel.Community.Voting;
using Panel.Infrastructure;
using Panel.Scorecards;

namespace Panel.Tests.Domain;

public class VotingDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0;
    private static readonly Guid Alpha = Guid.NewGuid(), Beta = Guid.NewGuid();
    private static readonly ScorecardListing Published = new(Guid.NewGuid(), "Alpha vs Beta", 1, false, At, At,
        [new ListedTool(Alpha, "Alpha", 50, 1, 2), new ListedTool(Beta, "Beta", 100, 2, 2)]);

    private static Outcome Vote(CommunityTally? tally, Guid voter, Guid tool, string network = "net-1", DateTimeOffset? at = null, int perDay = 3) =>
        VotingEndpoint.Decide(Published, tally, voter, network, tool, at ?? At, perDay);

    private static CommunityTally? Fold(CommunityTally? tally, Outcome outcome)
    {
        Assert.Null(outcome.Problem);
        foreach (var e in outcome.Events)
        {
            tally = e switch
            {
                VoterArrived a => tally is null ? CommunityTally.Create(a) : tally.Apply(a),
                VoteCast v => tally is null ? CommunityTally.Create(v) : tally.Apply(v),
                _ => tally
            };
        }
        return tally;
    }

    [Fact]
    public void a_first_vote_records_the_voters_arrival_from_their_network_then_the_vote()
    {
        var voter = Guid.NewGuid();

        var outcome = Vote(null, voter, Beta, at: At.AddHours(5));

        Assert.Collection(outcome.Events,
            e => Assert.Equal(new VoterArrived(Published.Id, voter, "net-1", DateOnly.FromDateTime(At.UtcDateTime), At.AddHours(5)), e),
            e => Assert.Equal(new VoteCast(Published.Id, voter, Beta, At.AddHours(5)), e));
    }

    [Fact]
    public void the_same_vote_again_changes_nothing_and_a_new_pick_replaces_the_old_one()
    {
        var voter = Guid.NewGuid();
        var tally = Fold(null, Vote(null, voter, Alpha));

        Assert.Same(Outcome.Unchanged, Vote(tally, voter, Alpha));
        var changed = Vote(tally, voter, Beta).ShouldAppendOne<VoteCast>();
        Assert.Equal(Beta, changed.ToolId);
    }

    [Fact]
    public void only_published_comparisons_take_votes_and_only_for_their_own_tools()
    {
        VotingEndpoint.Decide(null, null, Guid.NewGuid(), "net-1", Alpha, At, 3).ShouldBeProblem(404);

        var problem = Vote(null, Guid.NewGuid(), Guid.NewGuid()).ShouldBeProblem(400);
        Assert.Equal(["That tool is not part of this comparison."], problem.FieldErrors("toolId"));
    }

    [Fact]
    public void a_network_brings_a_bounded_number_of_new_voters_a_day_while_known_voters_still_change_their_pick()
    {
        var first = Guid.NewGuid();
        var tally = Fold(null, Vote(null, first, Alpha, perDay: 2));
        tally = Fold(tally, Vote(tally, Guid.NewGuid(), Alpha, perDay: 2));

        var refused = Vote(tally, Guid.NewGuid(), Beta, perDay: 2).ShouldBeProblem(429);

        Assert.EndsWith(VotingEndpoint.TooManyNewVoters, refused.Type);
        Vote(tally, first, Beta, perDay: 2).ShouldAppendOne<VoteCast>();
        Assert.Null(Vote(tally, Guid.NewGuid(), Beta, "net-2", perDay: 2).Problem);
        Assert.Null(Vote(tally, Guid.NewGuid(), Beta, at: At.AddDays(1), perDay: 2).Problem);
    }
}
