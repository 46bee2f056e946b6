using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

public class CommunityVoteTests(AppFixture fixture) : ApiTest(fixture)
{
    private Task<PanelSetup> Published() => Api.PublishedPanel("SS", "SK");

    [Fact]
    public async Task nobody_has_voted_so_community_is_null()
    {
        var panel = await Published();
        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.All(card["tools"]!.AsArray(), t => Assert.Null(t!["communityPercent"]));
        Assert.Equal(0, (int)card["communityVotes"]!);
    }

    [Fact]
    public async Task votes_are_tallied_into_community_percent_with_halves_rounded_up()
    {
        var panel = await Published();
        // 1 of 8 for tool B → 13 %, 7 of 8 for tool A → 88 %.
        for (var i = 0; i < 7; i++) await new Voter(Host).Vote(panel.Id, panel.Tools[0]);
        await new Voter(Host).Vote(panel.Id, panel.Tools[1]);

        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(88, (int)card["tools"]![0]!["communityPercent"]!);
        Assert.Equal(13, (int)card["tools"]![1]!["communityPercent"]!);
        Assert.Equal(7, (int)card["tools"]![0]!["communityVotes"]!);
        Assert.Equal(8, (int)card["communityVotes"]!);
    }

    [Fact]
    public async Task a_second_vote_replaces_the_first()
    {
        var panel = await Published();
        var voter = new Voter(Host);
        await voter.Vote(panel.Id, panel.Tools[0]);
        Assert.NotNull(voter.Cookie);
        var second = await voter.Vote(panel.Id, panel.Tools[1]);

        Assert.Equal(panel.Tools[1], Guid.Parse((string)second["yourVote"]!));
        Assert.Equal(1, (int)second["votes"]!);
        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(0, (int)card["tools"]![0]!["communityPercent"]!);
        Assert.Equal(100, (int)card["tools"]![1]!["communityPercent"]!);
    }

    [Theory]
    [InlineData("not-a-signed-value")]
    [InlineData("a")]
    [InlineData("%%%")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task a_forged_voter_cookie_counts_as_a_new_voter(string forged)
    {
        var panel = await Published();
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(new { toolId = panel.Tools[0] }).ToUrl($"/api/scorecards/{panel.Id}/votes");
            s.WithRequestHeader("Cookie", $"panel_voter={forged}");
        });
        Assert.Contains(result.Context.Response.Headers.SetCookie, c => c!.StartsWith("panel_voter=") && c.Contains("httponly"));
    }

    [Fact]
    public async Task voting_on_an_unpublished_or_unknown_comparison_is_404()
    {
        var panel = await Api.CompletedPanel("SS");
        var unpublished = await new Voter(Host).Vote(panel.Id, panel.Tools[0], 404);
        Assert.Equal(Problem.Type("not-found"), (string)unpublished["type"]!);
        await new Voter(Host).Vote(Guid.NewGuid(), panel.Tools[0], 404);
    }

    [Fact]
    public async Task voting_for_a_tool_outside_the_comparison_is_400_and_counts_nothing()
    {
        var panel = await Published();
        var problem = await new Voter(Host).Vote(panel.Id, Guid.NewGuid(), 400);
        Assert.NotNull(problem["errors"]!["toolId"]);

        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(0, (int)card["communityVotes"]!);
    }

    [Fact]
    public async Task a_vote_without_a_tool_is_400()
    {
        var panel = await Published();
        var result = await Api.Send(HttpMethod.Post, $"/api/scorecards/{panel.Id}/votes", null, "{}", 400);
        var problem = await Problem.Read(result, 400);
        Assert.NotNull(problem["errors"]!["toolId"]);
    }

    [Fact]
    public async Task votes_never_touch_the_comparison_or_its_published_version()
    {
        var panel = await Published();
        var before = await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token);
        await new Voter(Host).Vote(panel.Id, panel.Tools[0]);
        var after = await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token);

        Assert.Equal((long)before["version"]!, (long)after["version"]!);
        Assert.False((bool)after["needsCorrection"]!);
    }

    [Fact]
    public async Task the_page_form_votes_and_sends_the_browser_back_to_the_page()
    {
        var panel = await Published();
        var result = await Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["toolId"] = panel.Tools[1].ToString() })
                .ToUrl($"/scorecards/{panel.Id}/votes");
            s.StatusCodeShouldBe(303);
        });
        Assert.Equal($"/scorecards/{panel.Id}?voted=1#community", result.Context.Response.Headers.Location.ToString());

        var card = await Api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(100, (int)card["tools"]![1]!["communityPercent"]!);
    }

    [Theory]
    [InlineData("multipart/form-data", "x")]
    [InlineData("multipart/form-data; boundary=abc", "garbage")]
    public async Task an_unreadable_vote_form_is_a_400_not_a_500(string contentType, string body)
    {
        var panel = await Published();
        var result = await Host.Scenario(s =>
        {
            s.Post.Url($"/scorecards/{panel.Id}/votes");
            s.ConfigureHttpContext(c =>
            {
                c.Request.ContentType = contentType;
                c.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
            });
            s.StatusCodeShouldBe(400);
        });

        // The page's form answers a page, like every answer at a page address.
        Assert.StartsWith("text/html", result.Context.Response.ContentType);
        Assert.Contains("Choose a tool.", await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task a_reader_polling_an_unchanged_scorecard_gets_304_until_a_vote_changes_it()
    {
        var panel = await Published();
        var url = $"/api/scorecards/{panel.Id}";
        var first = await Api.Send(HttpMethod.Get, url, null, null, 200);
        var etag = first.Context.Response.Headers.ETag.ToString();

        await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", $"\"other\", {etag}");
            s.StatusCodeShouldBe(304);
        });

        await new Voter(Host).Vote(panel.Id, panel.Tools[0]);
        var after = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(200);
        });
        Assert.NotEqual(etag, after.Context.Response.Headers.ETag.ToString());
    }
}

