using System.Security.Claims;
using Panel.Comparisons.GettingScorecard;
using Panel.People;

namespace Panel.Tests.Domain;

/// <summary>A seated reviewer reads the panel's figures only once their own verdicts are all in.</summary>
public class NoPeekingTests
{
    private static ClaimsPrincipal Caller(Guid id, Role role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Role, role.ToString())], "test"));

    [Fact]
    public void a_reviewer_who_still_owes_verdicts_is_refused_and_told_which()
    {
        var given = Given.Comparison(tools: 3).Verdicts("S--", "SSK");

        var problem = GettingScorecardEndpoint.MayRead(given.State, Caller(given.Reviewers[0], Role.Reviewer));

        Assert.Equal(403, problem?.Status);
        Assert.Equal([given.Tools[1], given.Tools[2]], Assert.IsType<List<Guid>>(problem!.Extensions["owedToolIds"]));
    }

    [Fact]
    public void a_reviewer_whose_verdicts_are_all_in_reads_even_if_others_owe()
    {
        var given = Given.Comparison().Verdicts("SK", "--");

        Assert.Null(GettingScorecardEndpoint.MayRead(given.State, Caller(given.Reviewers[0], Role.Reviewer)));
    }

    [Fact]
    public void a_withdrawn_verdict_counts_as_answered()
    {
        var given = Given.Comparison().Verdicts("SK", "--").Withdrawn(0, 1);

        Assert.Null(GettingScorecardEndpoint.MayRead(given.State, Caller(given.Reviewers[0], Role.Reviewer)));
    }

    [Fact]
    public void a_reviewer_not_on_the_panel_is_refused()
    {
        var given = Given.Comparison().Verdicts("SS", "SS");

        Assert.Equal(403, GettingScorecardEndpoint.MayRead(given.State, Caller(Guid.NewGuid(), Role.Reviewer))?.Status);
    }

    [Theory]
    [InlineData(Role.Editor)]
    [InlineData(Role.Admin)]
    public void editors_and_admins_read_at_any_time(Role role)
    {
        var given = Given.Comparison();

        Assert.Null(GettingScorecardEndpoint.MayRead(given.State, Caller(Guid.NewGuid(), role)));
    }
}
