using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Panel.Tests.Infrastructure;
using Panel.Tests.Reliability;

namespace Panel.Tests.Browser;

/// <summary>The built service sending to a real SMTP server, and one headless Chromium.</summary>
public sealed class InvitationBrowser : IAsyncLifetime
{
    public MailServer Mail { get; private set; } = null!;
    public ServiceProcess Service { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Mail = await MailServer.StartAsync();
        var environment = Mail.Settings("__");
        environment["Panel__AdminKey"] = AppFixture.AdminKey;
        Service = await ServiceProcess.StartAsync(environment);
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
        await Mail.DisposeAsync();
    }
}

/// <summary>
/// People reached by email, in a real browser: an admin creates a reviewer with their address and the
/// invitation checkbox, the reviewer opens the link from the email that the SMTP server received, lands in
/// their workspace signed in, and saves a verdict. No token is handed over at any point.
/// </summary>
[Collection(ServiceProcesses.Name)]
public class InvitationBrowserTests(InvitationBrowser browser) : IClassFixture<InvitationBrowser>
{
    private string BaseUrl => browser.Service.BaseUrl;

    [Fact]
    public async Task an_admin_invites_a_reviewer_by_email_who_follows_the_link_and_saves_a_verdict()
    {
        var admin = await NewPage();
        await admin.GotoAsync($"{BaseUrl}/workspace");
        await admin.GetByLabel("Token").FillAsync(AppFixture.AdminKey);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync("**/workspace");

        await admin.GotoAsync($"{BaseUrl}/workspace/people");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("Rita Reviewer");
        await admin.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("Reviewer");
        await admin.GetByLabel("Email (optional)", new() { Exact = true }).FillAsync("Rita@Example.org");
        Assert.True(await admin.GetByLabel("Send an invitation by email").IsCheckedAsync());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create person" }).ClickAsync();
        Assert.Contains("an invitation is on its way to rita@example.org", await admin.Locator(".notice.success").InnerTextAsync());

        // An editor opens a comparison and seats her (over the API: the browser is for what the reviewer does).
        var users = (JsonArray)await Call(HttpMethod.Get, "/api/users", AppFixture.AdminKey);
        var rita = users.Single(u => (string)u!["name"]! == "Rita Reviewer")!;
        var comparison = await PanelOverApi(Guid.Parse((string)rita["id"]!));

        var message = (await browser.Mail.WaitFor(m => m.Any(x => x.To.Mailboxes.Any(a => a.Address == "rita@example.org")), "the invitation"))
            .Single(m => m.To.Mailboxes.Any(a => a.Address == "rita@example.org"));
        Assert.Equal("You are invited to Panel", message.Subject);
        var link = MailServer.Link(message);

        // She opens the link (the public address points at this service).
        var reviewer = await NewPage();
        await reviewer.GotoAsync(BaseUrl + new Uri(link).PathAndQuery);
        await reviewer.WaitForURLAsync("**/workspace");
        Assert.Contains("Rita Reviewer", await reviewer.Locator("header").InnerTextAsync());
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Quillpad vs Tessellate" }).ClickAsync();
        var form = reviewer.GetByRole(AriaRole.Form, new() { Name = "Verdict on Quillpad", Exact = true });
        await form.GetByRole(AriaRole.Radio, new() { Name = "Ship", Exact = true }).CheckAsync();
        await form.GetByLabel("Quote").FillAsync("Rita on Quillpad: ship it, the export works.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save verdict" }).ClickAsync();
        await reviewer.WaitForURLAsync("**?done=verdict-saved*");
        Assert.Equal("Verdict saved.", await reviewer.Locator(".notice.success").InnerTextAsync());

        var scorecard = await Call(HttpMethod.Get, $"/api/comparisons/{comparison}/history", AppFixture.AdminKey);
        Assert.Contains("Rita on Quillpad", scorecard.ToJsonString());

        // The link was for one use: a second browser is refused and told why.
        var late = await NewPage();
        var again = await late.GotoAsync(BaseUrl + new Uri(link).PathAndQuery);
        Assert.Equal(410, again!.Status);
        Assert.Contains("already been used", await late.Locator("main").InnerTextAsync());
    }

    private async Task<IPage> NewPage()
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    private async Task<Guid> PanelOverApi(Guid reviewerId)
    {
        var editor = (string)(await Call(HttpMethod.Post, "/api/users", AppFixture.AdminKey, new { name = "Eve Editor", role = "Editor" }))["token"]!;
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
        await Call(HttpMethod.Post, $"/api/comparisons/{comparison}/seats", editor, new { reviewerId, angle = "skeptic" });
        return comparison;
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
}
