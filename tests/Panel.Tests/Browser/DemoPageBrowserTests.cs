using System.Diagnostics;
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

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) dir = dir.Parent;
        return dir?.FullName ?? AppContext.BaseDirectory;
    }
}
