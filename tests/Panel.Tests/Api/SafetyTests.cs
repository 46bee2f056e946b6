using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Whatever people write shows as text, and the pages carry a policy they themselves satisfy.</summary>
public class SafetyTests(AppFixture fixture) : ApiTest(fixture)
{
    private const string Hostile = "<script>alert('quote')</script><img src=x onerror=alert(1)>\"&'";

    [Fact]
    public async Task a_quote_holding_markup_shows_as_text_on_the_page_feed_and_json()
    {
        var editor = await Api.User("Editor");
        var a = await Api.Tool(editor, "<b>Bold</b> & Co");
        var b = await Api.Tool(editor, "Plain");
        var id = await Api.Comparison(editor, "<script>alert('title')</script>", [a, b]);
        var reviewer = await Api.User("Reviewer", "<i>Mallory</i>");
        await Api.Seat(editor, id, reviewer, "<u>angle</u>");
        await Api.Verdict(reviewer, id, a, "Ship", Hostile);
        await Api.Verdict(reviewer, id, b, "Skip", "fine");
        await Api.Publish(editor, id);

        var (page, result) = await HtmlPages.Open(Host, $"/scorecards/{id}");
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("img"));
        Assert.Empty(page.QuerySelectorAll("main b, main i, main u"));
        Assert.Equal(Hostile, page.QuerySelector("blockquote")!.TextContent.Trim());
        Assert.Equal("<script>alert('title')</script>", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("<i>Mallory</i>", page.QuerySelector(".reviewer")!.TextContent.Trim());
        Assert.DoesNotContain("<script>", await result.ReadAsTextAsync());

        var feed = await Host.Scenario(s => s.Get.Url("/feed.atom"));
        var xml = System.Xml.Linq.XDocument.Parse(await feed.ReadAsTextAsync());
        Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "title" && e.Value == "<script>alert('title')</script>");
    }

    [Fact]
    public async Task pages_send_a_content_security_policy_and_the_usual_security_headers()
    {
        var panel = await Api.PublishedPanel("SS");

        foreach (var url in new[] { "/", $"/scorecards/{panel.Id}" })
        {
            var (page, result) = await HtmlPages.Open(Host, url);
            var headers = result.Context.Response.Headers;
            var csp = headers.ContentSecurityPolicy.ToString();
            Assert.Contains("default-src 'none'", csp);
            Assert.Contains("style-src 'self'", csp);
            Assert.Contains("form-action 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
            Assert.Equal("DENY", headers.XFrameOptions.ToString());

            // The page satisfies its own policy: no scripts, no inline styles, no foreign resources.
            Assert.Empty(page.QuerySelectorAll("script, style, [style]"));
            Assert.All(page.QuerySelectorAll("link[rel='stylesheet']"), l => Assert.StartsWith("/", l.GetAttribute("href")));
            Assert.All(page.QuerySelectorAll("form"), f => Assert.StartsWith("/", f.GetAttribute("action")));
            Assert.All(page.QuerySelectorAll("[onerror], [onclick], [onload]"), _ => Assert.Fail("inline handler"));
        }

        var css = await Host.Scenario(s => s.Get.Url("/assets/panel.css"));
        Assert.StartsWith("text/css", css.Context.Response.ContentType);
    }

    [Fact]
    public async Task json_answers_are_not_sniffed_as_html()
    {
        var result = await Api.Send(HttpMethod.Get, "/api/scorecards", null, null, 200);
        Assert.Equal("nosniff", result.Context.Response.Headers.XContentTypeOptions.ToString());
        Assert.StartsWith("application/json", result.Context.Response.ContentType);
    }
}
