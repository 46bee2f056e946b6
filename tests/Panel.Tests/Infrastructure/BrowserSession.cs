using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Alba;

namespace Panel.Tests.Infrastructure;

/// <summary>
/// A browser's view of the in-process host, for fast workspace tests: it keeps cookies, does not follow
/// redirects (tests check the 303s), parses pages, and posts forms with the CSRF token of the last page.
/// </summary>
public sealed class BrowserSession : IDisposable
{
    private static readonly Uri Origin = new("http://localhost/");
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public string? Csrf { get; private set; }

    public BrowserSession(IAlbaHost host)
    {
        _http = new HttpClient(new Cookies(_cookies) { InnerHandler = host.Server.CreateHandler() }) { BaseAddress = Origin };
    }

    public Cookie? Cookie(string name) => _cookies.GetCookies(Origin)[name];

    public async Task<Page> Get(string url)
    {
        using var response = await _http.GetAsync(url);
        return await Read(response);
    }

    public async Task<Page> Post(string url, IEnumerable<(string Name, string Value)> fields, bool withCsrf = true)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (withCsrf && Csrf is not null) form.Add(new("__csrf", Csrf));
        using var response = await _http.PostAsync(url, new FormUrlEncodedContent(form));
        return await Read(response);
    }

    public async Task<Page> SignIn(string token)
    {
        await Get("/sign-in");
        var page = await Post("/sign-in", [("token", token), ("returnUrl", "/workspace")]);
        Assert.Equal(303, page.Status);
        return page;
    }

    private async Task<Page> Read(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var document = await new HtmlParser().ParseDocumentAsync(text);
        if (document.QuerySelector("input[name='__csrf']")?.GetAttribute("value") is { } token) Csrf = token;
        return new Page((int)response.StatusCode, response.Headers.Location?.OriginalString, document, text,
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    public void Dispose() => _http.Dispose();

    public sealed record Page(int Status, string? Location, IDocument Document, string Text, IReadOnlyDictionary<string, string> Headers)
    {
        public string Main => Document.QuerySelector("main")?.TextContent ?? "";
    }

    private sealed class Cookies(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var uri = new Uri(Origin, request.RequestUri!);
            var header = jar.GetCookieHeader(uri);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
                foreach (var c in cookies) jar.SetCookies(uri, c);
            return response;
        }
    }
}
