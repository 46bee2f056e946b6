using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Panel.Demo;
using Panel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Panel.Tests.Browser;

/// <summary>
/// A person with a real browser (Debian's Chromium, headless) reads the demo page, votes with the
/// form, and sees the community figure change. Screenshots land in artifacts/screenshots/.
/// </summary>
public class DemoPageBrowserTests(AppFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    public static string Chromium =>
        Environment.GetEnvironmentVariable("PANEL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    [Fact]
    public async Task a_reader_sees_the_figures_votes_with_the_form_and_sees_the_community_figure_change()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: ./test.sh installs Debian's chromium package.");
        var clock = Stopwatch.StartNew();

        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            // A database of its own: the service's background work (event subscription, scheduled messages)
            // must not act on the shared test host's data.
            ["ConnectionStrings__Marten"] = await TestDatabases.CreateAsync("panel_browser"),
            ["Panel__AdminKey"] = AppFixture.AdminKey,
            ["Panel__Demo"] = "true"
        });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in a container has no sandbox; the rest keeps Chromium off the (absent) network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var url = $"{service.BaseUrl}/scorecards/{DemoData.ComparisonId}";
        var response = await page.GotoAsync(url);
        Assert.Equal(200, response!.Status);

        var gemma = page.Locator($"section.tool[data-tool-id='{DemoData.GemmaId}']");
        var intern = page.Locator($"section.tool[data-tool-id='{DemoData.MlInternId}']");
        Assert.Equal("Gemma 3 27B Open Weights vs ml-intern", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("100%", await gemma.Locator("[data-figure='panel-ship']").InnerTextAsync());
        Assert.Equal("50%", await intern.Locator("[data-figure='panel-ship']").InnerTextAsync());
        Assert.Equal("—", await gemma.Locator("[data-figure='community']").InnerTextAsync());
        Assert.Equal("—", await intern.Locator("[data-figure='community']").InnerTextAsync());
        Assert.Equal("Free", await gemma.Locator("[data-figure='entry']").InnerTextAsync());
        Assert.Equal("Paid", await intern.Locator("[data-figure='entry']").InnerTextAsync());
        Assert.True(await page.Locator(".split svg").First.IsVisibleAsync());
        Assert.Equal(8, await page.Locator(".quote-list > li").CountAsync());
        // The editorial record: the editor's bottom line, and every reviewer's (empty) declaration beside their quotes.
        Assert.Equal(DemoData.BottomLine, (await page.Locator(".editors-verdict .bottom-line").InnerTextAsync()).Trim());
        Assert.Equal(8, await page.Locator(".quote .declaration", new() { HasText = "No conflicts declared" }).CountAsync());

        // The stylesheet loaded under the page's own Content-Security-Policy: the layout is styled.
        var columns = await page.EvalOnSelectorAsync<string>(".tools", "e => getComputedStyle(e).display");
        Assert.Equal("grid", columns);

        var screenshots = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "demo-scorecard.png"), FullPage = true });

        await page.GetByRole(AriaRole.Radio, new() { Name = "ml-intern", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cast my vote" }).ClickAsync();
        await page.WaitForURLAsync("**/scorecards/**?voted=1#community");

        Assert.Equal("100%", await intern.Locator("[data-figure='community']").InnerTextAsync());
        Assert.Equal("0%", await gemma.Locator("[data-figure='community']").InnerTextAsync());
        Assert.Contains("your vote is counted", await page.Locator(".thanks").InnerTextAsync());

        // The same reader changes their mind: the vote is replaced, not added.
        await page.GetByRole(AriaRole.Radio, new() { Name = "Gemma 3 27B Open Weights", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cast my vote" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("100%", await gemma.Locator("[data-figure='community']").InnerTextAsync());
        Assert.StartsWith("1 of 1 vote ·", (await gemma.Locator(".community .sample").InnerTextAsync()).Trim());

        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "demo-scorecard-phone.png"), FullPage = true });

        output.WriteLine($"Browser test took {clock.Elapsed.TotalSeconds:0.0} s (service start included).");
    }

    [Fact]
    public async Task a_reader_of_a_retracted_comparison_sees_the_notice_the_marked_figures_the_declarations_and_no_vote_form()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: ./test.sh installs Debian's chromium package.");
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = await TestDatabases.CreateAsync("panel_browser_retracted"),
            ["Panel__AdminKey"] = AppFixture.AdminKey
        });
        async Task<JsonNode> Call(HttpMethod method, string path, string token, object body)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(method, service.BaseUrl + path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }
        async Task<(Guid Id, string Token)> Person(string name, string role)
        {
            var created = await Call(HttpMethod.Post, "/api/users", AppFixture.AdminKey, new { name, role });
            return ((Guid)created["id"]!, (string)created["token"]!);
        }
        async Task<Guid> Tool(string editorToken, string name) => (Guid)(await Call(HttpMethod.Post, "/api/tools", editorToken, new
        {
            name,
            vendor = name + " Labs",
            category = "Developer Tools",
            tagline = $"{name} in a line",
            description = $"{name} at length.",
            entryTier = "Free",
            pricingRead = "Free to start."
        }))["id"]!;

        var editor = await Person("Eda Editor", "Editor");
        var ada = await Person("Ada Reviewer", "Reviewer");
        var bo = await Person("Bo Reviewer", "Reviewer");
        var quill = await Tool(editor.Token, "Quillpad");
        var tess = await Tool(editor.Token, "Tessellate");
        var id = (Guid)(await Call(HttpMethod.Post, "/api/comparisons", editor.Token, new { title = "Quillpad vs Tessellate", toolIds = new[] { quill, tess } }))["id"]!;
        foreach (var (reviewer, angle) in new[] { (ada, "buyer"), (bo, "skeptic") })
            await Call(HttpMethod.Post, $"/api/comparisons/{id}/seats", editor.Token, new { reviewerId = reviewer.Id, angle });
        await Call(HttpMethod.Put, $"/api/comparisons/{id}/seats/{ada.Id}/conflicts", ada.Token,
            new { conflicts = new[] { new { description = "Advised the vendor of Tessellate in 2025.", toolId = (Guid?)tess } } });
        foreach (var (reviewer, tool, decision) in new[] { (ada, quill, "Ship"), (ada, tess, "Skip"), (bo, quill, "Ship"), (bo, tess, "Ship") })
            await Call(HttpMethod.Put, $"/api/comparisons/{id}/verdicts/{tool}", reviewer.Token, new { decision, quote = $"{decision}, for my reasons." });
        await Call(HttpMethod.Put, $"/api/comparisons/{id}/editors-verdict", editor.Token, new { bottomLine = "Quillpad for most teams; Tessellate is close behind." });
        await Call(HttpMethod.Post, $"/api/comparisons/{id}/publications", editor.Token, new { note = (string?)null });
        await Call(HttpMethod.Post, $"/api/comparisons/{id}/retractions", editor.Token, new { note = "A reviewer's tie to a vendor was not weighed." });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var response = await page.GotoAsync($"{service.BaseUrl}/scorecards/{id}");
        Assert.Equal(200, response!.Status);

        var notice = page.Locator("aside.retraction");
        Assert.True(await notice.IsVisibleAsync());
        Assert.Contains("A reviewer's tie to a vendor was not weighed.", await notice.InnerTextAsync());
        // The notice comes first, above the title: nobody reads the figures without it.
        Assert.True(await page.EvaluateAsync<bool>(
            "() => document.querySelector('aside.retraction').compareDocumentPosition(document.querySelector('h1')) & Node.DOCUMENT_POSITION_FOLLOWING"));
        var quillCard = page.Locator($"section.tool[data-tool-id='{quill}']");
        Assert.Equal("100%", await quillCard.Locator("[data-figure='panel-ship']").InnerTextAsync());
        Assert.Equal("line-through", await quillCard.Locator("[data-figure='panel-ship']").EvaluateAsync<string>("e => getComputedStyle(e).textDecorationLine"));
        Assert.Equal(2, await page.Locator("section.tool .retracted-mark").CountAsync());
        Assert.Equal(0, await page.Locator("form[action$='/votes']").CountAsync());
        Assert.Contains("takes no more votes", await page.Locator(".retracted-votes").InnerTextAsync());

        var adaDeclarations = page.Locator($".quote .declaration[data-reviewer-id='{ada.Id}']");
        Assert.Equal(2, await adaDeclarations.CountAsync());
        Assert.Contains("Advised the vendor of Tessellate in 2025. (Tessellate)", await adaDeclarations.First.InnerTextAsync());
        Assert.Equal("No conflicts declared", (await page.Locator($".quote .declaration[data-reviewer-id='{bo.Id}']").First.InnerTextAsync()).Trim());

        var badge = await page.APIRequest.GetAsync($"{service.BaseUrl}/scorecards/{id}/badges/{quill}.svg");
        Assert.Contains(">retracted<", await badge.TextAsync());

        var screenshots = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "retracted-scorecard.png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) dir = dir.Parent;
        return dir?.FullName ?? AppContext.BaseDirectory;
    }
}
