using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// Single sign-on's edges without a provider: off unless configured, half a configuration refuses to start, and a
/// provider that does not answer gets a page in words. The whole flow against a real provider is in
/// <see cref="Browser.SingleSignOnBrowserTests"/>.
/// </summary>
public class SingleSignOnTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task without_settings_the_sign_in_page_offers_no_single_sign_on_and_its_address_is_not_found()
    {
        using var browser = new BrowserSession(Host);
        var page = await browser.Get("/sign-in");
        Assert.Equal(200, page.Status);
        Assert.Null(page.Document.QuerySelector("form[action='/sign-in/sso']"));
        Assert.DoesNotContain("Single sign-on", page.Main);

        var start = await browser.Post("/sign-in/sso", [("returnUrl", "/workspace")]);
        Assert.Equal(404, start.Status);
        Assert.StartsWith("text/html", start.Headers["Content-Type"]);
        Assert.Contains("Single sign-on is not configured", start.Main);

        var complete = await browser.Get("/sign-in/sso/complete");
        Assert.Equal(404, complete.Status);
        Assert.StartsWith("text/html", complete.Headers["Content-Type"]);
        var callback = await browser.Get("/sign-in/sso/callback?code=x&state=y");
        Assert.Equal(404, callback.Status);
        Assert.StartsWith("text/html", callback.Headers["Content-Type"]);
    }

    [Theory]
    [InlineData("Panel:Oidc:Authority", "Panel:Oidc:ClientId, Panel:Oidc:ClientSecret, Panel:Oidc:DisplayName")]
    [InlineData("Panel:Oidc:DisplayName", "Panel:Oidc:Authority, Panel:Oidc:ClientId, Panel:Oidc:ClientSecret")]
    public async Task half_a_configuration_refuses_to_start_and_names_what_is_missing(string given, string missing)
    {
        var failure = await Record.ExceptionAsync(() =>
            AppFixture.StartAsync(demo: false, new Dictionary<string, string> { [given] = given.EndsWith("Authority") ? "https://login.example.org" : "Acme ID" }));

        Assert.NotNull(failure);
        Assert.Contains($"missing: {missing}", failure.ToString());
    }

    [Fact]
    public async Task an_http_authority_refuses_to_start_unless_https_metadata_is_waived()
    {
        var failure = await Record.ExceptionAsync(() => AppFixture.StartAsync(demo: false, Settings("http://login.example.org", requireHttps: true)));

        Assert.NotNull(failure);
        Assert.Contains("Panel:Oidc:Authority is http", failure.ToString());
    }

    [Fact]
    public async Task a_provider_that_does_not_answer_gets_a_page_in_words_not_a_500()
    {
        var authority = $"http://127.0.0.1:{OidcProvider.FreePort()}";
        await using var host = await AppFixture.StartAsync(demo: false, Settings(authority, requireHttps: false));
        using var browser = new BrowserSession(host);

        var page = await browser.Get("/sign-in?returnUrl=%2Fworkspace%2Ftools");
        var form = page.Document.QuerySelector("form[action='/sign-in/sso']");
        Assert.NotNull(form);
        Assert.Equal("Sign in with Acme ID", form.QuerySelector("button")!.TextContent.Trim());
        Assert.Equal("/workspace/tools", form.QuerySelector("input[name='returnUrl']")!.GetAttribute("value"));
        // The form's redirect goes to the provider: the page allows it, and only it, beside itself.
        Assert.Contains($"form-action 'self' {authority};", page.Headers["Content-Security-Policy"]);

        var start = await browser.Post("/sign-in/sso", [("returnUrl", "/workspace")]);
        Assert.Equal(502, start.Status);
        Assert.Null(start.Location);
        Assert.StartsWith("text/html", start.Headers["Content-Type"]);
        Assert.Contains("could not reach Acme ID", start.Main);

        // Without the form's antiforgery token nothing starts.
        var forged = await browser.Post("/sign-in/sso", [("returnUrl", "/workspace")], withCsrf: false);
        Assert.Equal(400, forged.Status);
    }

    private static Dictionary<string, string> Settings(string authority, bool requireHttps) => new()
    {
        ["Panel:Oidc:Authority"] = authority,
        ["Panel:Oidc:ClientId"] = "panel",
        ["Panel:Oidc:ClientSecret"] = "secret",
        ["Panel:Oidc:DisplayName"] = "Acme ID",
        ["Panel:Oidc:RequireHttpsMetadata"] = requireHttps ? "true" : "false"
    };
}
