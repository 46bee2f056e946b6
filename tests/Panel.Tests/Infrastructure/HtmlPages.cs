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

    /// <summary>The tool card of one tool on a scorecard page.</summary>
    public static IElement ToolCard(this IDocument page, Guid toolId) =>
        page.QuerySelector($"section.tool[data-tool-id='{toolId}']") ?? throw new Xunit.Sdk.XunitException($"No card for tool {toolId}");

    public static string Figure(this IElement card, string name) =>
        card.QuerySelector($"[data-figure='{name}']")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"No figure {name}");
}
