using System.Xml.Linq;
using Alba;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class BadgeAndFeedTests(AppFixture fixture) : ApiTest(fixture)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task a_badge_is_an_svg_with_the_tools_panel_ship_figure()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        var result = await Host.Scenario(s => s.Get.Url($"/scorecards/{panel.Id}/badges/{panel.Tools[1]}.svg"));
        Assert.StartsWith("image/svg+xml", result.Context.Response.ContentType);
        Assert.Contains("max-age", result.Context.Response.Headers.CacheControl.ToString());
        var svg = XDocument.Parse(await result.ReadAsTextAsync()).Root!;
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).Distinct().ToList();
        Assert.Equal(["panel ship", "50%"], texts);
        // Two verdicts are below the minimum of three: the figure is shown, marked provisional, with its interval.
        Assert.EndsWith("panel ship 50% (provisional; 95 % interval 9–91%)", svg.Element(Svg + "title")!.Value);
        Assert.NotNull(svg.Descendants(Svg + "rect").SingleOrDefault(r => (string?)r.Attribute("class") == "provisional"));
    }

    [Fact]
    public async Task a_badge_is_cacheable_and_answers_304_to_its_etag()
    {
        var panel = await Api.PublishedPanel("SS");
        var url = $"/scorecards/{panel.Id}/badges/{panel.Tools[0]}.svg";

        var first = await Host.Scenario(s => s.Get.Url(url));
        var etag = first.Context.Response.Headers.ETag.ToString();
        Assert.False(string.IsNullOrEmpty(etag));
        await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(304);
        });

        // If-None-Match may list several tags (RFC 9110 §13.1.2); one of them matching is enough.
        await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", $"\"0123456789abcdef\", {etag}");
            s.StatusCodeShouldBe(304);
        });

        // A correction that changes the figure changes the badge and its ETag.
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Skip", "No.", reason: "Changed my mind");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 1 now skips.");
        var after = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", etag);
        });
        Assert.NotEqual(etag, after.Context.Response.Headers.ETag.ToString());
        Assert.Contains(">0%<", await after.ReadAsTextAsync());
    }

    [Fact]
    public async Task badges_of_unknown_things_are_404()
    {
        var panel = await Api.PublishedPanel("SS");
        await Host.Scenario(s => { s.Get.Url($"/scorecards/{panel.Id}/badges/{Guid.NewGuid()}.svg"); s.StatusCodeShouldBe(404); });
        await Host.Scenario(s => { s.Get.Url($"/scorecards/{Guid.NewGuid()}/badges/{panel.Tools[0]}.svg"); s.StatusCodeShouldBe(404); });
        await Host.Scenario(s => { s.Get.Url($"/scorecards/{panel.Id}/badges/nonsense.png"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task the_feed_is_atom_with_publications_and_corrections_newest_first()
    {
        var first = await Api.PublishedPanel("SS", "SK");
        var second = await Api.PublishedPanel("KS");
        await Api.Verdict(first.Reviewers[1], first.Id, first.Tools[1], "Ship", "Better now.", reason: "New release");
        await Api.Publish(first.Editor, first.Id, "Reviewer 2 re-tested tool B.");

        var result = await Host.Scenario(s => s.Get.Url("/feed.atom"));
        Assert.StartsWith("application/atom+xml", result.Context.Response.ContentType);
        var feed = XDocument.Parse(await result.ReadAsTextAsync()).Root!;

        Assert.Equal(Atom + "feed", feed.Name);
        Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + "id")?.Value));
        Assert.Equal("Panel scorecards", feed.Element(Atom + "title")!.Value);
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(3, entries.Count);
        var updated = entries.Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value)).ToList();
        Assert.Equal(updated.OrderByDescending(x => x), updated);
        Assert.Equal(DateTimeOffset.Parse(feed.Element(Atom + "updated")!.Value), updated[0]);
        Assert.All(entries, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Element(Atom + "id")?.Value));
            Assert.False(string.IsNullOrWhiteSpace(e.Element(Atom + "title")?.Value));
            Assert.StartsWith("http", (string?)e.Element(Atom + "link")?.Attribute("href"));
        });
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());

        var correction = entries[0];
        Assert.Equal("correction", (string?)correction.Element(Atom + "category")?.Attribute("term"));
        Assert.Contains("Reviewer 2 re-tested tool B.", correction.Element(Atom + "summary")!.Value);
        Assert.EndsWith($"/scorecards/{first.Id}/versions/2", (string?)correction.Element(Atom + "link")!.Attribute("href"));
    }

    [Fact]
    public async Task names_with_characters_xml_cannot_hold_still_give_a_badge_and_a_feed()
    {
        // Noncharacters are valid JSON and valid text, so they are stored; XML 1.0 has no way to write them.
        var editor = await Api.User("Editor");
        var tools = new[] { await Api.Tool(editor, "Bell\uFFFETool"), await Api.Tool(editor, "Other\uFFFF") };
        var id = await Api.Comparison(editor, "Title \uFFFF here", tools);
        var reviewer = await Api.User("Reviewer");
        await Api.Seat(editor, id, reviewer, "skeptic");
        foreach (var tool in tools) await Api.Verdict(reviewer, id, tool, "Ship");
        await Api.Publish(editor, id);

        var badge = await Host.Scenario(s => s.Get.Url($"/scorecards/{id}/badges/{tools[0]}.svg"));
        var svg = XDocument.Parse(await badge.ReadAsTextAsync()).Root!;
        Assert.Equal("BellTool: panel ship 100% (provisional; 95 % interval 21–100%)", svg.Element(Svg + "title")!.Value);

        var feed = await Host.Scenario(s => s.Get.Url("/feed.atom"));
        var entry = XDocument.Parse(await feed.ReadAsTextAsync()).Root!.Element(Atom + "entry")!;
        Assert.Equal("Title  here", entry.Element(Atom + "title")!.Value);
        Assert.StartsWith("BellTool: 100% panel ship", entry.Element(Atom + "summary")!.Value);
    }
}
