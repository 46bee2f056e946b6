using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Panel.Tests.Infrastructure;
using Panel.Workspace.Sessions;

namespace Panel.Tests.Api;

/// <summary>
/// A page address answers a whole HTML page (lang, title, heading) with the right status whatever the client
/// accepts: an id that is not one (which Wolverine refuses before the endpoint runs), an unknown address under a
/// page prefix, a query value that cannot be read, a wrong method. The API's addresses keep problem JSON. Every
/// route comes from the app's endpoint data source, so a new page route is covered without touching this test.
/// </summary>
public class PageAnswersTests(AppFixture fixture) : ApiTest(fixture)
{
    /// <summary>What programs read: the API, the probes, the API's description, assets, the feed, the badges.</summary>
    private static readonly string[] MachinePrefixes = ["/api", "/health", "/openapi", "/scalar", "/.well-known", "/assets", "/feed.atom"];

    /// <summary>No Accept header, anything, and what an API client sends.</summary>
    private static readonly string?[] Accepts = [null, "*/*", "application/json", "application/problem+json"];

    private List<(string Method, RoutePattern Pattern)> Routes() =>
        Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern)))
            .Where(x => x.m is "GET" or "POST")
            .ToList();

    private static bool IsMachine(RoutePattern pattern)
    {
        var raw = "/" + pattern.RawText!.TrimStart('/');
        return MachinePrefixes.Any(p => raw.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || raw.Contains("/badges/");
    }

    private static string Fill(RoutePattern pattern, string value)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart => value,
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => ""
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    private async Task<string> AdminSession()
    {
        using var browser = new BrowserSession(Host);
        await browser.SignIn(AppFixture.AdminKey);
        return $"{WorkspaceSession.CookieName}={browser.Cookie(WorkspaceSession.CookieName)!.Value}";
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, string method, string url, string? accept, string? cookie = null, string? token = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method == "POST") request.Content = new FormUrlEncodedContent([new("toolId", "not-an-id")]);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task every_page_route_answers_a_page_for_an_id_that_is_not_one_whatever_the_client_accepts()
    {
        var cookie = await AdminSession();
        using var http = Host.Server.CreateClient();
        var pages = Routes().Where(r => !IsMachine(r.Pattern)).ToList();
        Assert.Contains(pages, r => r.Pattern.RawText == "/scorecards/{id}");
        Assert.Contains(pages, r => r.Pattern.RawText == "/workspace/comparisons/{id}");

        var failures = new List<string>();
        var checkedUrls = 0;
        foreach (var (method, pattern) in pages)
        {
            // A route with ids gets ids that are not ones; one without gets an unknown address beneath it.
            var url = pattern.Parameters.Count > 0 ? Fill(pattern, "not-an-id")
                : pattern.RawText is "/" or "" ? "/?limit=not-a-number" : Fill(pattern, "") + "/nothing-here";
            var expected = method == "POST" ? (int?)null : url.StartsWith("/?") ? 400 : 404;
            foreach (var accept in Accepts)
            {
                using var response = await Send(http, method, url, accept, cookie);
                var status = (int)response.StatusCode;
                var what = $"{method} {url} (Accept: {accept ?? "none"}) → {status}";
                if (expected is not null ? status != expected : status is < 400 or >= 500) failures.Add($"{what}: expected {expected?.ToString() ?? "a 4xx"}");
                if (await HtmlPages.NotAFullPage(response) is { } wrong) failures.Add($"{what}: {wrong}");
                checkedUrls++;
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedUrls >= 4 * 20, $"only {checkedUrls} answers checked");
    }

    [Theory]
    [InlineData("GET", "/scorecards", 404)]
    [InlineData("GET", "/scorecards/not-an-id/versions/1/nothing", 404)]
    [InlineData("GET", "/reviewers", 404)]
    [InlineData("GET", "/tools/", 404)]
    [InlineData("GET", "/method/more", 404)]
    [InlineData("GET", "/scorecards/5eed0000-0000-4000-8000-000000000001/votes", 405)]
    [InlineData("GET", "/sign-out", 405)]
    [InlineData("GET", "/workspace/nothing-here", 404)]
    [InlineData("POST", "/scorecards/5eed0000-0000-4000-8000-000000000001", 405)]
    public async Task an_unknown_address_or_method_under_a_page_prefix_answers_a_page(string method, string url, int status)
    {
        using var http = Host.Server.CreateClient();
        var cookie = url.StartsWith("/workspace") ? await AdminSession() : null;
        foreach (var accept in Accepts)
        {
            using var response = await Send(http, method, url, accept, cookie);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Null(await HtmlPages.NotAFullPage(response));
        }
    }

    [Fact]
    public async Task the_api_keeps_problem_json_for_ids_that_are_not_ones()
    {
        using var http = Host.Server.CreateClient();
        var machine = Routes().Where(r => r.Method == "GET" && IsMachine(r.Pattern) && r.Pattern.Parameters.Count > 0
                                          && r.Pattern.RawText!.Contains("{id}")).ToList();
        Assert.True(machine.Count >= 15, $"only {machine.Count} API routes with ids");
        var failures = new List<string>();
        foreach (var (method, pattern) in machine)
        {
            var url = Fill(pattern, "not-an-id");
            foreach (var accept in new[] { null, "application/json" })
            {
                using var response = await Send(http, method, url, accept, token: AppFixture.AdminKey);
                var type = response.Content.Headers.ContentType?.MediaType;
                if ((int)response.StatusCode is < 400 or >= 500 || type != "application/problem+json")
                    failures.Add($"{method} {url} (Accept: {accept ?? "none"}) → {(int)response.StatusCode} {type}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
