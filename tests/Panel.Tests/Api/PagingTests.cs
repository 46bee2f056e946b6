using System.Text.Json.Nodes;
using Marten;
using Panel.Tests.Infrastructure;
using Panel.Infrastructure;
using Panel.Webhooks;

namespace Panel.Tests.Api;

/// <summary>Lists that scale: every list is read a page at a time with an opaque cursor; the public list is searchable.</summary>
public class PagingTests(AppFixture fixture) : ApiTest(fixture)
{
    private sealed record Page(JsonArray Items, string? Next);

    private async Task<Page> Read(string url, string? token = null)
    {
        var result = await Api.Send(HttpMethod.Get, url, token, null, 200);
        var link = result.Context.Response.Headers["Link"].ToString();
        string? next = null;
        if (link.Length > 0)
        {
            Assert.EndsWith(">; rel=\"next\"", link);
            next = link[1..link.IndexOf('>')];
        }
        return new Page(JsonNode.Parse(await result.ReadAsTextAsync())!.AsArray(), next);
    }

    /// <summary>Follows the next links from <paramref name="url"/> to the end: every item, page by page.</summary>
    private async Task<List<List<Guid>>> Walk(string url, string? token = null, string idField = "id")
    {
        var pages = new List<List<Guid>>();
        for (string? next = url; next is not null;)
        {
            var page = await Read(next, token);
            pages.Add(page.Items.Select(x => (Guid)x![idField]!).ToList());
            next = page.Next;
        }
        return pages;
    }

    private static string CursorOf(string next) =>
        Uri.UnescapeDataString(next.Split("cursor=")[1].Split('&')[0]);

    [Fact]
    public async Task the_public_list_is_read_page_by_page_newest_first_without_gaps_or_repeats()
    {
        var published = new List<Guid>();
        for (var i = 0; i < 5; i++) published.Add((await Api.PublishedPanel("SS")).Id);
        published.Reverse();

        var pages = await Walk("/api/scorecards?limit=2");

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(published, pages.SelectMany(p => p));
        Assert.Equal(published, (await Read("/api/scorecards")).Items.Select(x => (Guid)x!["id"]!));
    }

    [Fact]
    public async Task a_publication_between_two_pages_neither_repeats_nor_skips_a_scorecard()
    {
        var older = new List<Guid>();
        for (var i = 0; i < 3; i++) older.Add((await Api.PublishedPanel("SS")).Id);
        var first = await Read("/api/scorecards?limit=2");

        var newer = (await Api.PublishedPanel("SK")).Id;
        var second = await Read(first.Next!);

        Assert.Equal([older[2], older[1]], first.Items.Select(x => (Guid)x!["id"]!));
        Assert.Equal([older[0]], second.Items.Select(x => (Guid)x!["id"]!));
        Assert.Null(second.Next);
        Assert.Equal(newer, (Guid)(await Read("/api/scorecards?limit=1")).Items[0]!["id"]!);
    }

    [Fact]
    public async Task a_list_gives_fifty_by_default_and_at_most_two_hundred()
    {
        var editor = await Api.User("Editor");
        for (var i = 0; i < 52; i++) await Api.Tool(editor, $"Tool {i:D2}");

        var first = await Read("/api/tools", editor.Token);
        Assert.Equal(50, first.Items.Count);
        Assert.Equal("Tool 00", (string)first.Items[0]!["name"]!);
        var rest = await Read(first.Next!, editor.Token);
        Assert.Equal(["Tool 50", "Tool 51"], rest.Items.Select(x => (string)x!["name"]!));
        Assert.Null(rest.Next);
        Assert.Equal(52, (await Read("/api/tools?limit=200", editor.Token)).Items.Count);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=-5")]
    public async Task a_limit_out_of_range_is_a_400_problem(string query)
    {
        var editor = await Api.User("Editor");
        foreach (var (url, token) in new[] { ("/api/scorecards", null), ("/api/tools", editor.Token), ("/api/comparisons", editor.Token), ("/api/users", Scenarios.Admin) })
        {
            var problem = await Problem.Read(await Api.Send(HttpMethod.Get, $"{url}?{query}", token, null, 400), 400);
            Assert.EndsWith("/validation", (string)problem["type"]!);
            Assert.NotNull(problem["errors"]!["limit"]);
        }
        await Api.Send(HttpMethod.Get, "/api/scorecards?limit=lots", null, null, 400);
    }

    [Fact]
    public async Task a_tampered_truncated_or_borrowed_cursor_is_a_400_problem_never_a_500()
    {
        var editor = await Api.User("Editor");
        for (var i = 0; i < 3; i++) await Api.Tool(editor, $"Tool {i}");
        var cursor = CursorOf((await Read("/api/tools?limit=1", editor.Token)).Next!);
        static string Flip(string text, int at) => text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..];
        var tampered = Flip(cursor, cursor.Length - 10);

        var good = await Api.Send(HttpMethod.Get, $"/api/tools?limit=1&cursor={Uri.EscapeDataString(cursor)}", editor.Token, null, 200);
        Assert.Equal(200, good.Context.Response.StatusCode);
        Assert.Single(JsonNode.Parse(await good.ReadAsTextAsync())!.AsArray());

        foreach (var bad in new[] { tampered, Flip(cursor, 10), cursor[..^4], "not a cursor", "%%%", "eyJuYW1lIjoiWiIsImlkIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIn0" })
        {
            var problem = await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/tools?limit=1&cursor={Uri.EscapeDataString(bad)}", editor.Token, null, 400), 400);
            Assert.NotNull(problem["errors"]!["cursor"]);
        }
        // A cursor is good for the list that gave it out only.
        await Api.Send(HttpMethod.Get, $"/api/users?cursor={Uri.EscapeDataString(cursor)}", Scenarios.Admin, null, 400);
        await Api.Send(HttpMethod.Get, $"/api/scorecards?cursor={Uri.EscapeDataString(cursor)}", null, null, 400);
    }

