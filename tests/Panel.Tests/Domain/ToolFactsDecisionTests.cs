using Panel.Comparisons;
using Panel.Comparisons.ApplyingToolFacts;
using Panel.Comparisons.Publishing;
using Panel.Infrastructure;
using Panel.Tools;
using Panel.Tools.RedescribingTool;

namespace Panel.Tests.Domain;

/// <summary>Tool facts that move: rewording a tool, a comparison noticing, the editor applying, the correction saying what changed.</summary>
public class ToolFactsDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0.AddHours(3);
    private static readonly Guid Editor = Guid.NewGuid();

    /// <summary>The tool document as it stands now for the comparison's tool <paramref name="index"/>, as registered.</summary>
    private static Tool Registered(Given given, int index)
    {
        var held = given.State.Tools[index];
        return Tool.Create(new ToolRegistered(held.ToolId, held.Name, held.Vendor, held.Category, held.Tagline, held.Description,
            held.EntryTier, held.PricingRead, Editor, Given.T0.AddDays(-1)));
    }

    private static Dictionary<Guid, Tool> Current(params Tool[] tools) => tools.ToDictionary(t => t.Id);

    [Fact]
    public void new_wording_is_one_event_and_the_old_wording_stays_in_the_tools_changes()
    {
        var tool = Registered(Given.Comparison(), 0);

        var e = RedescribingToolEndpoint.Decide(tool, new RedescribeTool("Alpha Pro", "Alpha in a line", "Alpha, now longer"), false, Editor, At)
            .ShouldAppendOne<ToolRedescribed>();
        var after = tool.Apply(e);

        Assert.Equal(("Alpha Pro", "Alpha in a line", "Alpha, now longer"), (after.Name, after.Tagline, after.Description));
        Assert.Equal("alpha pro", after.NameKey);
        var change = Assert.Single(after.Changes);
        Assert.Equal(At, change.At);
        Assert.Equal([("name", "Alpha", "Alpha Pro"), ("description", "Alpha at length", "Alpha, now longer")],
            change.Facts.Select(f => (f.Fact, f.Before, f.After)));
    }

    [Fact]
    public void the_same_wording_again_changes_nothing()
    {
        var tool = Registered(Given.Comparison(), 0);

        var outcome = RedescribingToolEndpoint.Decide(tool, new RedescribeTool(" Alpha ", "Alpha in a line", "Alpha at length"), false, Editor, At);

        Assert.Same(Outcome.Unchanged, outcome);
    }

    [Fact]
    public void a_name_another_tool_holds_is_a_duplicate()
    {
        var tool = Registered(Given.Comparison(), 0);

        var problem = RedescribingToolEndpoint.Decide(tool, new RedescribeTool("Beta", "t", "d"), true, Editor, At).ShouldBeProblem(409);

        Assert.EndsWith("duplicate-tool", problem.Type);
    }

    [Fact]
    public void repricing_keeps_the_old_price_in_the_tools_changes()
    {
        var tool = Registered(Given.Comparison(), 0);

        var after = tool.Apply(new ToolRepriced(tool.Id, EntryTier.Paid, "$20/month", Editor, At));

        var fact = Assert.Single(Assert.Single(after.Changes).Facts, f => f.Fact == "pricingRead");
        Assert.Equal(("Free to start", "$20/month"), (fact.Before, fact.After));
    }

    [Fact]
    public void a_comparison_whose_tool_was_repriced_has_outdated_facts_until_they_are_applied()
    {
        var given = Given.Comparison();
        var alpha = Registered(given, 0).Apply(new ToolRepriced(given.Tools[0], EntryTier.Paid, "$20/month", Editor, At));
        var current = Current(alpha, Registered(given, 1));

        var outdated = ApplyingToolFactsEndpoint.OutdatedFacts(given.State, current);
        Assert.Equal(["Entry tier of Alpha changed from Freemium to Paid", "Pricing of Alpha changed from Free to start to $20/month"],
            outdated.Select(f => f.Sentence));

        given.Apply(ApplyingToolFactsEndpoint.Decide(given.State, new ApplyToolFacts(), current, given.Editor, At));

        Assert.Empty(ApplyingToolFactsEndpoint.OutdatedFacts(given.State, current));
        Assert.Equal(("$20/month", EntryTier.Paid, At), (given.State.Tools[0].PricingRead, given.State.Tools[0].EntryTier, given.State.Tools[0].PricedAt));
    }

    [Fact]
    public void applying_records_the_old_and_new_values_for_each_tool_that_moved()
    {
        var given = Given.Comparison();
        var beta = Registered(given, 1).Apply(new ToolRedescribed(given.Tools[1], "Beta", "Beta, retold", "Beta at length", Editor, At));

        var e = ApplyingToolFactsEndpoint.Decide(given.State, new ApplyToolFacts(), Current(Registered(given, 0), beta), given.Editor, At)
            .ShouldAppendOne<ToolFactsApplied>();

        Assert.Equal(given.Tools[1], e.ToolId);
        var change = Assert.Single(e.Changes);
        Assert.Equal(("tagline", "Beta in a line", "Beta, retold"), (change.Fact, change.Before, change.After));
        Assert.Equal("Beta, retold", e.Facts.Tagline);
    }

    [Fact]
    public void nothing_moved_means_nothing_to_apply()
    {
        var given = Given.Comparison();

        var outcome = ApplyingToolFactsEndpoint.Decide(given.State, new ApplyToolFacts(), Current(Registered(given, 0), Registered(given, 1)), given.Editor, At);

        Assert.Same(Outcome.Unchanged, outcome);
    }

    [Fact]
    public void applying_the_facts_of_a_tool_outside_the_comparison_is_not_found()
    {
        var given = Given.Comparison();

        var problem = ApplyingToolFactsEndpoint.Decide(given.State, new ApplyToolFacts(Guid.NewGuid()), Current(), given.Editor, At).ShouldBeProblem(404);

        Assert.EndsWith("not-found", problem.Type);
    }

    [Fact]
    public void after_publication_applied_facts_ask_for_a_correction_whose_note_says_what_changed()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        var v1 = PublishingEndpoint.Decide(given.State, null, given.Editor, At).ShouldAppendOne<ScorecardPublished>();
        given.With(v1);
        Assert.EndsWith("already-published", PublishingEndpoint.Decide(given.State, null, given.Editor, At).ShouldBeProblem(409).Type);

        var alpha = Registered(given, 0).Apply(new ToolRepriced(given.Tools[0], EntryTier.Freemium, "$20/month", Editor, At));
        given.Apply(ApplyingToolFactsEndpoint.Decide(given.State, new ApplyToolFacts(given.Tools[0]), Current(alpha, Registered(given, 1)), given.Editor, At));
        Assert.True(given.State.NeedsCorrection);

        var v2 = PublishingEndpoint.Decide(given.State, null, given.Editor, At.AddMinutes(1)).ShouldAppendOne<ScorecardPublished>();

        Assert.True(v2.IsCorrection);
        Assert.Equal("Pricing of Alpha changed from Free to start to $20/month.", v2.Note);
        Assert.Equal("$20/month", v2.Content.Tools[0].PricingRead);
        // The released version 1 keeps the facts it was published on.
        Assert.Equal("Free to start", v1.Content.Tools[0].PricingRead);
        given.With(v2);
        Assert.Empty(given.State.AppliedFacts);
    }

    [Fact]
    public void an_editors_own_note_on_such_a_correction_is_kept()
    {
        var given = Given.Comparison().Verdicts("SS", "SK").BottomLine();
        given.With(PublishingEndpoint.Decide(given.State, null, given.Editor, At).ShouldAppendOne<ScorecardPublished>());
        var alpha = Registered(given, 0).Apply(new ToolRepriced(given.Tools[0], EntryTier.Paid, "$20/month", Editor, At));
        given.Apply(ApplyingToolFactsEndpoint.Decide(given.State, new ApplyToolFacts(), Current(alpha, Registered(given, 1)), given.Editor, At));

        var v2 = PublishingEndpoint.Decide(given.State, "Alpha now charges.", given.Editor, At).ShouldAppendOne<ScorecardPublished>();

        Assert.Equal("Alpha now charges.", v2.Note);
    }

    [Theory]
    [InlineData(638_000_000_000_000_004L, 638_000_000_000_000_000L)]
    [InlineData(638_000_000_000_000_016L, 638_000_000_000_000_020L)]
    [InlineData(638_000_000_000_000_010L, 638_000_000_000_000_010L)]
    public void a_cursors_time_is_rounded_to_whole_microseconds(long ticks, long expected)
    {
        Assert.Equal(expected, Paging.Microseconds(new DateTimeOffset(ticks, TimeSpan.Zero)).UtcTicks);
    }
}
