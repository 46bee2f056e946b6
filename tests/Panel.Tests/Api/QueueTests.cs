using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>The reviewer's queue (what they owe, overdue first) and the editors' queue (publish, correct, chase).</summary>
public class QueueTests(AppFixture fixture) : ApiTest(fixture)
{
    private static IEnumerable<Guid> Ids(JsonNode list) => list.AsArray().Select(x => (Guid)x!["comparisonId"]!);

    private async Task WaitUntilOverdue(PanelSetup panel)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!(bool)((await Api.Details(panel.Editor, panel.Id))["deadline"]?["overdue"] ?? false))
        {
            Assert.True(DateTime.UtcNow < until, "the panel did not become overdue");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task a_reviewer_sees_what_they_owe_overdue_first_then_soonest_due_then_undated()
    {
        var editor = await Api.User("Editor");
        var reviewer = await Api.User("Reviewer", "Queued Reviewer");
        var tools = new[] { await Api.Tool(editor, "Queue A"), await Api.Tool(editor, "Queue B") };
        async Task<PanelSetup> Seated(string title)
        {
            var id = await Api.Comparison(editor, title, tools);
            await Api.Seat(editor, id, reviewer, "skeptic");
            return new PanelSetup(id, editor, tools, [reviewer]);
        }
        var undated = await Seated("Undated");
        var later = await Seated("Due later");
        var sooner = await Seated("Due sooner");
        var overdue = await Seated("Overdue");
        var answered = await Seated("Answered");
        await Api.Verdict(reviewer, answered.Id, tools[0], "Ship");
        await Api.Verdict(reviewer, answered.Id, tools[1], "Ship");
        await Api.Verdict(reviewer, sooner.Id, tools[0], "Skip");
        await Api.Deadline(editor, later.Id, DateTimeOffset.UtcNow.AddDays(9));
        await Api.Deadline(editor, sooner.Id, DateTimeOffset.UtcNow.AddDays(2));
        await Api.Deadline(editor, overdue.Id, DateTimeOffset.UtcNow.AddSeconds(1));
        await WaitUntilOverdue(overdue);

        var queue = await Api.Get("/api/me/queue", reviewer.Token);

        Assert.Equal([overdue.Id, sooner.Id, later.Id, undated.Id], Ids(queue));
        Assert.True((bool)queue[0]!["overdue"]!);
        Assert.Equal([tools[1]], queue[1]!["owedToolIds"]!.AsArray().Select(x => (Guid)x!));
        Assert.Equal("Queue B", (string)queue[1]!["owedToolNames"]![0]!);
        Assert.Null(queue[3]!["dueAt"]);
        var others = await Api.User("Reviewer");
        Assert.Empty((await Api.Get("/api/me/queue", others.Token)).AsArray());
        await Api.Send(HttpMethod.Get, "/api/me/queue", editor.Token, null, 403);
    }

    [Fact]
    public async Task editors_see_panels_to_publish_to_correct_and_to_chase()
    {
        var ready = await Api.CompletedPanel("SS");
        var toCorrect = await Api.PublishedPanel("SK");
        await Api.Verdict(toCorrect.Reviewers[0], toCorrect.Id, toCorrect.Tools[1], "Ship", "On reflection.", reason: "Retried.");
        var published = await Api.PublishedPanel("KK");
        var pending = await Api.Panel();
        var late = await Api.Panel();
        await Api.Deadline(late.Editor, late.Id, DateTimeOffset.UtcNow.AddSeconds(1));
        await WaitUntilOverdue(late);

        var queue = await Api.Get("/api/queue", ready.Editor.Token);

        Assert.Equal([ready.Id], Ids(queue["readyToPublish"]!));
        Assert.NotNull(queue["readyToPublish"]![0]!["completedAt"]);
        Assert.Equal([toCorrect.Id], Ids(queue["needsCorrection"]!));
        Assert.Equal([late.Id], Ids(queue["overdue"]!));
        Assert.Equal(4, (int)queue["overdue"]![0]!["missing"]!);
        Assert.DoesNotContain(published.Id, Ids(queue["readyToPublish"]!).Concat(Ids(queue["needsCorrection"]!)));
        Assert.DoesNotContain(pending.Id, Ids(queue["readyToPublish"]!).Concat(Ids(queue["overdue"]!)));
        await Api.Send(HttpMethod.Get, "/api/queue", ready.Reviewers[0].Token, null, 403);
        await Api.Send(HttpMethod.Get, "/api/queue", Scenarios.Admin, null, 200);
    }
}
