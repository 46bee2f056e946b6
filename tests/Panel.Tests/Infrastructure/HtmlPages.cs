using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Alba;

namespace Panel.Tests.Infrastructure;

/// <summary>Fetches a page through the real pipeline and parses it as a browser's HTML parser would.</summary>
public static class HtmlPages
{
    public static async Task<(IDocument Document, IScenarioResult Result)> Open(IAlbaHost host, string url, int status = 200)
    {
        var result = await host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        var document = await new HtmlParser().ParseDocumentAsync(await result.ReadAsTextAsync());
        return (document, result);
    }

    /// <summary>
    /// What is wrong with an answer that should be a whole page (an HTML document with lang="en", a title
    /// and a heading, as axe-core's document-title and html-has-lang require); null when it is one.
    /// </summary>
    public static async Task<string?> NotAFullPage(HttpResponseMessage response)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        var text = await response.Content.ReadAsStringAsync();
        if (type != "text/html") return $"answered {type ?? "no content type"}: {text[..Math.Min(120, text.Length)]}";
        var document = await new HtmlParser().ParseDocumentAsync(text);
        if (document.DocumentElement.GetAttribute("lang") != "en") return "the page has no <html lang=\"en\">";
        if (string.IsNullOrWhiteSpace(document.Title)) return "the page has no <title>";
        if (document.QuerySelector("main h1") is null) return "the page has no heading in <main>";
        return null;
    }

    /// <summary>The tool card of one tool on a scorecard page.</summary>
    public static IElement ToolCard(this IDocument page, Guid toolId) =>
        page.QuerySelector($"section.tool[data-tool-id='{toolId}']") ?? throw new Xunit.Sdk.XunitException($"No card for tool {toolId}");

    public static string Figure(this IElement card, string name) =>
        card.QuerySelector($"[data-figure='{name}']")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"No figure {name}");
}
