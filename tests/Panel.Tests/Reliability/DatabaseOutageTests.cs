using AngleSharp.Html.Parser;
using System.Net;
using Npgsql;
using Panel.Demo;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// PostgreSQL goes away under the running service and comes back: clients get 503 with Retry-After
/// (a problem for the API, a page at every page address whatever the client accepts), the liveness
/// probe stays up, and the service recovers on its own.
/// </summary>
public class DatabaseOutageTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task an_outage_answers_503_with_retry_after_and_the_service_recovers_by_itself()
    {
        var own = await TestDatabases.CreateAsync("svc_outage");
        var real = new NpgsqlConnectionStringBuilder(own);
        await using var cut = new TcpCut(real.Host!, real.Port);
        var viaCut = new NpgsqlConnectionStringBuilder(own) { Port = cut.Port, Timeout = 3 };
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Panel__AdminKey"] = AppFixture.AdminKey,
            ["Panel__Demo"] = "true",
            ["ConnectionStrings__Marten"] = viaCut.ConnectionString
        });
        using var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/scorecards/{DemoData.ComparisonId}")).StatusCode);
        // A workspace session started before the outage (the configured admin's needs no database to stay valid).
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(service.BaseUrl)
        };
        var signIn = await new HtmlParser().ParseDocumentAsync(await browser.GetStringAsync("/sign-in"));
        var csrf = signIn.QuerySelector("input[name='__csrf']")!.GetAttribute("value")!;
        var signedIn = await browser.PostAsync("/sign-in", new FormUrlEncodedContent(
            [new("token", AppFixture.AdminKey), new("returnUrl", "/workspace"), new("__csrf", csrf)]));
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);

        cut.Cut();

        // A published scorecard may still come from memory for the moment it takes the service to notice
        // that its LISTEN connection is gone (the cache then turns off); after that it needs the database.
        var noticed = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage api;
        while ((api = await http.GetAsync($"/api/scorecards/{DemoData.ComparisonId}")).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < noticed)
            await Task.Delay(50);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), api.Headers.RetryAfter!.Delta);
        Assert.Contains(Problem.Type("service-unavailable"), await api.Content.ReadAsStringAsync());

        var write = new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = new StringContent("{\"name\":\"Nobody\",\"role\":\"Reviewer\"}", System.Text.Encoding.UTF8, "application/json")
        };
        write.Headers.Authorization = new("Bearer", "pnl_not-a-real-token-but-it-needs-the-database");
        var refused = await http.SendAsync(write);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        var page = new HttpRequestMessage(HttpMethod.Get, $"/scorecards/{DemoData.ComparisonId}");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await http.SendAsync(page);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.Contains("briefly unavailable", await html.Content.ReadAsStringAsync());

        // Every page address answers the page, whatever the client accepts: a client that sends no Accept
        // header, or one that asks for JSON, still gets a titled page in English, never problem JSON.
        string[] pages =
        [
            "/", $"/scorecards/{DemoData.ComparisonId}", $"/scorecards/{DemoData.ComparisonId}/versions/1", $"/tools/{DemoData.GemmaId}",
            "/reviewers/5eed0000-0000-4000-8000-0000000000b1", "/workspace", $"/workspace/comparisons/{DemoData.ComparisonId}"
        ];
        foreach (var url in pages)
        {
            foreach (var accept in new[] { null, "*/*", "application/json" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (accept is not null) request.Headers.Accept.ParseAdd(accept);
                using var answer = await browser.SendAsync(request);
                var what = $"GET {url} (Accept: {accept ?? "none"})";
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what} answered {(int)answer.StatusCode}");
                Assert.Equal(TimeSpan.FromSeconds(5), answer.Headers.RetryAfter!.Delta);
                var wrong = await HtmlPages.NotAFullPage(answer);
                Assert.True(wrong is null, $"{what}: {wrong}");
                Assert.Contains("briefly unavailable", await answer.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);

        cut.Restore();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            status = (await http.GetAsync($"/api/scorecards/{DemoData.ComparisonId}")).StatusCode;
            if (status == HttpStatusCode.OK) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }
}
