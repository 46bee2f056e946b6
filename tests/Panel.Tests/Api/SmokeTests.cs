using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class SmokeTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_completed_panel_publishes_its_figures()
    {
        var panel = await Api.CompletedPanel("SS", "SK", "SS", "SK");
        var published = await Api.Publish(panel.Editor, panel.Id);
        Assert.Equal(1, (int)published["version"]!);

        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(100, (int)card["tools"]![0]!["shipPercent"]!);
        Assert.Equal(50, (int)card["tools"]![1]!["shipPercent"]!);
        Assert.Null(card["tools"]![0]!["communityPercent"]);
    }
}
