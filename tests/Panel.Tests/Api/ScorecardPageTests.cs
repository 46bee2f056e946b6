using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Panel.Demo;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>The human page shows what the JSON scorecard says, for every tool.</summary>
public class ScorecardPageTests(AppFixture fixture) : ApiTest(fixture)
{
    private static void AssertPageMatchesJson(IDocument page, JsonNode card)
    {
        Assert.Equal((string)card["title"]!, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Single(page.QuerySelectorAll("h1"));

        foreach (var tool in card["tools"]!.AsArray())
        {
            var t = tool!;
            var el = page.ToolCard(Guid.Parse((string)t["toolId"]!));
            Assert.Equal((string)t["name"]!, el.QuerySelector("h3")!.TextContent.Trim());
            Assert.Equal((string)t["category"]!, el.QuerySelector(".category")!.TextContent.Trim());
            Assert.Equal((string)t["tagline"]!, el.QuerySelector(".tagline")!.TextContent.Trim());
            Assert.Equal((string)t["description"]!, el.QuerySelector(".description")!.TextContent.Trim());
            Assert.Contains((string)t["pricingRead"]!, el.QuerySelector(".pricing")!.TextContent);
            Assert.Equal(Percent(t["shipPercent"]), el.Figure("panel-ship"));
            Assert.Equal(Percent(t["communityPercent"]), el.Figure("community"));
            Assert.Equal((string)t["entryTier"]!, el.Figure("entry"));
            // Sample size beside the percentage.
            Assert.Contains($"{(int)t["ship"]!} of {(int)t["sampleSize"]!}", el.QuerySelector(".panel-ship .sample")!.TextContent);
        }

        var quotes = page.QuerySelectorAll(".quote-list > li");
        Assert.Equal(card["quotes"]!.AsArray().Count, quotes.Length);
        foreach (var (q, li) in card["quotes"]!.AsArray().Zip(quotes))
        {
            Assert.Equal((string)q!["reviewerName"]!, li.QuerySelector(".reviewer")!.TextContent.Trim());
            Assert.Equal((string)q["angle"]!, li.QuerySelector(".angle")!.TextContent.Trim());
            Assert.Equal((string)q["toolName"]!, li.QuerySelector(".tool-name")!.TextContent.Trim());
            if ((bool)q["withdrawn"]!)
                Assert.Equal("Withdrawn", li.QuerySelector(".verdict")!.TextContent.Trim());
            else
            {
                Assert.Equal((string)q["decision"]!, li.QuerySelector(".verdict")!.TextContent.Trim());
                Assert.Equal((string)q["quote"]!, li.QuerySelector("blockquote")!.TextContent.Trim());
            }
        }

        Assert.Contains((string)card["pick"]!["summary"]!, page.QuerySelector(".pick")!.TextContent);
        Assert.Contains((string)card["method"]!, page.QuerySelector(".method")!.TextContent);
        Assert.Contains($"Version {(int)card["version"]!}", page.QuerySelector(".intro .meta")!.TextContent);
    }

    private static string Percent(JsonNode? value) => value is null ? "—" : $"{(int)value}%";

    [Fact]
    public async Task the_demo_page_carries_every_figure_of_the_seed_page()
    {
        await new DemoData(TimeProvider.System, Host.Services.GetRequiredService<Panel.Evidence.Signer>(), NullLogger<DemoData>.Instance).Populate(Store, CancellationToken.None);
        var card = await Api.Get($"/api/scorecards/{DemoData.ComparisonId}");
        var (page, result) = await HtmlPages.Open(Host, $"/scorecards/{DemoData.ComparisonId}");

        Assert.StartsWith("text/html", result.Context.Response.ContentType);
        AssertPageMatchesJson(page, card);
        Assert.Equal("100%", page.ToolCard(DemoData.GemmaId).Figure("panel-ship"));
        Assert.Equal("50%", page.ToolCard(DemoData.MlInternId).Figure("panel-ship"));
        Assert.Equal("—", page.ToolCard(DemoData.GemmaId).Figure("community"));
        Assert.Equal("Free", page.ToolCard(DemoData.GemmaId).Figure("entry"));
        Assert.Equal("Paid", page.ToolCard(DemoData.MlInternId).Figure("entry"));
        Assert.Null(page.QuerySelector(".correction"));
        Assert.Contains("2 ship both, 2 ship only Gemma 3 27B Open Weights", page.QuerySelector(".split")!.TextContent);
    }

    [Fact]
    public async Task a_three_tool_correction_shows_its_notice_its_figures_and_its_earlier_version()
    {
        var panel = await Api.PublishedPanel("SSK", "SKK", "KSS");
        await Api.Verdict(panel.Reviewers[2], panel.Id, panel.Tools[0], "Ship", "Changed my mind.", reason: "Retested");
        await Api.Publish(panel.Editor, panel.Id, note: "Reviewer 3 revised their verdict on tool A.");

        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        AssertPageMatchesJson(page, card);
        Assert.Equal("100%", page.ToolCard(panel.Tools[0]).Figure("panel-ship"));
        Assert.Equal("67%", page.ToolCard(panel.Tools[1]).Figure("panel-ship"));
        Assert.Equal("33%", page.ToolCard(panel.Tools[2]).Figure("panel-ship"));

        var notice = page.QuerySelector(".correction")!;
        Assert.Contains("Reviewer 3 revised their verdict on tool A.", notice.TextContent);
        var versions = page.QuerySelectorAll(".versions a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/scorecards/{panel.Id}/versions/1", $"/scorecards/{panel.Id}/versions/2"], versions);

        var (first, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}/versions/1");
        AssertPageMatchesJson(first, await Api.Get($"/api/scorecards/{panel.Id}/versions/1"));
        Assert.Equal("67%", first.ToolCard(panel.Tools[0]).Figure("panel-ship"));
        Assert.Null(first.QuerySelector(".correction"));
        Assert.Contains("earlier version", first.QuerySelector(".intro .meta")!.TextContent);
    }

