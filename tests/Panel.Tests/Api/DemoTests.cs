using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Panel.Comparisons;
using Panel.Demo;
using Panel.People;
using Panel.Tests.Infrastructure;
using Panel.Tools;

namespace Panel.Tests.Api;

/// <summary>The service started with Panel:Demo=true shows the seed page's comparison, once.</summary>
public class DemoTests(AppFixture fixture) : ApiTest(fixture), IAsyncLifetime
{
    private IAlbaHost _demo = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _demo = await AppFixture.StartAsync(demo: true);
        // A reset re-applies the host's initial data: the demo, loaded the way a start loads it.
        await _demo.ResetAllMartenDataAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await _demo.DisposeAsync();

    [Fact]
    public async Task the_demo_scorecard_reproduces_the_seed_page()
    {
        var card = await new Scenarios(_demo).Get($"/api/scorecards/{DemoData.ComparisonId}");

        Assert.Equal("Gemma 3 27B Open Weights vs ml-intern", (string)card["title"]!);
        Assert.Equal(1, (int)card["version"]!);
        var gemma = card["tools"]![0]!;
        var intern = card["tools"]![1]!;
        Assert.Equal(("Gemma 3 27B Open Weights", "Developer Tools", "Free", 100, 4, 0),
            ((string)gemma["name"]!, (string)gemma["category"]!, (string)gemma["entryTier"]!, (int)gemma["shipPercent"]!, (int)gemma["ship"]!, (int)gemma["skip"]!));
        Assert.Equal(("ml-intern", "Developer Tools", "Paid", 50, 2, 2),
            ((string)intern["name"]!, (string)intern["category"]!, (string)intern["entryTier"]!, (int)intern["shipPercent"]!, (int)intern["ship"]!, (int)intern["skip"]!));
        Assert.Equal("Google's 27B open-weight model: run it, fine-tune it, own it", (string)gemma["tagline"]!);
        Assert.Null(gemma["communityPercent"]);
        Assert.Null(intern["communityPercent"]);

        Assert.Equal(8, card["quotes"]!.AsArray().Count);
        Assert.Equal("2 ship both, 2 ship only Gemma 3 27B Open Weights", (string)card["split"]!["summary"]!);
        Assert.Equal(4, card["split"]!["angles"]!.AsArray().Count);
    }

    [Fact]
    public async Task the_demo_scorecard_is_honest_about_its_four_reviewers()
    {
        var api = new Scenarios(_demo);
        var card = await api.Get($"/api/scorecards/{DemoData.ComparisonId}");
        var live = await api.Get($"/api/comparisons/{DemoData.ComparisonId}/scorecard", AppFixture.AdminKey);

        foreach (var tools in new[] { card["tools"]!, live["tools"]! })
        {
            Assert.Equal((51, 100, 0.95, "wilson"), ((int)tools[0]!["shipInterval"]!["low"]!, (int)tools[0]!["shipInterval"]!["high"]!,
                (double)tools[0]!["shipInterval"]!["level"]!, (string)tools[0]!["shipInterval"]!["method"]!));
            Assert.Equal((15, 85), ((int)tools[1]!["shipInterval"]!["low"]!, (int)tools[1]!["shipInterval"]!["high"]!));
            Assert.False((bool)tools[0]!["provisional"]!);
        }
        foreach (var agreement in new[] { card["agreement"]!, live["agreement"]! })
        {
            Assert.Equal(0.222, (double)agreement["alpha"]!);
            Assert.Equal("krippendorff-alpha-nominal", (string)agreement["method"]!);
            Assert.Null(agreement["low"]);
        }

        var page = await _demo.Scenario(s => s.Get.Url($"/scorecards/{DemoData.ComparisonId}"));
        var html = await page.ReadAsTextAsync();
        Assert.Contains("the true figure is likely between 51 % and 100 %", html);
        Assert.Contains("the true figure is likely between 15 % and 85 %", html);
        Assert.Contains("data-alpha=\"0.222\"", html);
        Assert.Contains("alpha 0.22;", html);
        Assert.Contains("The reviewers partly agree.", html);
        // Two of the four skipped ml-intern: a tie, so no quote on it is the minority; none on Gemma is either.
        Assert.DoesNotContain("data-minority", html);
    }

    [Fact]
    public async Task loading_the_demo_again_duplicates_nothing()
    {
        var store = _demo.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.QuerySession())
        {
            Assert.Equal(1, await session.Query<Comparison>().CountAsync());
        }

        var loader = new DemoData(TimeProvider.System, _demo.Services.GetRequiredService<Panel.Evidence.Signer>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<DemoData>.Instance);
        await loader.Populate(store, CancellationToken.None);
        await loader.Populate(store, CancellationToken.None);

        await using var query = store.QuerySession();
        Assert.Equal(1, await query.Query<Comparison>().CountAsync());
        Assert.Equal(2, await query.Query<Tool>().CountAsync());
        Assert.Equal(5, await query.Query<User>().CountAsync());
        Assert.Equal(15, (await query.Events.FetchStreamAsync(DemoData.ComparisonId)).Count);
    }
}
