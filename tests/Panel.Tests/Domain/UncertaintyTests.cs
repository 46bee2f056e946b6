using Panel.Comparisons;
using Panel.Scorecards;

namespace Panel.Tests.Domain;

/// <summary>
/// Wilson intervals and Krippendorff's alpha pinned on worked examples computed by hand (the formulas are in
/// docs/product.md): the demo's 4 of 4 and 2 of 4, and its eight verdicts.
/// </summary>
public class UncertaintyTests
{
    private const Decision S = Decision.Ship, K = Decision.Skip;

    [Theory]
    [InlineData(4, 4, 51, 100)] // the demo's Gemma 3 27B
    [InlineData(2, 4, 15, 85)] // the demo's ml-intern
    [InlineData(0, 4, 0, 49)]
    [InlineData(1, 2, 9, 91)]
    [InlineData(1, 1, 21, 100)]
    [InlineData(8, 10, 49, 94)]
    [InlineData(50, 100, 40, 60)]
    public void the_wilson_interval_matches_the_worked_examples(int ship, int n, int low, int high)
    {
        var interval = Uncertainty.Wilson(ship, n)!;
        Assert.Equal((low, high, 0.95, "wilson"), (interval.Low, interval.High, interval.Level, interval.Method));
    }

    [Fact]
    public void no_standing_verdict_has_no_interval_and_fewer_than_three_are_provisional()
    {
        Assert.Null(Uncertainty.Wilson(0, 0));
        Assert.True(Uncertainty.Provisional(2));
        Assert.False(Uncertainty.Provisional(3));
    }

    [Fact]
    public void the_demos_eight_verdicts_agree_with_alpha_0_222_and_four_reviewers_get_no_interval()
    {
        // Four reviewers; Gemma: all ship; ml-intern: two ship, two skip (the seed page).
        var agreement = Uncertainty.Alpha([[S, S], [S, K], [S, S], [S, K]]);
        Assert.Equal(0.222, agreement.Alpha);
        Assert.Null(agreement.Low);
        Assert.Null(agreement.High);
        Assert.Null(agreement.Reason);
        Assert.Equal("krippendorff-alpha-nominal", agreement.Method);
        Assert.Equal("The reviewers partly agree.", agreement.InWords);
    }

    [Fact]
    public void alpha_follows_a_hand_worked_example_with_a_missing_verdict()
    {
        // Three reviewers, four tools, one verdict missing, worked by hand:
        //   unit 1: S S S, unit 2: S K -, unit 3: K K K, unit 4: S S K
        var agreement = Uncertainty.Alpha([[S, S, K, S], [S, K, K, S], [S, null, K, K]]);
        // n = 3 + 2 + 3 + 3 = 11 pairable values; mixed = 2/1 + 4/2 = 4; nShip = 6, nSkip = 5.
        // D_o = 4 / 11; D_e = 2·6·5 / (11·10) = 60/110; alpha = 1 − (4/11)/(60/110) = 1 − 2/3 = 0.333.
        Assert.Equal(0.333, agreement.Alpha);
    }

    [Fact]
    public void perfect_agreement_is_one_and_systematic_disagreement_is_negative()
    {
        Assert.Equal(1.0, Uncertainty.Alpha([[S, K], [S, K], [S, K]]).Alpha);
        Assert.True(Uncertainty.Alpha([[S, K], [K, S]]).Alpha < 0);
    }

    [Fact]
    public void alpha_is_undefined_with_a_reason_when_every_verdict_is_the_same_or_nothing_pairs()
    {
        var same = Uncertainty.Alpha([[S, S], [S, S]]);
        Assert.Null(same.Alpha);
        Assert.Contains("same", same.Reason);
        var lonely = Uncertainty.Alpha([[S, null], [null, K]]);
        Assert.Null(lonely.Alpha);
        Assert.Contains("Too few", lonely.Reason);
    }

    [Fact]
    public void five_reviewers_or_more_get_a_jackknife_interval_around_alpha()
    {
        var agreement = Uncertainty.Alpha([[S, K, S], [S, K, S], [S, K, K], [S, S, S], [S, K, S], [K, K, S]]);
        Assert.NotNull(agreement.Alpha);
        Assert.NotNull(agreement.Low);
        Assert.NotNull(agreement.High);
        Assert.True(agreement.Low <= agreement.Alpha && agreement.Alpha <= agreement.High);
        Assert.True(agreement.Low >= -1 && agreement.High <= 1);
    }
}