    [Fact]
    public async Task a_small_panel_marks_its_figures_provisional_shows_their_intervals_and_the_minority_view()
    {
        // Three reviewers: Alpha 3 of 3 ship, Beta 1 ship against 2 skip; then a panel of two.
        var three = await Api.PublishedPanel("SS", "SK", "SK");
        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{three.Id}");

        Assert.Empty(page.QuerySelectorAll("[data-provisional]"));
        Assert.Equal(["44-100", "6-79"], page.QuerySelectorAll("[data-interval]").Select(e => e.GetAttribute("data-interval")!));
        var minority = page.QuerySelectorAll("li.quote.minority");
        var quote = Assert.Single(minority);
        Assert.Contains("Ship", quote.QuerySelector(".verdict")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll(".split svg rect.interval").Length);

        var two = await Api.PublishedPanel("SS", "SK");
        var (small, _) = await HtmlPages.Open(Host, $"/scorecards/{two.Id}");
        Assert.Equal(2, small.QuerySelectorAll("[data-provisional]").Length);
        Assert.Contains("with so few, the true figure could be anywhere from 9 % to 91 %", small.Body!.TextContent);
        var card = await Api.Get($"/api/scorecards/{two.Id}");
        Assert.True((bool)card["tools"]![1]!["provisional"]!);
    }

    [Fact]
    public async Task the_split_is_drawn_with_a_text_alternative_for_every_tool()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");

        var bars = page.QuerySelectorAll(".split svg[role='img']");
        Assert.Equal(2, bars.Length);
        Assert.EndsWith(": 2 ship, 0 skip", bars[0].GetAttribute("aria-label"));
        Assert.EndsWith(": 1 ship, 1 skip", bars[1].GetAttribute("aria-label"));
        Assert.Equal("50", page.QuerySelectorAll(".split svg")[1].QuerySelector("rect.ship")!.GetAttribute("width"));
    }

    [Fact]
    public async Task the_page_is_accessible_in_its_structure()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector("meta[name='viewport']"));
        // Every form control has a label, and the radio group a legend.
        Assert.All(page.QuerySelectorAll("input[type='radio']"), input => Assert.Equal("LABEL", input.ParentElement!.TagName));
        Assert.NotNull(page.QuerySelector(".community-vote fieldset legend"));
        // Every picture has a text alternative.
        Assert.All(page.QuerySelectorAll("svg"), svg => Assert.False(string.IsNullOrWhiteSpace(svg.GetAttribute("aria-label"))));
        // Headings do not skip levels.
        var levels = page.QuerySelectorAll("h1, h2, h3").Select(h => h.TagName[1] - '0').ToList();
        Assert.Equal(1, levels[0]);
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1));
    }

    [Fact]
    public async Task the_index_lists_published_comparisons_newest_first_with_their_figures()
    {
        var first = await Api.PublishedPanel("SS", "SK");
        var second = await Api.PublishedPanel("KS");
        var unpublished = await Api.CompletedPanel("SS");

        var (page, _) = await HtmlPages.Open(Host, "/");
        var links = page.QuerySelectorAll(".index > li h2 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/scorecards/{second.Id}", $"/scorecards/{first.Id}"], links);
        Assert.DoesNotContain($"/scorecards/{unpublished.Id}", links);

        var figures = page.QuerySelectorAll(".index > li")[1].QuerySelectorAll("[data-figure='panel-ship']").Select(x => x.TextContent).ToList();
        Assert.Equal(["100%", "50%"], figures);
        // Sample size beside every percentage, here too.
        var samples = page.QuerySelectorAll(".index > li")[1].QuerySelectorAll(".index-tools .sample").Select(x => x.TextContent).ToList();
        Assert.Equal(["(2 of 2 reviewers)", "(1 of 2 reviewers)"], samples);
    }

    [Fact]
    public async Task an_unknown_or_unpublished_scorecard_is_a_404_page()
    {
        var unpublished = await Api.CompletedPanel("SS");
        var (page, result) = await HtmlPages.Open(Host, $"/scorecards/{unpublished.Id}", 404);
        Assert.StartsWith("text/html", result.Context.Response.ContentType);
        Assert.Equal("Not found", page.QuerySelector("h1")!.TextContent);
        await HtmlPages.Open(Host, $"/scorecards/{Guid.NewGuid()}", 404);
        await HtmlPages.Open(Host, $"/scorecards/{unpublished.Id}/versions/1", 404);
    }

    [Fact]
    public async Task the_vote_form_works_without_javascript()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");

        var form = page.QuerySelector(".community-vote form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal($"/scorecards/{panel.Id}/votes", form.GetAttribute("action"));
        var choices = form.QuerySelectorAll("input[name='toolId']").Select(i => Guid.Parse(i.GetAttribute("value")!)).ToList();
        Assert.Equal(panel.Tools, choices);
        Assert.Empty(page.QuerySelectorAll("script"));
    }
}
