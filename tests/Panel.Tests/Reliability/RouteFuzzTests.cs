using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Panel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Panel.Tests.Reliability;

/// <summary>
/// Generated requests at every route the running app maps (read from its endpoint data source, so a new
/// route is covered without touching this test): never a 5xx, and a refused request changes nothing.
/// </summary>
public class RouteFuzzTests(AppFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    public const int Requests = 3000;

    private static readonly string[] Fields =
    [
        "decision", "quote", "note", "reason", "name", "role", "toolIds", "title", "reviewerId", "angle", "toolId",
        "entryTier", "pricingRead", "vendor", "category", "tagline", "description", "url", "secret", "events", "dueAt", "remindAt"
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "text/plain",
        "multipart/form-data", "application/json; charset=utf-16", "application/xml", ""
    ];

    public sealed record Shot(string Method, string Path, string? Credential, string ContentType, string? Body, string? IfMatch)
    {
        public override string ToString() =>
            $"{Method} {Path} [{ContentType}] auth={Credential?[..Math.Min(12, Credential.Length)]} if-match={IfMatch} body={Body?[..Math.Min(200, Body.Length)]}";
    }

    [Fact]
    public async Task generated_requests_to_every_route_never_get_a_server_error_and_refusals_change_nothing()
    {
        var panel = await Api.PublishedPanel("SK", "SS");
        var open = await Api.Panel();
        var routes = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (e.RoutePattern, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .ToList();
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes found");

        string[] ids =
        [
            panel.Id.ToString(), open.Id.ToString(), panel.Tools[0].ToString(), open.Tools[1].ToString(),
            panel.Reviewers[0].Id.ToString(), panel.Editor.Id.ToString(), Guid.NewGuid().ToString(), Guid.Empty.ToString()
        ];
        string[] oddSegments = ["1", "0", "-1", "2", "99999999999999999999", "x", "%25", "..", "%2F", "a%20b", "🎉", new string('z', 300)];
        string[] credentials =
        [
            AppFixture.AdminKey, panel.Editor.Token, panel.Reviewers[0].Token, open.Reviewers[1].Token, "pnl_forged", ""
        ];
        string[] values =
        [
            "null", "0", "-1", "1e400", "true", "[]", "{}", "\"\"", "\"Ship\"", "\"Skip\"", "\"Admin\"", "\"Free\"",
            "\"a\\u0000b\"", "\"\\ud800\"", "\"<script>alert(1)</script>\"", "\"http://127.0.0.1:1/x\"",
            $"\"{panel.Tools[0]}\"", $"\"{panel.Reviewers[1].Id}\"", $"[\"{panel.Tools[0]}\",\"{panel.Tools[1]}\"]",
            "\"2026-11-29T10:00:00Z\"", "[\"scorecard.published\"]", "\"" + new string('q', 3000) + "\""
        ];

        var segment = Gen.Frequency((3, Gen.OneOf(ids)), (1, Gen.OneOf(oddSegments)));
        var jsonObject = Gen.Select(Gen.OneOf(Fields), Gen.OneOf(values))
            .Array[0, 6]
            .Select(pairs => "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}");
        var body = Gen.Frequency(
            (1, Gen.Const((string?)null)),
            (6, jsonObject.Select(x => (string?)x)),
            (1, Gen.String[0, 40].Select(x => (string?)x)),
            (1, Gen.Select(Gen.OneOf(ids), Gen.OneOf("toolId", "decision", "__RequestVerificationToken"))
                .Select((v, k) => (string?)$"{k}={Uri.EscapeDataString(v)}")));
        var shot = Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Int[0, 9], segment.Array[4], Gen.OneOf(credentials),
                Gen.OneOf(ContentTypes), body, Gen.OneOf<string?>(null, null, "\"1\"", "*", "garbage"))
            .Select((r, m, segs, credential, type, b, ifMatch) =>
            {
                var (pattern, methods) = routes[r];
                // Mostly the route's own methods; sometimes another, which must be a 405, never a 500.
                var method = m < 8 ? methods[m % methods.Count] : new[] { "DELETE", "PATCH", "PUT", "POST" }[m % 4];
                return new Shot(method, Fill(pattern, segs), credential == "" ? null : credential, type, b, ifMatch);
            });

        using var http = Host.Server.CreateClient();
        var statuses = new Dictionary<int, int>();
        await shot.SampleAsync(async s =>
        {
            var before = await LastSequence();
            var status = await Send(http, s);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"{(int)status} for {s}");
            if (status >= 400) Assert.True(before == await LastSequence(), $"{status} for {s} appended events");
        }, iter: Requests, threads: 1);

        output.WriteLine($"{Requests} requests over {routes.Count} routes; statuses: " +
                         string.Join(", ", statuses.OrderBy(x => x.Key).Select(x => $"{x.Key}×{x.Value}")));
        Assert.True(statuses.Keys.Count(x => x is >= 200 and < 300) > 0, "no generated request was accepted: the generator is too weak");
    }

    /// <summary>
    /// The sign-in form's return address, generated (the route fuzz above sends no CSRF token, so it never
    /// reaches the form): whatever a crafted link carries, signing in answers 303 to a local path that a
    /// Location header can carry (printable ASCII, valid escapes), never a 5xx and never another host.
    /// </summary>
    [Fact]
    public async Task generated_return_addresses_at_sign_in_always_redirect_to_a_well_formed_local_path()
    {
        char[] odd =
        [
            '/', '/', '\\', '%', '#', '?', '&', '=', ' ', '.', ':', '@', '"', '<', '\0', '\r', '\n', '\t', 'é', 'ß', '字', '／', '．', 'ｗ',
            '\u00A0', '\u2028', '\u2029', '\u200B', '\u202E', '\u2066', '\uFEFF', '\uD83C', '\uDF89', '\uD800', '\uFFFF', '\u0301'
        ];
        var character = Gen.Frequency((4, Gen.Char['!', '~']), (3, Gen.OneOf(odd)), (1, Gen.Char));
        var target = Gen.Frequency(
            (4, character.Array[0, 24].Select(cs => "/" + new string(cs))),
            (1, character.Array[0, 24].Select(cs => new string(cs))),
            (1, Gen.OneOf("//evil.example", "/\\evil.example", "https://evil.example/", "/%2F%2Fevil", "/%", "/%zz", "/café", "/\u2028x", "")));

        using var browser = new BrowserSession(Host);
        await browser.Get("/sign-in");
        var statuses = new Dictionary<int, int>();
        await target.SampleAsync(async returnUrl =>
        {
            var page = await browser.Post("/sign-in", [("token", AppFixture.AdminKey), ("returnUrl", returnUrl)]);
            statuses[page.Status] = statuses.GetValueOrDefault(page.Status) + 1;
            // A form the framework cannot read (a NUL in it, say) is a 400 page; everything else signs in.
            Assert.True(page.Status is 303 or 400, $"{page.Status} for returnUrl {Escaped(returnUrl)}: {page.Main.Trim()}");
            if (page.Status == 400) Assert.Contains("could not be read", page.Main);
            else Assert.True(IsLocalHeaderPath(page.Location ?? ""), $"Location {Escaped(page.Location ?? "")} for returnUrl {Escaped(returnUrl)}");
            await browser.Get("/sign-in");
        }, iter: 400, threads: 1);
        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(x => $"{x.Key}×{x.Value}")));
        Assert.True(statuses.GetValueOrDefault(303) > 300, "the generated targets were mostly refused: the generator is too weak");
    }

    private static bool IsLocalHeaderPath(string location)
    {
        if (location.Length == 0 || location[0] != '/' || (location.Length > 1 && location[1] is '/' or '\\')) return false;
        if (location.Any(c => c is < '!' or > '~' or '\\' or '"' or '<' or '>' or '`' or '{' or '}' or '|' or '^' or '[' or ']')) return false;
        if (System.Text.RegularExpressions.Regex.IsMatch(location, "%(?![0-9A-Fa-f]{2})")) return false;
        return new Uri(new Uri("http://panel.test/"), location).Host == "panel.test";
    }

    private static string Escaped(string s) =>
        string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));

    private static string Fill(RoutePattern pattern, string[] segments)
    {
        var path = new StringBuilder();
        var next = 0;
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter when parameter.IsOptional && next % 3 == 2 => "",
                    RoutePatternParameterPart => segments[next++ % segments.Length],
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => ""
                });
            }
        }
        return path.Length == 0 ? "/" : path.ToString();
    }

    private static async Task<int> Send(HttpClient http, Shot s)
    {
        using var request = new HttpRequestMessage(new HttpMethod(s.Method), s.Path);
        if (s.Credential is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + s.Credential);
        if (s.IfMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", s.IfMatch);
        if (s.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(s.Body));
            if (s.ContentType != "") request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(s.ContentType);
        }
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    private static async Task<long> LastSequence()
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(seq_id), 0) from panel.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
