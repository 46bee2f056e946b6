using System.Text;
using Alba;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>What no endpoint could read is refused before any endpoint runs, with a 4xx problem, changing nothing.</summary>
public class RequestGuardTests(AppFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-7", "/scorecards/{id}/votes")]
    [InlineData("application/json; charset=utf-16", "/api/scorecards/{id}/votes")]
    [InlineData("application/json; charset=nonsense", "/api/scorecards/{id}/votes")]
    public async Task a_body_in_another_character_set_is_refused_with_415_and_counts_no_vote(string contentType, string route)
    {
        var panel = await Api.PublishedPanel("SS");
        var url = route.Replace("{id}", panel.Id.ToString());
        var body = contentType.StartsWith("application/json") ? $"{{\"toolId\":\"{panel.Tools[0]}\"}}" : $"toolId={panel.Tools[0]}";

        var result = await Host.Scenario(s =>
        {
            s.Post.ByteArray(Encoding.UTF8.GetBytes(body)).ToUrl(url);
            s.WithRequestHeader("Content-Type", contentType);
            s.StatusCodeShouldBe(415);
        });

        if (route.StartsWith("/api"))
        {
            var problem = await Problem.Read(result, 415);
            Assert.Equal(Problem.Type("unsupported-media-type"), (string)problem["type"]!);
        }
        else
        {
            // The page's form: a page that says why, like every answer at a page address.
            Assert.StartsWith("text/html", result.Context.Response.ContentType);
            Assert.Contains("character set is not supported", await result.ReadAsTextAsync());
        }
        Assert.Null((await Api.Get($"/api/scorecards/{panel.Id}"))["tools"]![0]!["communityPercent"]);
    }

    [Fact]
    public async Task a_utf8_charset_is_accepted()
    {
        var panel = await Api.PublishedPanel("SS");
        await Host.Scenario(s =>
        {
            s.Post.ByteArray(Encoding.UTF8.GetBytes($"{{\"toolId\":\"{panel.Tools[0]}\"}}")).ToUrl($"/api/scorecards/{panel.Id}/votes");
            s.WithRequestHeader("Content-Type", "application/json; charset=UTF-8");
            s.StatusCodeShouldBe(200);
        });
    }

    [Theory]
    [InlineData("application/json", 64 * 1024 + 1)]
    [InlineData("application/x-www-form-urlencoded", 64 * 1024 + 1)]
    public async Task a_body_larger_than_panel_needs_is_refused_with_413_and_changes_nothing(string contentType, int size)
    {
        var panel = await Api.CompletedPanel("SS");
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;
        var quote = new string('q', size);

        var result = await Host.Scenario(s =>
        {
            s.Put.ByteArray(Encoding.UTF8.GetBytes(contentType == "application/json"
                ? $"{{\"decision\":\"Skip\",\"quote\":\"{quote}\",\"reason\":\"r\"}}"
                : $"decision=Skip&quote={quote}")).ToUrl($"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}");
            s.WithRequestHeader("Content-Type", contentType);
            s.WithRequestHeader("Authorization", "Bearer " + panel.Reviewers[0].Token);
            s.StatusCodeShouldBe(413);
        });

        Assert.Equal(Problem.Type("body-too-large"), (string)(await Problem.Read(result, 413))["type"]!);
        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
    }

    [Theory]
    [InlineData("DELETE", "/health")]
    [InlineData("POST", "/health")]
    [InlineData("PUT", "/health/ready")]
    [InlineData("PATCH", "/health/live")]
    public async Task health_answers_only_get_and_head(string method, string url)
    {
        var result = await Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c =>
            {
                c.Request.Method = method;
                c.Request.Path = url;
            });
            s.StatusCodeShouldBe(405);
        });
        Assert.Equal(Problem.Type("method-not-allowed"), (string)(await Problem.Read(result, 405))["type"]!);
    }

    [Theory]
    [InlineData("GET", "/health/live")]
    [InlineData("HEAD", "/health/live")]
    [InlineData("GET", "/health/ready")]
    [InlineData("HEAD", "/health")]
    public async Task the_probes_answer_200_while_the_database_answers(string method, string url)
    {
        await Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c =>
            {
                c.Request.Method = method;
                c.Request.Path = url;
            });
            s.StatusCodeShouldBe(200);
        });
    }
}
