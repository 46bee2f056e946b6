using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Panel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Panel.Tests.Browser;

/// <summary>The built service and one headless Chromium, shared by the workspace's browser tests.</summary>
public sealed class WorkspaceBrowser : IAsyncLifetime
{
    public ServiceProcess Service { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await ServiceProcess.StartAsync(new Dictionary<string, string> { ["Panel__AdminKey"] = AppFixture.AdminKey });
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Chromium = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = DemoPageBrowserTests.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
        });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        Playwright.Dispose();
        await Service.DisposeAsync();
    }
}

/// <summary>
/// People run a panel in a real browser (Debian's Chromium, headless): an admin creates the people, an
/// editor registers tools, opens a comparison, seats reviewers, previews and publishes; each reviewer
/// signs in in their own browser and gives verdicts. Screenshots land in artifacts/screenshots/.
/// </summary>
public class WorkspaceBrowserTests(AppFixture fixture, WorkspaceBrowser browser, ITestOutputHelper output)
    : ApiTest(fixture), IClassFixture<WorkspaceBrowser>
{
    private string BaseUrl => browser.Service.BaseUrl;

    /// <summary>The service has a database of its own: empty its data before each test, keeping its keys.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var connection = new Npgsql.NpgsqlConnection(browser.Service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            do $$ declare t text; begin
              for t in select tablename from pg_tables where schemaname = 'panel' and tablename like 'mt\_%'
                       and tablename not in ('mt_doc_voterkey', 'mt_doc_networkhashkey') loop
                execute format('truncate table panel.%I cascade', t);
              end loop;
            end $$;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task an_editor_runs_a_whole_panel_in_the_browser_and_the_public_page_shows_what_the_verdicts_imply()
    {
        var clock = Stopwatch.StartNew();
        var admin = await SignIn(AppFixture.AdminKey);
        var editorToken = await CreatePerson(admin, "Eve Editor", "Editor");
        string[] reviewerNames = ["Ada Reviewer", "Bo Reviewer", "Cy Reviewer"];
        var reviewerTokens = new List<string>();
        foreach (var name in reviewerNames) reviewerTokens.Add(await CreatePerson(admin, name, "Reviewer"));

        var editor = await SignIn(editorToken);
        await RegisterTool(editor, "Quillpad", "Free");
        await RegisterTool(editor, "Tessellate", "Paid");

        await editor.GetByRole(AriaRole.Link, new() { Name = "New comparison", Exact = true }).First.ClickAsync();
        await editor.GetByLabel("Title").FillAsync("Quillpad vs Tessellate");
        await editor.GetByRole(AriaRole.Checkbox, new() { Name = "Quillpad" }).CheckAsync();
        await editor.GetByRole(AriaRole.Checkbox, new() { Name = "Tessellate" }).CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Open comparison" }).ClickAsync();
        await editor.WaitForURLAsync("**/workspace/comparisons/*?done=opened");
        Assert.Contains("Comparison opened", await editor.Locator(".notice.success").InnerTextAsync());
        var comparisonUrl = editor.Url.Split('?')[0];
        var comparisonId = comparisonUrl.Split('/')[^1];

        string[] angles = ["developer experience", "skeptic", "buyer"];
        for (var i = 0; i < 3; i++)
        {
            await editor.GetByLabel("Reviewer", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = reviewerNames[i] });
            await editor.GetByLabel("Angle").FillAsync(angles[i]);
            await editor.GetByRole(AriaRole.Button, new() { Name = "Seat", Exact = true }).ClickAsync();
            await editor.WaitForURLAsync("**?done=seated#seats");
        }
        Assert.Equal(3, await editor.Locator("table.seats tbody tr").CountAsync());
        Assert.Equal("6 verdicts owed", await editor.Locator(".next-step .status").InnerTextAsync());

        // Each reviewer in their own browser: what they owe first, then the form per tool.
        string[][] verdicts = [["Ship", "Ship"], ["Ship", "Skip"], ["Skip", "Skip"]];
        var reviewers = new List<IPage>();
        for (var r = 0; r < 3; r++)
        {
            var page = await SignIn(reviewerTokens[r]);
            reviewers.Add(page);
            Assert.Equal("2 verdicts owed on Quillpad vs Tessellate", (await page.Locator(".needs-me .status").InnerTextAsync()).Trim());
            await page.GetByRole(AriaRole.Link, new() { Name = "Quillpad vs Tessellate" }).ClickAsync();
            Assert.Contains("appear here once you have given yours", await page.Locator(".panel-verdicts").InnerTextAsync());

            await SaveVerdict(page, "Quillpad", verdicts[r][0], $"{reviewerNames[r]} on Quillpad: {verdicts[r][0]} it, the editor is quick and the export works.");
            if (r == 0)
            {
                await Shoot(page, "workspace-reviewer");
                await page.SetViewportSizeAsync(390, 844);
                await Shoot(page, "workspace-reviewer-phone");
                await page.SetViewportSizeAsync(1280, 900);
            }
            await SaveVerdict(page, "Tessellate", verdicts[r][1], $"{reviewerNames[r]} on Tessellate: {verdicts[r][1]}.");
            Assert.Equal("Your verdicts are all in.", (await page.Locator(".status").InnerTextAsync()).Trim());
        }

        // Their own verdicts all in, a reviewer sees the panel's others.
        var third = reviewers[2];
        Assert.Contains("Ada Reviewer on Quillpad", await third.Locator(".panel-verdicts").InnerTextAsync());

        // A revision without a reason is refused beside the Reason field, with the text kept and focus there.
        var form = VerdictForm(third, "Quillpad");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Ship", Exact = true }).CheckAsync();
        await form.GetByLabel("Quote").FillAsync("On second look Quillpad is the one I would ship.");
        // The browser itself asks for the reason first; without constraint validation the server says it.
        Assert.True(await form.GetByLabel("Reason").EvaluateAsync<bool>("e => e.validity.valueMissing"));
        await form.EvaluateAsync("f => f.noValidate = true");
        var refused = await third.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Save verdict" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        form = VerdictForm(third, "Quillpad");
        Assert.Contains("states a reason", await form.Locator(".field-error").InnerTextAsync());
        Assert.Equal("On second look Quillpad is the one I would ship.", await form.GetByLabel("Quote").InputValueAsync());
        var reason = form.GetByLabel("Reason");
        Assert.True(await reason.EvaluateAsync<bool>("e => e === document.activeElement"), "focus moves to the field in error");
        Assert.Contains("-error", await reason.GetAttributeAsync("aria-describedby") ?? "");
        await reason.FillAsync("Tried the export again; it works.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save verdict" }).ClickAsync();
        await third.WaitForURLAsync("**?done=verdict-saved*");

        // The editor: complete, preview exactly as the public will see it, publish.
        await editor.GotoAsync(comparisonUrl);
        Assert.Equal("Panel complete: ready to publish", await editor.Locator(".next-step .status").InnerTextAsync());
        await Shoot(editor, "workspace-editor");
        await editor.SetViewportSizeAsync(390, 844);
        await Shoot(editor, "workspace-editor-phone");
        await editor.SetViewportSizeAsync(1280, 900);

        await editor.GetByRole(AriaRole.Link, new() { Name = "Preview the scorecard page" }).ClickAsync();
        Assert.Contains("Draft preview", await editor.Locator(".draft-banner").InnerTextAsync());
        Assert.Equal("100%", await Figure(editor, "Quillpad", "panel-ship"));
        Assert.Equal("33%", await Figure(editor, "Tessellate", "panel-ship"));
        Assert.Equal(0, await editor.Locator("form[action$='/votes']").CountAsync());
        await editor.GetByRole(AriaRole.Link, new() { Name = "Back to the comparison" }).ClickAsync();

        // Publication needs the editor's verdict: the bottom line first, then publish.
        await editor.GetByLabel("Bottom line").FillAsync("Quillpad for nearly everyone; Tessellate where its export matters.");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save editor's verdict" }).ClickAsync();
        await editor.WaitForURLAsync("**?done=editors-verdict-written*");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await editor.WaitForURLAsync("**?done=published#publish");
        Assert.Equal("Scorecard published.", await editor.Locator(".notice.success").InnerTextAsync());

        var reader = await browser.Chromium.NewPageAsync();
        var response = await reader.GotoAsync($"{BaseUrl}/scorecards/{comparisonId}");
        Assert.Equal(200, response!.Status);
        Assert.Equal("100%", await Figure(reader, "Quillpad", "panel-ship"));
        Assert.Equal("33%", await Figure(reader, "Tessellate", "panel-ship"));
        Assert.Equal(6, await reader.Locator(".quote-list > li").CountAsync());

        // The history says who changed what and why, with the quote's words diffed.
        await editor.GotoAsync(comparisonUrl + "/history");
        var revised = editor.Locator("li[data-type='VerdictRevised']");
        Assert.Contains("Cy Reviewer", await revised.InnerTextAsync());
        Assert.Contains("Tried the export again; it works.", await revised.Locator(".why").InnerTextAsync());
        Assert.True(await revised.Locator("ins").CountAsync() > 0 && await revised.Locator("del").CountAsync() > 0);
        await revised.ScrollIntoViewIfNeededAsync();
        await editor.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot(), "artifacts", "screenshots", "workspace-history.png") });

        await reader.Context.CloseAsync();
        foreach (var p in reviewers.Append(editor).Append(admin)) await p.Context.CloseAsync();
        output.WriteLine($"Whole panel in the browser: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task a_stale_verdict_form_shows_what_changed_and_keeps_the_reviewers_text()
    {
        var (comparison, tools, reviewerTokens) = await PanelOverApi(reviewers: 1);
        var page = await SignIn(reviewerTokens[0]);
        await page.GotoAsync($"{BaseUrl}/workspace/comparisons/{comparison}");

        // Meanwhile the same reviewer answers from another device.
        await Call(HttpMethod.Put, $"/api/comparisons/{comparison}/verdicts/{tools[0]}", reviewerTokens[0],
            new { decision = "Ship", quote = "Quick note from my phone." });

        var form = VerdictForm(page, "Quillpad");
        await form.GetByRole(AriaRole.Radio, new() { Name = "Skip", Exact = true }).CheckAsync();
        await form.GetByLabel("Quote").FillAsync("My long, considered reasons for skipping Quillpad.");
        var answer = await page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Save verdict" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(412, answer.Status);
        var message = await page.Locator("#form-message").InnerTextAsync();
        Assert.Contains("Someone changed this comparison", message);
        Assert.Contains("Ship on Quillpad: “Quick note from my phone.”", message);
        Assert.True(await page.Locator("#form-message").EvaluateAsync<bool>("e => e === document.activeElement"), "focus moves to the problem");
        var desk = page.Locator($"section[data-tool-id='{tools[0]}'] .desk");
        Assert.Contains("What stands now", await desk.Locator("[data-standing]").InnerTextAsync());
        Assert.Contains("Quick note from my phone.", await desk.Locator("[data-standing]").InnerTextAsync());
        form = VerdictForm(page, "Quillpad");
        Assert.Equal("My long, considered reasons for skipping Quillpad.", await form.GetByLabel("Quote").InputValueAsync());
        Assert.True(await form.GetByRole(AriaRole.Radio, new() { Name = "Skip", Exact = true }).IsCheckedAsync());
        await Shoot(page, "workspace-stale-form", $"section[data-tool-id='{tools[0]}']");

        // Nothing of the draft was written; saving again (now a revision, with a reason) goes through.
        var mine = await Call(HttpMethod.Get, $"/api/comparisons/{comparison}", reviewerTokens[0]);
        Assert.Equal("Quick note from my phone.", (string)mine["verdicts"]![0]!["quote"]!);
        await form.GetByLabel("Reason").FillAsync("Wrote it properly at my desk.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save verdict" }).ClickAsync();
        await page.WaitForURLAsync("**?done=verdict-saved*");
        mine = await Call(HttpMethod.Get, $"/api/comparisons/{comparison}", reviewerTokens[0]);
        Assert.Equal("My long, considered reasons for skipping Quillpad.", (string)mine["verdicts"]![0]!["quote"]!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task a_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var (comparison, tools, reviewerTokens) = await PanelOverApi(reviewers: 1);
        var page = await SignIn(reviewerTokens[0]);

        // The session cookie rides along (as it would on a forged cross-site post); the token does not.
        var forged = await page.Context.APIRequest.PostAsync($"{BaseUrl}/workspace/comparisons/{comparison}/verdicts/{tools[0]}",
            new() { Form = FormData(page.Context.APIRequest, ("decision", "Ship"), ("quote", "Forged."), ("expected", "4")), MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);
        Assert.Contains("nothing was changed", await forged.TextAsync());
        Assert.StartsWith("text/html", forged.Headers["content-type"]);

        var details = await Call(HttpMethod.Get, $"/api/comparisons/{comparison}", reviewerTokens[0]);
        Assert.Empty(details["verdicts"]!.AsArray());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task revoking_or_reissuing_a_token_ends_its_sessions_at_once()
    {
        var (_, _, reviewerTokens) = await PanelOverApi(reviewers: 2);
        var revoked = await SignIn(reviewerTokens[0]);
        var reissued = await SignIn(reviewerTokens[1]);
        var admin = await SignIn(AppFixture.AdminKey);
        await admin.GotoAsync($"{BaseUrl}/workspace/people");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke token of Reviewer 1" }).ClickAsync();
        await admin.WaitForURLAsync("**?done=revoked*");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reissue token for Reviewer 2" }).ClickAsync();
        var newToken = await admin.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("pnl_", newToken);
        Assert.DoesNotContain(newToken, admin.Url);
        // Scripts run here: the copy button shows (without them the field alone stays, selectable).
        Assert.True(await admin.GetByRole(AriaRole.Button, new() { Name = "Copy token" }).IsVisibleAsync());

        foreach (var page in new[] { revoked, reissued })
        {
            await page.ReloadAsync();
            Assert.Contains("/sign-in?returnUrl=", page.Url);
            Assert.True(await page.GetByLabel("Token", new() { Exact = true }).IsVisibleAsync());
        }
        // The reissued token starts a new session.
        var again = await SignIn(newToken);
        Assert.EndsWith("/workspace", again.Url);
        foreach (var p in new[] { revoked, reissued, admin, again }) await p.Context.CloseAsync();
    }

    [Fact]
    public async Task a_reviewer_cannot_open_another_panels_form_or_the_editors_pages()
    {
        var (comparison, _, reviewerTokens) = await PanelOverApi(reviewers: 1);
        var outsiderToken = await CreatePersonOverApi("Outsider", "Reviewer");
        var outsider = await SignIn(outsiderToken);

        var notSeated = await outsider.GotoAsync($"{BaseUrl}/workspace/comparisons/{comparison}");
        Assert.Equal(403, notSeated!.Status);
        Assert.Contains("not seated", await outsider.Locator("main").InnerTextAsync());
        Assert.Equal(0, await outsider.Locator("form[action*='/verdicts/']").CountAsync());

        foreach (var path in new[] { "/workspace/tools", "/workspace/comparisons/new", $"/workspace/comparisons/{comparison}/preview", "/workspace/people" })
        {
            var answer = await outsider.GotoAsync(BaseUrl + path);
            Assert.Equal(403, answer!.Status);
            Assert.StartsWith("text/html", answer.Headers["content-type"]);
            Assert.Contains("Not allowed", await outsider.Locator("h1").InnerTextAsync());
        }
        var history = await outsider.GotoAsync($"{BaseUrl}/workspace/comparisons/{comparison}/history");
        Assert.Equal(403, history!.Status);
        await outsider.Context.CloseAsync();
    }

    private ILocator VerdictForm(IPage page, string tool) => page.GetByRole(AriaRole.Form, new() { Name = $"Verdict on {tool}", Exact = true });

    private async Task SaveVerdict(IPage page, string tool, string decision, string quote)
    {
        var form = VerdictForm(page, tool);
        await form.GetByRole(AriaRole.Radio, new() { Name = decision, Exact = true }).CheckAsync();
        await form.GetByLabel("Quote").FillAsync(quote);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save verdict" }).ClickAsync();
        await page.WaitForURLAsync("**?done=verdict-saved*");
        Assert.Equal("Verdict saved.", await page.Locator(".notice.success").InnerTextAsync());
    }

    private static Task<string> Figure(IPage page, string tool, string figure) =>
        page.Locator($"section.tool:has(h3:text-is('{tool}')) [data-figure='{figure}']").InnerTextAsync();

    private async Task<IPage> SignIn(string token)
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/workspace");
        Assert.Contains("/sign-in?returnUrl=%2Fworkspace", page.Url);
        await page.GetByLabel("Token", new() { Exact = true }).FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/workspace");
        return page;
    }

    private async Task<string> CreatePerson(IPage admin, string name, string role)
    {
        await admin.GotoAsync($"{BaseUrl}/workspace/people");
        await admin.GetByLabel("Name").FillAsync(name);
        await admin.GetByLabel("Role").SelectOptionAsync(role);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create person" }).ClickAsync();
        var token = await admin.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("pnl_", token);
        return token;
    }

    private async Task RegisterTool(IPage editor, string name, string tier)
    {
        await editor.GotoAsync($"{BaseUrl}/workspace/tools");
        var form = editor.Locator("form[action='/workspace/tools']");
        await form.GetByLabel("Name").FillAsync(name);
        await form.GetByLabel("Vendor").FillAsync(name + " Labs");
        await form.GetByLabel("Category").FillAsync("Writing tools");
        await form.GetByLabel("Tagline").FillAsync($"{name} in one line");
        await form.GetByLabel("Description").FillAsync($"{name}, described at length for the panel.");
        await form.GetByLabel("Entry tier").SelectOptionAsync(tier);
        await form.GetByLabel("Pricing read").FillAsync(tier == "Free" ? "Free for everyone." : "From $12 a month.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Register tool" }).ClickAsync();
        await editor.WaitForURLAsync("**?done=tool-registered");
    }

    private async Task<string> CreatePersonOverApi(string name, string role) =>
        (string)(await Call(HttpMethod.Post, "/api/users", AppFixture.AdminKey, new { name, role }))["token"]!;

    /// <summary>Quillpad vs Tessellate with seated reviewers, set up over the JSON API (the browser is for what follows).</summary>
    private async Task<(Guid Comparison, Guid[] Tools, List<string> ReviewerTokens)> PanelOverApi(int reviewers)
    {
        var editor = await CreatePersonOverApi("Editor", "Editor");
        var tools = new List<Guid>();
        foreach (var name in new[] { "Quillpad", "Tessellate" })
        {
            var tool = await Call(HttpMethod.Post, "/api/tools", editor, new
            {
                name,
                vendor = "Labs",
                category = "Writing tools",
                tagline = "One line",
                description = "At length.",
                entryTier = "Free",
                pricingRead = "Free."
            });
            tools.Add(Guid.Parse((string)tool["id"]!));
        }
        var comparison = Guid.Parse((string)(await Call(HttpMethod.Post, "/api/comparisons", editor, new { title = "Quillpad vs Tessellate", toolIds = tools }))["id"]!);
        var tokens = new List<string>();
        for (var i = 1; i <= reviewers; i++)
        {
            var created = await Call(HttpMethod.Post, "/api/users", AppFixture.AdminKey, new { name = $"Reviewer {i}", role = "Reviewer" });
            await Call(HttpMethod.Post, $"/api/comparisons/{comparison}/seats", editor, new { reviewerId = (string)created["id"]!, angle = "skeptic" });
            tokens.Add((string)created["token"]!);
        }
        return (comparison, tools.ToArray(), tokens);
    }

    private async Task<JsonNode> Call(HttpMethod method, string path, string token, object? body = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static IFormData FormData(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        return form;
    }

    private static async Task Shoot(IPage page, string name, string? element = null)
    {
        var dir = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        if (element is not null)
        {
            await page.Locator(element).ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
            return;
        }
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) dir = dir.Parent;
        return dir?.FullName ?? AppContext.BaseDirectory;
    }
}