/// <summary>Rate limiting needs a host of its own, with a limit small enough to reach.</summary>
[Collection("api")]
public class VoteRateLimitTests(AppFixture fixture) : IAsyncLifetime
{
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        await Daemons.ResetAllDataAsync(fixture.Host);
        _host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string>
        {
            ["Panel:Votes:PermitLimit"] = "3",
            ["Panel:Votes:WindowSeconds"] = "60"
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task too_many_votes_from_one_client_get_429_with_retry_after()
    {
        var api = new Scenarios(_host);
        var panel = await api.PublishedPanel("SS");

        for (var i = 0; i < 3; i++) await new Voter(_host).Vote(panel.Id, panel.Tools[0]);
        var result = await _host.Scenario(s =>
        {
            s.Post.Json(new { toolId = panel.Tools[0] }).ToUrl($"/api/scorecards/{panel.Id}/votes");
            s.StatusCodeShouldBe(429);
        });

        var problem = await Problem.Read(result, 429);
        Assert.Equal(Problem.Type("too-many-votes"), (string)problem["type"]!);
        Assert.True(int.Parse(result.Context.Response.Headers.RetryAfter.ToString()) is > 0 and <= 60);
        var card = await api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(3, (int)card["communityVotes"]!);
    }
}

/// <summary>The keys that sign voter cookies live in the database, so a restarted service knows its voters.</summary>
[Collection("api")]
public class VoterKeyTests(AppFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => Daemons.ResetAllDataAsync(fixture.Host);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_voter_is_still_recognised_after_the_service_restarts()
    {
        Guid comparison, first, second;
        string cookie;
        await using (var before = await AppFixture.StartAsync(demo: false))
        {
            var api = new Scenarios(before);
            var panel = await api.PublishedPanel("SS");
            (comparison, first, second) = (panel.Id, panel.Tools[0], panel.Tools[1]);
            var voter = new Voter(before);
            await voter.Vote(comparison, first);
            cookie = voter.Cookie!;

            // The signing key went to the database, not to this machine's disk.
            await using var session = before.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var keys = await session.Query<Panel.Community.VoterKey>().ToListAsync();
            Assert.NotEmpty(keys);
            // Encrypted at rest with Panel:KeyEncryptionKey: the master key is not in the database in clear.
            Assert.All(keys, k => Assert.Contains("panelEncryptedKey", k.Xml));
            Assert.All(keys, k => Assert.DoesNotContain("<masterKey", k.Xml));
        }

        await using var after = await AppFixture.StartAsync(demo: false);
        var result = await after.Scenario(s =>
        {
            s.Post.Json(new { toolId = second }).ToUrl($"/api/scorecards/{comparison}/votes");
            s.WithRequestHeader("Cookie", cookie);
        });
        Assert.Equal(0, result.Context.Response.Headers.SetCookie.Count);

        var card = await new Scenarios(after).Get($"/api/scorecards/{comparison}");
        Assert.Equal(1, (int)card["communityVotes"]!);
        Assert.Equal(100, (int)card["tools"]![1]!["communityPercent"]!);
    }
}

/// <summary>Behind a trusted reverse proxy, each client (not the proxy) has its own vote allowance.</summary>
[Collection("api")]
public class VoteRateLimitBehindProxyTests(AppFixture fixture) : IAsyncLifetime
{
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        await Daemons.ResetAllDataAsync(fixture.Host);
        _host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string>
        {
            ["Panel:Votes:PermitLimit"] = "2",
            ["Panel:TrustedProxies:0"] = "127.0.0.1"
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<IScenarioResult> VoteVia(Guid comparison, Guid tool, string client, int status) =>
        _host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback);
            s.Post.Json(new { toolId = tool }).ToUrl($"/api/scorecards/{comparison}/votes");
            s.WithRequestHeader("X-Forwarded-For", client);
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task each_forwarded_client_has_its_own_allowance()
    {
        var api = new Scenarios(_host);
        var panel = await api.PublishedPanel("SS");

        foreach (var client in new[] { "203.0.113.1", "203.0.113.2" })
        {
            await VoteVia(panel.Id, panel.Tools[0], client, 200);
            await VoteVia(panel.Id, panel.Tools[0], client, 200);
        }
        await VoteVia(panel.Id, panel.Tools[0], "203.0.113.1", 429);
        await VoteVia(panel.Id, panel.Tools[0], "203.0.113.3", 200);
    }
}

/// <summary>A loopback address that is not named as a proxy is not believed either.</summary>
[Collection("api")]
public class VoteRateLimitUntrustedProxyTests(AppFixture fixture) : IAsyncLifetime
{
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        await Daemons.ResetAllDataAsync(fixture.Host);
        _host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string>
        {
            ["Panel:Votes:PermitLimit"] = "2",
            ["Panel:TrustedProxies:0"] = "10.0.0.1"
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task forwarded_addresses_from_an_unnamed_sender_are_ignored()
    {
        var api = new Scenarios(_host);
        var panel = await api.PublishedPanel("SS");

        Task<IScenarioResult> Vote(string client, int status) => _host.Scenario(s =>
        {
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("127.0.0.2"));
            s.Post.Json(new { toolId = panel.Tools[0] }).ToUrl($"/api/scorecards/{panel.Id}/votes");
            s.WithRequestHeader("X-Forwarded-For", client);
            s.StatusCodeShouldBe(status);
        });

        await Vote("203.0.113.1", 200);
        await Vote("203.0.113.2", 200);
        // Had the header been believed, this would be a third client's first vote.
        await Vote("203.0.113.3", 429);
    }
}

