using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Tool pages: a tool's record across published comparisons, as JSON and as a page.</summary>
public class ToolPageTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_tools_record_lists_every_published_comparison_it_was_in_newest_first()
    {
        var editor = await Api.User("Editor");
        var shared = await Api.Tool(editor, "ml-intern");
        var a = await Api.Tool(editor, "Gemma 4");
        var b = await Api.Tool(editor, "Copilot");
        var reviewer1 = await Api.User("Reviewer");
        var reviewer2 = await Api.User("Reviewer");

        async Task<Guid> Published(string title, Guid other, string first, string second)
        {
            var id = await Api.Comparison(editor, title, [shared, other]);
            await Api.Seat(editor, id, reviewer1, "skeptic");
            await Api.Seat(editor, id, reviewer2, "buyer");
            await Api.Verdict(reviewer1, id, shared, first);
            await Api.Verdict(reviewer1, id, other, "Ship");
            await Api.Verdict(reviewer2, id, shared, second);
            await Api.Verdict(reviewer2, id, other, "Skip");
            await Api.Publish(editor, id);
            return id;
        }
        var older = await Published("ml-intern vs Gemma", a, "Ship", "Ship");
        var newer = await Published("ml-intern vs Copilot", b, "Ship", "Skip");
        var unpublished = await Api.Comparison(editor, "Not yet", [shared, a]);

        var record = await Api.Get($"/api/tools/{shared}/record");

        Assert.Equal("ml-intern", (string)record["name"]!);
        var comparisons = record["comparisons"]!.AsArray();
        Assert.Equal([newer, older], comparisons.Select(c => (Guid)c!["comparisonId"]!));
        Assert.DoesNotContain(comparisons, c => (Guid)c!["comparisonId"]! == unpublished);
        var latest = comparisons[0]!;
        Assert.Equal("ml-intern vs Copilot", (string)latest["title"]!);
        Assert.Equal(50, (int)latest["shipPercent"]!);
        Assert.Equal((1, 1), ((int)latest["ship"]!, (int)latest["skip"]!));
        Assert.Equal(["Copilot"], latest["against"]!.AsArray().Select(x => (string)x!));
        Assert.Equal(100, (int)comparisons[1]!["shipPercent"]!);
        Assert.True(DateTimeOffset.Parse((string)latest["publishedAt"]!) >= DateTimeOffset.Parse((string)comparisons[1]!["publishedAt"]!));
        Assert.Equal(older, (Guid)Assert.Single((await Api.Get($"/api/tools/{a}/record"))["comparisons"]!.AsArray())!["comparisonId"]!);
    }

    [Fact]
    public async Task a_correction_updates_the_tools_record_and_keeps_when_it_was_first_published()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var first = (await Api.Get($"/api/tools/{panel.Tools[1]}/record"))["comparisons"]![0]!;
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Changed my mind.", "Tried it again.");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 2 revised.");

        var entry = Assert.Single((await Api.Get($"/api/tools/{panel.Tools[1]}/record"))["comparisons"]!.AsArray())!;

        Assert.Equal(2, (int)entry["version"]!);
        Assert.Equal(100, (int)entry["shipPercent"]!);
        Assert.Equal((string)first["publishedAt"]!, (string)entry["firstPublishedAt"]!);
    }

    [Fact]
    public async Task a_tool_with_no_published_comparison_has_an_empty_record_and_an_unknown_tool_is_404()
    {
        var editor = await Api.User("Editor");
        var tool = await Api.Tool(editor, "Lonely");

        Assert.Empty((await Api.Get($"/api/tools/{tool}/record"))["comparisons"]!.AsArray());
        var problem = await Api.Get($"/api/tools/{Guid.NewGuid()}/record", status: 404);
        Assert.EndsWith("not-found", (string)problem["type"]!);
        var (page, result) = await HtmlPages.Open(Host, $"/tools/{Guid.NewGuid()}", 404);
        Assert.StartsWith("text/html", result.Context.Response.ContentType);
        Assert.Equal("Not found", page.QuerySelector("h1")!.TextContent);
        (page, _) = await HtmlPages.Open(Host, $"/tools/{tool}");
        Assert.Contains("not been in a published comparison yet", page.QuerySelector(".placeholder")!.TextContent);
    }

    [Fact]
    public async Task the_tool_page_shows_what_the_json_record_says()
    {
        var panel = await Api.PublishedPanel("SS", "SK", "KK");
        var record = await Api.Get($"/api/tools/{panel.Tools[1]}/record");

        var (page, result) = await HtmlPages.Open(Host, $"/tools/{panel.Tools[1]}");

        Assert.Equal((string)record["name"]!, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains((string)record["pricingRead"]!, page.QuerySelector(".pricing")!.TextContent);
        Assert.Equal((string)record["entryTier"]!, page.QuerySelector("[data-figure='entry']")!.TextContent);
        var item = Assert.Single(page.QuerySelectorAll(".record > li"));
        Assert.Equal($"/scorecards/{panel.Id}", item.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("33%", item.QuerySelector("[data-figure='panel-ship']")!.TextContent);
        Assert.Contains("1 ship, 2 skip", item.QuerySelector("[data-figure='verdicts']")!.TextContent);
        Assert.Contains("no-cache", result.Context.Response.Headers.CacheControl.ToString());
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task each_tool_name_on_a_scorecard_page_links_to_its_tool_page()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");

        foreach (var tool in panel.Tools)
        {
            var link = page.ToolCard(tool).QuerySelector("a.tool-link")!;
            Assert.Equal($"/tools/{tool}", link.GetAttribute("href"));
            Assert.Equal(page.ToolCard(tool).QuerySelector("h3")!.TextContent, link.TextContent);
        }
    }

    [Fact]
    public async Task the_record_is_public_and_rebuilds_to_the_same_rows()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[0], "Skip", "Changed my mind.", "Tried it again.");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 2 revised.");
        var before = (await Api.Get($"/api/tools/{panel.Tools[0]}/record")).ToJsonString();
        Assert.Contains("\"version\":2", before);

        using (var daemon = await Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<Panel.Tools.Record.ToolAppearanceProjection>(CancellationToken.None);

        Assert.Equal(before, (await Api.Get($"/api/tools/{panel.Tools[0]}/record")).ToJsonString());
    }
}
