using Npgsql;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// An event type this version does not know (written by a newer version, or a damaged row) makes the
/// reads that replay that stream answer a clear problem naming the stream and the event; the rest of the
/// service is unaffected.
/// </summary>
public class UnknownEventTests(AppFixture fixture) : ApiTest(fixture)
{
    private async Task AppendUnknownEvent(Guid stream)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            insert into panel.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select nextval('panel.mt_events_sequence'), gen_random_uuid(), @stream,
                   (select max(version) + 1 from panel.mt_events where stream_id = @stream),
                   '{"comparisonId":"00000000-0000-0000-0000-000000000000"}'::jsonb, 'comparison_retitled', now(), '*DEFAULT*',
                   'Panel.Comparisons.ComparisonRetitled, Panel.Api';
            update panel.mt_streams set version = version + 1 where id = @stream;
            """, connection);
        command.Parameters.AddWithValue("stream", stream);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task replaying_reads_name_the_stream_and_the_event_and_everything_else_still_answers()
    {
        var panel = await Api.PublishedPanel("SS");
        var other = await Api.PublishedPanel("SK");
        await AppendUnknownEvent(panel.Id);

        foreach (var url in new[]
                 {
                     $"/api/comparisons/{panel.Id}/history",
                     $"/api/comparisons/{panel.Id}/scorecard?at={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}",
                     $"/api/scorecards/{panel.Id}/versions/1/verification"
                 })
        {
            var result = await Api.Send(HttpMethod.Get, url, panel.Editor.Token, null, 500);
            var problem = await Problem.Read(result, 500);
            Assert.Equal(Problem.Type("unreadable-event"), (string)problem["type"]!);
            var detail = (string)problem["detail"]!;
            Assert.Contains(panel.Id.ToString(), detail);
            Assert.Contains("comparison_retitled", detail);
            Assert.DoesNotContain("Exception", detail);
        }

        // The published scorecard, the live documents and other comparisons are untouched.
        await Api.Get($"/api/scorecards/{panel.Id}");
        await Api.Get($"/api/comparisons/{panel.Id}", panel.Editor.Token);
        await Api.Get($"/api/comparisons/{other.Id}/history", other.Editor.Token);
        await Api.Get($"/api/scorecards/{other.Id}/versions/1/verification");
    }

    [Fact]
    public async Task a_page_that_cannot_read_its_stream_answers_a_500_page_whatever_the_client_accepts()
    {
        var panel = await Api.PublishedPanel("SS");
        await AppendUnknownEvent(panel.Id);
        using var browser = new BrowserSession(Host);
        await browser.SignIn(panel.Editor.Token);
        var cookie = $"{Panel.Workspace.Sessions.WorkspaceSession.CookieName}={browser.Cookie(Panel.Workspace.Sessions.WorkspaceSession.CookieName)!.Value}";
        using var http = Host.Server.CreateClient();

        foreach (var accept in new[] { null, "*/*", "application/json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/workspace/comparisons/{panel.Id}/history");
            request.Headers.Add("Cookie", cookie);
            if (accept is not null) request.Headers.Add("Accept", accept);
            using var response = await http.SendAsync(request);
            Assert.Equal(500, (int)response.StatusCode);
            Assert.Null(await HtmlPages.NotAFullPage(response));
            Assert.Contains("An event cannot be read", await response.Content.ReadAsStringAsync());
        }
    }
}
