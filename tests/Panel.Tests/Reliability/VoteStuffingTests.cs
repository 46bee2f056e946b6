using System.Net;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Panel.Community;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// Clearing cookies makes a new voter every time; a network may bring only a few new voters to one
/// comparison a day (3 here, the default), while voters it already counts can still change their vote.
/// </summary>
[Collection("api")]
public class VoteStuffingTests(AppFixture fixture) : IAsyncLifetime
{
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        await fixture.Host.ResetAllMartenDataAsync();
        _host = await AppFixture.StartAsync(demo: false, new Dictionary<string, string>
        {
            ["Panel:Votes:NewVotersPerNetworkPerDay"] = "3"
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<IScenarioResult> Vote(Guid comparison, Guid tool, string address, int status, string? cookie = null) =>
        _host.Scenario(s =>
        {
            s.Post.Json(new { toolId = tool }).ToUrl($"/api/scorecards/{comparison}/votes");
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse(address));
            if (cookie is not null) s.WithRequestHeader("Cookie", cookie);
            s.StatusCodeShouldBe(status);
        });

    private static string CookieOf(IScenarioResult result) => result.Context.Response.Headers.SetCookie.First()!.Split(';')[0];

    [Fact]
    public async Task a_fourth_new_voter_from_one_network_is_refused_and_known_voters_and_other_networks_still_count()
    {
        var api = new Scenarios(_host);
        var panel = await api.PublishedPanel("SK");
        var first = await Vote(panel.Id, panel.Tools[0], "203.0.113.7", 200);
        await Vote(panel.Id, panel.Tools[0], "203.0.113.7", 200);
        await Vote(panel.Id, panel.Tools[0], "203.0.113.7", 200);

        var refused = await Vote(panel.Id, panel.Tools[0], "203.0.113.7", 429);

        var problem = await Problem.Read(refused, 429);
        Assert.Equal(Problem.Type("too-many-new-voters"), (string)problem["type"]!);
        Assert.InRange(int.Parse(refused.Context.Response.Headers.RetryAfter.ToString()), 1, 86_400);
        Assert.Equal(3, (int)(await api.Get($"/api/scorecards/{panel.Id}"))["communityVotes"]!);

        // A voter the network already brought changes their mind: still counted.
        await Vote(panel.Id, panel.Tools[1], "203.0.113.7", 200, CookieOf(first));
        // Another network, and another comparison, have allowances of their own.
        await Vote(panel.Id, panel.Tools[1], "198.51.100.20", 200);
        var other = await api.PublishedPanel("SS");
        await Vote(other.Id, other.Tools[0], "203.0.113.7", 200);

        var card = await api.Get($"/api/scorecards/{panel.Id}");
        Assert.Equal(4, (int)card["communityVotes"]!);
        Assert.Equal(50, (int)card["tools"]![0]!["communityPercent"]!);
    }

    [Fact]
    public async Task addresses_in_one_ipv6_64_are_one_network()
    {
        var api = new Scenarios(_host);
        var panel = await api.PublishedPanel("SS");
        await Vote(panel.Id, panel.Tools[0], "2001:db8:1:2::1", 200);
        await Vote(panel.Id, panel.Tools[0], "2001:db8:1:2::2", 200);
        await Vote(panel.Id, panel.Tools[0], "2001:db8:1:2:ffff::3", 200);

        await Vote(panel.Id, panel.Tools[0], "2001:db8:1:2:aaaa::4", 429);
        await Vote(panel.Id, panel.Tools[0], "2001:db8:1:3::1", 200);
    }

    [Fact]
    public async Task the_page_form_says_in_words_why_a_vote_was_not_counted()
    {
        var api = new Scenarios(_host);
        var panel = await api.PublishedPanel("SS");
        for (var i = 0; i < 3; i++) await Vote(panel.Id, panel.Tools[0], "192.0.2.1", 200);

        var result = await _host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["toolId"] = panel.Tools[0].ToString() }).ToUrl($"/scorecards/{panel.Id}/votes");
            s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.1"));
            s.StatusCodeShouldBe(303);
        });
        var location = result.Context.Response.Headers.Location.ToString();
        Assert.Equal($"/scorecards/{panel.Id}?refused=new-voters#community", location);

        var page = await _host.Scenario(s => s.Get.Url(location.Split('#')[0]));
        var html = await page.ReadAsTextAsync();
        Assert.Contains("Your vote was not counted", html);
        Assert.Contains("How far to trust this figure", html);
    }

    [Fact]
    public async Task the_record_holds_a_keyed_hash_of_the_network_never_the_address()
    {
        var api = new Scenarios(_host);
        var panel = await api.PublishedPanel("SS");
        await Vote(panel.Id, panel.Tools[0], "203.0.113.99", 200);

        await using var session = _host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(CommunityTally.StreamIdFor(panel.Id));
        var arrived = Assert.IsType<VoterArrived>(events[0].Data);
        Assert.Matches("^[0-9a-f]{32}$", arrived.Network);
        Assert.DoesNotContain("203.0.113.99", System.Text.Json.JsonSerializer.Serialize(events.Select(e => e.Data).ToList()));
    }
}
