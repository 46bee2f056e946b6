using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Panel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Panel.Tests.Browser;

/// <summary>
/// Panel built and running as a process, configured for single sign-on with a real OpenID Connect provider
/// (oidc-provider, started by the tests on a port of its own), and one headless Chromium.
/// </summary>
public sealed class SingleSignOnBrowser : IAsyncLifetime
{
    public const string DisplayName = "Acme Staff ID";

    /// <summary>The provider's accounts, by the login typed at its sign-in page.</summary>
    public static readonly Dictionary<string, OidcAccount> Accounts = new()
    {
        // Known to Panel as ada@example.org: the provider spells it otherwise, and addresses compare case-insensitively.
        ["ada"] = new OidcAccount("Ada@Example.ORG", EmailVerified: true, "Ada Lovelace"),
        ["stranger"] = new OidcAccount("stranger@example.org", EmailVerified: true, "Somebody Else"),
        ["bo"] = new OidcAccount("bo@example.org", EmailVerified: false, "Bo Unconfirmed"),
        ["cy"] = new OidcAccount("cy@example.org", EmailVerified: true, "Cy Revoked")
    };

    public ServiceProcess Service { get; private set; } = null!;
    public OidcProvider Provider { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Panel learns the provider's address first (it reads the discovery document only at the first sign-in);
        // the provider then learns Panel's redirect URI.
        var port = OidcProvider.FreePort();
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var settings = OidcProvider.PanelSettings(port, secret, DisplayName);
        settings["Panel__AdminKey"] = AppFixture.AdminKey;
        settings["ConnectionStrings__Marten"] = await TestDatabases.CreateAsync("panel_sso_browser");
        Service = await ServiceProcess.StartAsync(settings);
        Provider = await OidcProvider.StartAsync(port, secret, Service.BaseUrl + "/sign-in/sso/callback", Accounts);
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
        await Provider.DisposeAsync();
        await Service.DisposeAsync();
    }
}

