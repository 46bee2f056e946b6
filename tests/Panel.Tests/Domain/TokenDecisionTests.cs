using Panel.Infrastructure;
using Panel.People.ReissuingToken;
using Panel.People.RevokingToken;
using Panel.People;

namespace Panel.Tests.Domain;

public class TokenDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0;
    private static readonly string Token = Tokens.New();
    private static readonly User Ada = User.Create(new UserRegistered(Guid.NewGuid(), "Ada", Role.Reviewer, Tokens.Hash(Token), Guid.NewGuid(), At.AddDays(-1)));

    [Fact]
    public void revoking_takes_the_token_away_and_says_who_and_when()
    {
        var admin = Guid.NewGuid();

        var e = RevokingTokenEndpoint.Decide(Ada, admin, At).ShouldAppendOne<TokenRevoked>();
        var revoked = Ada.Apply(e);

        Assert.Equal(new TokenRevoked(Ada.Id, admin, At), e);
        Assert.Equal(At, revoked.TokenRevokedAt);
        Assert.NotEqual(Tokens.Hash(Token), revoked.TokenHash);
    }

    [Fact]
    public void revoking_a_revoked_token_changes_nothing()
    {
        var revoked = Ada.Apply(new TokenRevoked(Ada.Id, Guid.NewGuid(), At));

        Assert.Same(Outcome.Unchanged, RevokingTokenEndpoint.Decide(revoked, Guid.NewGuid(), At.AddHours(1)));
    }

    [Fact]
    public void reissuing_after_revocation_gives_access_back_with_the_new_token_only()
    {
        var revoked = Ada.Apply(new TokenRevoked(Ada.Id, Guid.NewGuid(), At));
        var fresh = Tokens.New();

        var reissued = revoked.Apply(ReissuingTokenEndpoint.Decide(revoked, fresh, Guid.NewGuid(), At.AddHours(1)).ShouldAppendOne<TokenReissued>());

        Assert.Null(reissued.TokenRevokedAt);
        Assert.Equal(Tokens.Hash(fresh), reissued.TokenHash);
        Assert.NotEqual(Tokens.Hash(Token), reissued.TokenHash);
    }
}
