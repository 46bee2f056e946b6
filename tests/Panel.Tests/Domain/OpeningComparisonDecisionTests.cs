using Panel.Comparisons;
using Panel.Comparisons.OpeningComparison;
using Panel.Tools;

namespace Panel.Tests.Domain;

public class OpeningComparisonDecisionTests
{
    private static readonly DateTimeOffset At = Given.T0;

    private static Tool Tool(string name, EntryTier tier = EntryTier.Paid) =>
        Panel.Tools.Tool.Create(new ToolRegistered(Guid.NewGuid(), name, name + " Inc.", "Developer Tools", $"{name} in a line",
            $"{name} at length", tier, $"{name} pricing", Guid.NewGuid(), At.AddDays(-3)));

    [Fact]
    public void opening_freezes_the_tools_facts_in_the_order_given()
    {
        var (alpha, beta) = (Tool("Alpha"), Tool("Beta", EntryTier.Free));
        var known = new[] { alpha, beta }.ToDictionary(t => t.Id);
        var (id, editor) = (Guid.NewGuid(), Guid.NewGuid());

        var e = OpeningComparisonEndpoint.Decide("  Beta vs Alpha  ", [beta.Id, alpha.Id], known, id, editor, At)
            .ShouldAppendOne<ComparisonOpened>();

        Assert.Equal((id, "Beta vs Alpha", editor, At), (e.ComparisonId, e.Title, e.By, e.At));
        Assert.Equal([beta.Id, alpha.Id], e.Tools.Select(t => t.ToolId));
        var frozen = e.Tools[0];
        Assert.Equal((beta.Name, beta.Vendor, beta.EntryTier, beta.PricingRead, beta.PricedAt),
            (frozen.Name, frozen.Vendor, frozen.EntryTier, frozen.PricingRead, frozen.PricedAt));
    }

    [Fact]
    public void opening_on_unregistered_tools_names_them_and_opens_nothing()
    {
        var alpha = Tool("Alpha");
        var unknown = Guid.NewGuid();

        var problem = OpeningComparisonEndpoint.Decide("Alpha vs ?", [alpha.Id, unknown], new Dictionary<Guid, Tool> { [alpha.Id] = alpha },
            Guid.NewGuid(), Guid.NewGuid(), At).ShouldBeProblem(404);

        Assert.Equal([unknown], Assert.IsType<List<Guid>>(problem.Extensions["unknownToolIds"]));
    }

    [Theory]
    [InlineData(1, "A comparison has 2 to 4 tools.")]
    [InlineData(5, "A comparison has 2 to 4 tools.")]
    public void a_comparison_has_two_to_four_tools(int count, string message)
    {
        var problem = OpeningComparisonEndpoint.Validate(new OpenComparison("Title", [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())]));

        Assert.Equal([message], problem.FieldErrors("toolIds"));
    }

    [Fact]
    public void a_tool_appears_once_and_a_title_is_required()
    {
        var twice = Guid.NewGuid();

        var problem = OpeningComparisonEndpoint.Validate(new OpenComparison(" ", [twice, twice]));

        Assert.Equal(["Each tool may appear once."], problem.FieldErrors("toolIds"));
        Assert.Equal(["title is required."], problem.FieldErrors("title"));
    }
}