/// <summary>
/// Single sign-on in a real browser against a real provider: a person whose verified address Panel knows signs in
/// and lands where they were going; an address nobody here has, one the provider did not verify, a revoked person,
/// a cancelled or forged answer are each refused with a page in words, and nobody is created.
/// </summary>
public class SingleSignOnBrowserTests(AppFixture fixture, SingleSignOnBrowser browser, ITestOutputHelper output)
    : ApiTest(fixture), IClassFixture<SingleSignOnBrowser>
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
    public async Task a_person_whose_verified_address_panel_knows_signs_in_with_single_sign_on()
    {
        await CreatePerson("Ada Lovelace", "Editor", "ada@example.org");
        var page = await NewPage();

        // Where she was going survives the trip to the provider and back.
        await page.GotoAsync($"{BaseUrl}/workspace/tools");
        Assert.Contains("/sign-in?returnUrl=%2Fworkspace%2Ftools", page.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {SingleSignOnBrowser.DisplayName}" }).ClickAsync();
        await LogInAtProvider(page, "ada");
        await page.WaitForURLAsync($"{BaseUrl}/workspace/tools");

        Assert.Equal("Signed in as Ada Lovelace (Editor)", (await page.Locator(".who").InnerTextAsync()).Trim());
        var cookies = await page.Context.CookiesAsync([BaseUrl]);
        Assert.Contains(cookies, c => c.Name == "panel_session");
        // The provider's answer is kept for the one redirect only.
        Assert.DoesNotContain(cookies, c => c.Name == "panel_sso");
        await page.GotoAsync($"{BaseUrl}/workspace");
        Assert.EndsWith("/workspace", page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task an_address_nobody_here_has_is_refused_and_nobody_is_created()
    {
        await CreatePerson("Ada Lovelace", "Editor", "ada@example.org");
        var before = await UserCount();
        var page = await NewPage();

        var answer = await SignInWithProvider(page, "stranger");

        Assert.Equal(403, answer.Status);
        Assert.StartsWith("text/html", answer.Headers["content-type"]);
        Assert.Equal("No person here has this address", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("No person here has the address stranger@example.org", await page.Locator("main").InnerTextAsync());
        Assert.Equal(before, await UserCount());
        Assert.Contains("Single sign-on refused (unknown; address at example.org)", browser.Service.Log);
        Assert.DoesNotContain("stranger@example.org", browser.Service.Log);
        await AssertSignedOut(page);
    }

    [Fact]
    public async Task an_address_the_provider_did_not_verify_is_refused_even_when_a_person_has_it()
    {
        await CreatePerson("Bo", "Reviewer", "bo@example.org");
        var before = await UserCount();
        var page = await NewPage();

        var answer = await SignInWithProvider(page, "bo");

        Assert.Equal(403, answer.Status);
        Assert.Equal("Your provider did not confirm the address", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("bo@example.org", await page.Locator("main").InnerTextAsync());
        Assert.Equal(before, await UserCount());
        await AssertSignedOut(page);
    }

    [Fact]
    public async Task a_revoked_person_is_refused()
    {
        var cy = await CreatePerson("Cy", "Reviewer", "cy@example.org");
        await Call(HttpMethod.Delete, $"/api/users/{(string)cy["id"]!}/token", AppFixture.AdminKey);
        var page = await NewPage();

        var answer = await SignInWithProvider(page, "cy");

        Assert.Equal(403, answer.Status);
        Assert.Equal("Your access was revoked", (await page.Locator("h1").InnerTextAsync()).Trim());
        await AssertSignedOut(page);
    }

    [Fact]
    public async Task cancelling_at_the_provider_or_a_forged_answer_lands_on_a_page_in_words()
    {
        await CreatePerson("Ada Lovelace", "Editor", "ada@example.org");
        var page = await NewPage();
        await page.GotoAsync($"{BaseUrl}/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {SingleSignOnBrowser.DisplayName}" }).ClickAsync();
        await page.WaitForURLAsync($"{browser.Provider.Issuer}/**");
        var cancelled = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Link, new() { Name = "[ Cancel ]" }).ClickAsync(), r => r.Url.StartsWith(BaseUrl + "/sign-in/sso/callback"));
        Assert.Equal(403, cancelled.Status);
        Assert.StartsWith("text/html", cancelled.Headers["content-type"]);
        Assert.Equal("Single sign-on was cancelled", (await page.Locator("h1").InnerTextAsync()).Trim());

        // An answer this browser never asked for (a code and state from elsewhere).
        var forged = await page.GotoAsync($"{BaseUrl}/sign-in/sso/callback?code=stolen&state=forged&iss={Uri.EscapeDataString(browser.Provider.Issuer)}");
        Assert.Equal(400, forged!.Status);
        Assert.Equal("Single sign-on did not finish", (await page.Locator("h1").InnerTextAsync()).Trim());
        // Completion without an answer from the provider.
        var nothing = await page.GotoAsync($"{BaseUrl}/sign-in/sso/complete");
        Assert.Equal(400, nothing!.Status);
        await AssertSignedOut(page);
        // One line of Panel's own for each; none of the handler's, which would call a person's cancel an error.
        Assert.Contains("Single sign-on refused (remote-failure; address at (none)): access_denied", browser.Service.Log);
        Assert.DoesNotContain("fail: Microsoft.AspNetCore.Authentication", browser.Service.Log);
        Assert.DoesNotContain("Exception", browser.Service.Log);
    }

    private async Task<IPage> NewPage()
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        // The provider's development pages import a web font: off the (absent) network, it must fail at once, not hang.
        await context.RouteAsync(url => !url.StartsWith("http://127.0.0.1:"), route => route.AbortAsync());
        return await context.NewPageAsync();
    }

    /// <summary>From the sign-in page to the provider and back: the answer of Panel's completion page.</summary>
    private async Task<IResponse> SignInWithProvider(IPage page, string login)
    {
        await page.GotoAsync($"{BaseUrl}/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in with {SingleSignOnBrowser.DisplayName}" }).ClickAsync();
        return await page.RunAndWaitForResponseAsync(() => LogInAtProvider(page, login), r => r.Url.StartsWith(BaseUrl + "/sign-in/sso/complete"));
    }

    /// <summary>The provider's development login page: any password signs in as the login typed.</summary>
    private async Task LogInAtProvider(IPage page, string login)
    {
        await page.WaitForURLAsync($"{browser.Provider.Issuer}/**");
        await page.Locator("input[name='login']").FillAsync(login);
        await page.Locator("input[name='password']").FillAsync("any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
    }

    private async Task AssertSignedOut(IPage page)
    {
        Assert.DoesNotContain(await page.Context.CookiesAsync([BaseUrl]), c => c.Name is "panel_session" or "panel_sso");
        await page.GotoAsync($"{BaseUrl}/workspace");
        Assert.Contains("/sign-in?returnUrl=", page.Url);
        output.WriteLine($"signed out, at {page.Url}");
        await page.Context.CloseAsync();
    }

    private async Task<JsonNode> CreatePerson(string name, string role, string email) =>
        await Call(HttpMethod.Post, "/api/users", AppFixture.AdminKey, new { name, role, email });

    private async Task<int> UserCount() => (await Call(HttpMethod.Get, "/api/users", AppFixture.AdminKey)).AsArray().Count;

    private async Task<JsonNode> Call(HttpMethod method, string path, string token, object? body = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
