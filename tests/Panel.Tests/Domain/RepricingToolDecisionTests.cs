using Panel.Infrastructure;
using Panel.Tools;
using Panel.Tools.RepricingTool;

namespace Panel.Tests.Domain;

public class RepricingToolDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0;

    private static readonly Tool Alpha = Tool.Create(new ToolRegistered(Guid.NewGuid(), "Alpha", "Alpha Inc.", "Developer Tools",
        "Alpha in a line", "Alpha at length", EntryTier.Freemium, "Free to start", Guid.NewGuid(), At.AddDays(-10)));

    [Fact]
    public void repricing_dates_the_new_tier_and_read_and_says_who()
    {
        var editor = Guid.NewGuid();

        var e = RepricingToolEndpoint.Decide(Alpha, EntryTier.Paid, "  $20 a seat.  ", editor, At).ShouldAppendOne<ToolRepriced>();

        Assert.Equal(new ToolRepriced(Alpha.Id, EntryTier.Paid, "$20 a seat.", editor, At), e);
        var repriced = Alpha.Apply(e);
        Assert.Equal((EntryTier.Paid, "$20 a seat.", At), (repriced.EntryTier, repriced.PricingRead, repriced.PricedAt));
    }

    [Fact]
    public void the_same_pricing_again_changes_nothing()
    {
        Assert.Same(Outcome.Unchanged, RepricingToolEndpoint.Decide(Alpha, EntryTier.Freemium, " Free to start ", Guid.NewGuid(), At));
        RepricingToolEndpoint.Decide(Alpha, EntryTier.Paid, "Free to start", Guid.NewGuid(), At).ShouldAppendOne<ToolRepriced>();
    }

    [Fact]
    public void a_new_price_needs_a_tier_and_a_read()
    {
        var problem = RepricingToolEndpoint.Validate(new RepriceTool(null, " "));

        Assert.Equal(["entryTier is required."], problem.FieldErrors("entryTier"));
        Assert.Equal(["pricingRead is required."], problem.FieldErrors("pricingRead"));
    }
}
