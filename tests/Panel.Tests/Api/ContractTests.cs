using Alba;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Small promises of the HTTP contract that clients build on.</summary>
public class ContractTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task the_location_of_a_created_user_answers_for_admins()
    {
        var result = await Api.Send(HttpMethod.Post, "/api/users", Scenarios.Admin, new { name = "Ada Park", role = "Editor" }, 201);
        var location = result.Context.Response.Headers.Location.ToString();

        var user = await Api.Get(location, Scenarios.Admin);
        Assert.Equal("Ada Park", (string)user["name"]!);
        Assert.Equal("Editor", (string)user["role"]!);
        Assert.Null(user["token"]);
        Assert.Null(user["tokenHash"]);

        var editor = await Api.User("Editor");
        await Api.Get(location, editor.Token, 403);
        await Api.Get($"/api/users/{Guid.NewGuid()}", Scenarios.Admin, 404);
    }

    [Theory]
    [InlineData("/api/comparisons/{id}")]
    [InlineData("/api/comparisons/{id}/scorecard")]
    [InlineData("/api/tools/{tool}")]
    public async Task authenticated_reads_answer_304_to_a_matching_if_none_match(string route)
    {
        var panel = await Api.CompletedPanel("SK");
        var url = route.Replace("{id}", panel.Id.ToString()).Replace("{tool}", panel.Tools[0].ToString());
        var first = await Api.Send(HttpMethod.Get, url, panel.Editor.Token, null, 200);
        var etag = first.Context.Response.Headers.ETag.ToString();
        Assert.Contains("Authorization", first.Context.Response.Headers.Vary.ToString());

        var again = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", "Bearer " + panel.Editor.Token);
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(304);
        });
        Assert.Equal("", await again.ReadAsTextAsync());

        // A change moves the version: the old tag no longer matches.
        await Api.Verdict(panel.Reviewers[0], panel.Id, panel.Tools[0], "Skip", "Changed my mind.", reason: "Second look");
        await Api.Json(HttpMethod.Put, $"/api/tools/{panel.Tools[0]}/pricing", panel.Editor.Token,
            new { entryTier = "Paid", pricingRead = "Now paid." }, 200);
        await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithRequestHeader("Authorization", "Bearer " + panel.Editor.Token);
            s.WithRequestHeader("If-None-Match", etag);
            s.StatusCodeShouldBe(200);
        });
    }

    [Fact]
    public async Task a_time_before_the_comparison_existed_says_so()
    {
        var panel = await Api.Panel();
        var before = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"));

        var result = await Api.Send(HttpMethod.Get, $"/api/comparisons/{panel.Id}/scorecard?at={before}", panel.Editor.Token, null, 404);

        var problem = await Problem.Read(result, 404);
        Assert.Equal("The comparison did not exist yet.", (string)problem["title"]!);
        Assert.Contains(panel.Id.ToString(), (string)problem["detail"]!);
        Assert.Contains("was opened at", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("/api/users", "{\"name\":\"Ada\",\"role\":\"Chair\"}", "role", "Reviewer, Editor or Admin")]
    [InlineData("/api/tools", "{\"name\":\"X\",\"vendor\":\"V\",\"category\":\"C\",\"tagline\":\"T\",\"description\":\"D\",\"entryTier\":\"Cheap\",\"pricingRead\":\"P\"}", "entryTier", "Free, Freemium, Paid or Enterprise")]
    public async Task an_unknown_enum_value_lists_the_allowed_ones(string url, string body, string field, string allowed)
    {
        var editor = await Api.User("Editor");
        var token = url == "/api/users" ? Scenarios.Admin : editor.Token;

        var problem = await Problem.Read(await Api.Send(HttpMethod.Post, url, token, body, 400), 400);

        Assert.Equal($"The value must be one of {allowed}.", (string)problem["errors"]![field]![0]!);
    }
}
