using Npgsql;
using Panel.Comparisons;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>A published scorecard names a digest of the events it was computed from, and anyone can check it.</summary>
public class TamperEvidenceTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_publication_names_the_hash_chain_of_the_events_before_it()
    {
        var panel = await Api.PublishedPanel("SS", "SK");

        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        var evidence = await Api.Get($"/api/scorecards/{panel.Id}/versions/1/evidence");
        var links = evidence["events"]!.AsArray().Select(e => (string)e!["link"]!).ToList();
        var count = (long)card["events"]!["count"]!;
        var digest = (string)card["events"]!["digest"]!;

        // Opened, two seats, four verdicts, the panel completed, the editor's verdict: the publication itself is event 10.
        Assert.Equal(9, count);
        Assert.Matches("^[0-9a-f]{64}$", digest);
        Assert.Equal(digest, links[(int)count - 1]);
        Assert.Equal(links.Count, links.Distinct().Count());
    }

    [Fact]
    public async Task the_chain_is_what_the_documented_algorithm_gives()
    {
        var panel = await Api.PublishedPanel("SK");

        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(panel.Id);
        string? previous = null;
        foreach (var e in events)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(e.Data, e.Data.GetType(),
                new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
                {
                    Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() }
                });
            var link = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes($"{previous}\n{e.Version}\n{e.Data.GetType().Name}\n{json}")));
            Assert.Equal(link, EventDigest.Next(previous, e.Version, e.Data));
            previous = link;
        }
    }

    [Fact]
    public async Task an_untouched_publication_verifies()
    {
        var panel = await Api.PublishedPanel("SS", "KS");

        var check = await Api.Get($"/api/scorecards/{panel.Id}/versions/1/verification");
        Assert.True((bool)check["valid"]!);
        Assert.Equal((string)check["publishedDigest"]!, (string)check["recomputedDigest"]!);
        Assert.Equal(9, (long)check["eventsCovered"]!);
    }

    [Fact]
    public async Task changing_a_recorded_verdict_behind_the_services_back_fails_verification()
    {
        var panel = await Api.PublishedPanel("SS", "SK");
        // A later correction does not hide an edit of an earlier event either.
        await Api.Verdict(panel.Reviewers[1], panel.Id, panel.Tools[1], "Ship", "Re-tested.", reason: "New release");
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 2 re-tested tool B.");
        Assert.True((bool)(await Api.Get($"/api/scorecards/{panel.Id}/versions/2/verification"))["valid"]!);

        // Someone with database access turns reviewer 2's original Skip on tool B (event 7) into a Ship.
        await using (var connection = new NpgsqlConnection(AppFixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand(
                "update panel.mt_events set data = jsonb_set(data, '{Decision}', '\"Ship\"') where stream_id = @id and version = 7",
                connection);
            update.Parameters.AddWithValue("id", panel.Id);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        foreach (var version in new[] { 1, 2 })
        {
            var check = await Api.Get($"/api/scorecards/{panel.Id}/versions/{version}/verification");
            Assert.False((bool)check["valid"]!);
            Assert.NotEqual((string)check["publishedDigest"]!, (string)check["recomputedDigest"]!);
        }
    }

    [Fact]
    public async Task the_page_names_the_digest_and_links_the_check()
    {
        var panel = await Api.PublishedPanel("SS");
        var card = await Api.Get($"/api/scorecards/{panel.Id}");

        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        var digest = page.QuerySelector(".digest")!;
        Assert.Contains((string)card["events"]!["digest"]!, digest.TextContent);
        Assert.Equal($"/api/scorecards/{panel.Id}/versions/1/verification", digest.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task verifying_an_unknown_version_is_404()
    {
        var panel = await Api.PublishedPanel("SS");
        await Api.Get($"/api/scorecards/{panel.Id}/versions/2/verification", status: 404);
        await Api.Get($"/api/scorecards/{Guid.NewGuid()}/versions/1/verification", status: 404);
    }

    [Fact]
    public async Task a_publication_that_names_no_digest_says_it_cannot_be_verified()
    {
        var panel = await Api.CompletedPanel("SS");
        // A publication recorded before digests existed: its content carries none.
        await using (var session = Store.LightweightSession())
        {
            var comparison = (await session.LoadAsync<Comparison>(panel.Id))!;
            var content = Panel.Scorecards.ScorecardCalculator.Freeze(comparison) with { Events = null };
            session.Events.Append(panel.Id, new ScorecardPublished(panel.Id, 1, null, false, content, panel.Editor.Id, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var problem = await Api.Get($"/api/scorecards/{panel.Id}/versions/1/verification", status: 409);
        Assert.Equal(Problem.Type("not-verifiable"), (string)problem["type"]!);
        var (page, _) = await HtmlPages.Open(Host, $"/scorecards/{panel.Id}");
        Assert.Null(page.QuerySelector(".digest"));
        Assert.Equal("100%", page.ToolCard(panel.Tools[0]).Figure("panel-ship"));
    }
}
