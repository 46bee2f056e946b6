using System.Net;
using Alba;
using Marten;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>Guessing credentials is slowed per client address; valid tokens elsewhere are unaffected.</summary>
[Collection("api")]
public class CredentialBrakeTests(AppFixture fixture) : IAsyncLifetime
{
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        await fixture.Host.ResetAllMartenDataAsync();
        _host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string>
        {
            ["Panel:FailedCredentials:PermitLimit"] = "5",
            ["Panel:FailedCredentials:WindowSeconds"] = "60"
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<IScenarioResult> Me(string token, string address, int status) =>
        _host.Scenario(s =>
        {
            s.Get.Url("/api/me");
            s.WithRequestHeader("Authorization", "Bearer " + token);
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse(address));
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task wrong_credentials_past_the_limit_get_429_and_a_valid_token_from_another_address_is_unaffected()
    {
        var person = await new Scenarios(_host).User("Reviewer");
        for (var i = 0; i < 5; i++) await Me("pnl_wrong-" + i, "203.0.113.5", 401);

        var blocked = await Me("pnl_wrong-again", "203.0.113.5", 429);
        var problem = await Problem.Read(blocked, 429);
        Assert.Equal(Problem.Type("too-many-failed-credentials"), (string)problem["type"]!);
        Assert.InRange(int.Parse(blocked.Context.Response.Headers.RetryAfter.ToString()), 1, 60);
        // The admin key guessed from the blocked address is not even compared.
        await Me(AppFixture.AdminKey, "203.0.113.5", 429);

        await Me(person.Token, "198.51.100.9", 200);
        await Me("pnl_wrong-elsewhere", "198.51.100.9", 401);
    }

    [Fact]
    public async Task the_sign_in_form_shares_the_brake()
    {
        using var browser = new BrowserSession(_host);
        await browser.Get("/sign-in");
        for (var i = 0; i < 5; i++)
            Assert.Equal(400, (await browser.Post("/sign-in", [("token", "pnl_wrong-" + i), ("returnUrl", "/workspace")])).Status);

        var blocked = await browser.Post("/sign-in", [("token", AppFixture.AdminKey), ("returnUrl", "/workspace")]);

        Assert.Equal(429, blocked.Status);
        Assert.Contains("Too many wrong tokens", blocked.Text);
        Assert.Null(browser.Cookie("panel_session"));
    }

    [Fact]
    public async Task valid_credentials_never_use_up_the_allowance()
    {
        var person = await new Scenarios(_host).User("Editor");
        for (var i = 0; i < 20; i++) await Me(person.Token, "203.0.113.6", 200);
        await Me("pnl_wrong", "203.0.113.6", 401);
    }
}