    [Fact]
    public async Task a_cursors_time_matches_the_time_postgresql_reads_from_the_stored_text()
    {
        var random = new Random(11);
        var times = Enumerable.Range(0, 2000)
            .Select(_ => new DateTimeOffset(new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay)), TimeSpan.Zero))
            .Concat([new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero).AddTicks(5), new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero).AddTicks(15)])
            .ToList();
        await using var session = Store.QuerySession();
        var texts = times.Select(t => System.Text.Json.JsonSerializer.Serialize(t).Trim('"')).ToArray();

        var read = await session.AdvancedSql.QueryAsync<long>(
            "select (extract(epoch from t::timestamptz) * 1000000)::bigint from unnest(?::text[]) with ordinality as x(t, n) order by n",
            CancellationToken.None, new object[] { texts });

        var epoch = DateTimeOffset.UnixEpoch.UtcTicks;
        Assert.Equal(read, times.Select(t => (Paging.Microseconds(t).UtcTicks - epoch) / 10));
    }

    [Fact]
    public async Task the_public_list_searches_titles_and_tool_names_in_any_letter_case()
    {
        var editor = await Api.User("Editor");
        var reviewer = await Api.User("Reviewer");
        async Task<Guid> Publish(string title, string first, string second)
        {
            var id = await Api.Comparison(editor, title, [await Api.Tool(editor, first), await Api.Tool(editor, second)]);
            await Api.Seat(editor, id, reviewer, "skeptic");
            await Api.Verdict(reviewer, id, (Guid)(await Api.Details(editor, id))["tools"]![0]!["toolId"]!, "Ship");
            await Api.Verdict(reviewer, id, (Guid)(await Api.Details(editor, id))["tools"]![1]!["toolId"]!, "Skip");
            await Api.Publish(editor, id);
            return id;
        }
        var models = await Publish("Open models for coding", "Gemma 4", "Llama 100%");
        var interns = await Publish("Agents head to head", "ml-intern", "Devin");

        Assert.Equal([models], (await Read("/api/scorecards?q=MODELS")).Items.Select(x => (Guid)x!["id"]!));
        Assert.Equal([interns], (await Read("/api/scorecards?q=ML-Intern")).Items.Select(x => (Guid)x!["id"]!));
        Assert.Equal([interns, models], (await Read("/api/scorecards?q=%20%20")).Items.Select(x => (Guid)x!["id"]!));
        // Wildcards are text: % matches only a literal percent sign.
        Assert.Equal([models], (await Read("/api/scorecards?q=%25")).Items.Select(x => (Guid)x!["id"]!));
        Assert.Empty((await Read("/api/scorecards?q=l_ama")).Items);
        Assert.Empty((await Read("/api/scorecards?q=nothing-like-it")).Items);
        var tooLong = await Problem.Read(await Api.Send(HttpMethod.Get, $"/api/scorecards?q={new string('x', 201)}", null, null, 400), 400);
        Assert.NotNull(tooLong["errors"]!["q"]);
    }

    [Fact]
    public async Task a_search_is_paged_too_and_its_next_link_keeps_the_query()
    {
        var matching = new List<Guid>();
        for (var i = 0; i < 3; i++) matching.Add((await Api.PublishedPanel("SS")).Id);
        matching.Reverse();

        var first = await Read("/api/scorecards?q=versus&limit=2");

        Assert.Contains("q=versus", first.Next);
        Assert.Equal(matching, (await Walk("/api/scorecards?q=versus&limit=2")).SelectMany(p => p));
    }

    [Fact]
    public async Task comparisons_and_users_are_walked_page_by_page()
    {
        var editor = await Api.User("Editor");
        var tools = new[] { await Api.Tool(editor, "One"), await Api.Tool(editor, "Two") };
        var opened = new List<Guid>();
        for (var i = 0; i < 5; i++) opened.Add(await Api.Comparison(editor, $"C{i}", tools));
        opened.Reverse();
        for (var i = 0; i < 4; i++) await Api.User("Reviewer", $"Reviewer {i}");

        Assert.Equal(opened, (await Walk("/api/comparisons?limit=2", editor.Token)).SelectMany(p => p));
        var users = (await Walk("/api/users?limit=2", Scenarios.Admin)).SelectMany(p => p).ToList();
        var all = (await Read("/api/users?limit=200", Scenarios.Admin)).Items.Select(x => (Guid)x!["id"]!).ToList();
        Assert.Equal(5, all.Count);
        Assert.Equal(all, users);
    }

    [Fact]
    public async Task webhook_deliveries_are_paged_newest_first()
    {
        var webhook = Guid.Parse((string)(await Api.Json(HttpMethod.Post, "/api/webhooks", Scenarios.Admin,
            new { url = "http://127.0.0.1:9/hook", secret = "a-long-enough-secret-0123", events = new[] { "scorecard.published" } }, 201))["id"]!);
        var at = DateTimeOffset.UtcNow;
        var ids = new List<Guid>();
        await using (var session = Store.LightweightSession())
        {
            for (var i = 0; i < 5; i++)
            {
                var id = Guid.NewGuid();
                ids.Add(id);
                // Two share a creation time: the id keeps their order stable.
                var created = at.AddSeconds(i == 4 ? 3 : i);
                session.Store(new WebhookDelivery(id, webhook, Guid.NewGuid(), "scorecard.published", "{}", created, created,
                    DeliveryStatus.Delivered, 1, 0, created, created, 200, null, created));
            }
            await session.SaveChangesAsync();
        }

        var pages = await Walk($"/api/webhooks/{webhook}/deliveries?limit=2", Scenarios.Admin);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        var walked = pages.SelectMany(p => p).ToList();
        Assert.Equal(5, walked.Distinct().Count());
        Assert.Equal(ids[0], walked[^1]);
        Assert.Equal(new[] { ids[3], ids[4] }.Order(), walked.Take(2).Order());
        var other = await Read($"/api/webhooks/{webhook}/deliveries?limit=1", Scenarios.Admin);
        await Api.Send(HttpMethod.Get, $"/api/webhooks/{Guid.NewGuid()}/deliveries?cursor={CursorOf(other.Next!)}", Scenarios.Admin, null, 400);
    }

    [Fact]
    public async Task the_index_page_has_a_next_page_link_and_a_search_form()
    {
        var published = new List<Guid>();
        for (var i = 0; i < 3; i++) published.Add((await Api.PublishedPanel("SS")).Id);
        published.Reverse();

        var (page, _) = await HtmlPages.Open(Host, "/?limit=2");
        Assert.Equal(published.Take(2).Select(id => $"/scorecards/{id}"), page.QuerySelectorAll(".index > li h2 a").Select(a => a.GetAttribute("href")));
        var next = page.QuerySelector("a[rel='next']")!;
        Assert.Equal("Next page", next.TextContent);
        (page, _) = await HtmlPages.Open(Host, next.GetAttribute("href")!);
        Assert.Equal([$"/scorecards/{published[2]}"], page.QuerySelectorAll(".index > li h2 a").Select(a => a.GetAttribute("href")));
        Assert.Null(page.QuerySelector("a[rel='next']"));

        var form = page.QuerySelector("form[role='search']")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("label[for='search-q']"));
        (page, _) = await HtmlPages.Open(Host, "/?q=no-such-thing");
        Assert.Contains("No published scorecard matches", page.QuerySelector("main")!.TextContent);
        Assert.Equal("no-such-thing", page.QuerySelector("#search-q")!.GetAttribute("value"));

        var (bad, result) = await HtmlPages.Open(Host, "/?cursor=tampered", 400);
        Assert.StartsWith("text/html", result.Context.Response.ContentType);
        Assert.Contains("first page", bad.QuerySelector("main")!.TextContent);
        await HtmlPages.Open(Host, "/?limit=500", 400);
    }
}
