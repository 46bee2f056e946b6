using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// Deadlines a few seconds ahead: the reminder and the overdue notice go out at their moments, once;
/// moving or clearing a deadline supersedes what was scheduled for it.
/// </summary>
public class DeadlineTests(AppFixture fixture) : ApiTest(fixture)
{
    private static int Count(JsonArray history, string type) => history.Count(e => (string)e!["type"]! == type);

    [Fact]
    public async Task owing_reviewers_are_reminded_at_the_reminder_time_and_the_panel_becomes_overdue_at_the_due_time()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "deadline.reminder", "deadline.overdue");
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        var (done, owing) = (panel.Reviewers[0], panel.Reviewers[1]);
        await Api.Verdict(done, panel.Id, panel.Tools[0], "Ship");
        await Api.Verdict(done, panel.Id, panel.Tools[1], "Ship");
        await Api.Verdict(owing, panel.Id, panel.Tools[0], "Skip");
        var remindAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(3.5);

        var set = await Api.Deadline(panel.Editor, panel.Id, dueAt, remindAt);
        Assert.Equal(dueAt.ToUnixTimeMilliseconds(), ((DateTimeOffset)set["dueAt"]!).ToUnixTimeMilliseconds());
        Assert.False((bool)set["overdue"]!);

        var got = await receiver.WaitFor(r => r.Count >= 2, what: "the reminder and the overdue notice");
        var reminder = got.Single(r => r.Event == "deadline.reminder");
        Assert.True(reminder.At >= remindAt, $"reminded at {reminder.At:O}, before {remindAt:O}");
        var data = JsonNode.Parse(reminder.Body)!["data"]!;
        Assert.Equal(owing.Id, (Guid)data["reviewerId"]!);
        Assert.Equal([panel.Tools[1]], data["owedToolIds"]!.AsArray().Select(x => (Guid)x!));
        Assert.Equal(panel.Id, (Guid)data["comparisonId"]!);

        var overdue = got.Single(r => r.Event == "deadline.overdue");
        Assert.True(overdue.At >= dueAt, $"overdue at {overdue.At:O}, before {dueAt:O}");
        Assert.Equal(1, (int)JsonNode.Parse(overdue.Body)!["data"]!["missing"]!);

        var mine = (await Api.Get("/api/me/comparisons", owing.Token)).AsArray().Single()!;
        Assert.True((bool)mine["overdue"]!);
        Assert.NotNull(mine["dueAt"]);
        var details = await Api.Details(panel.Editor, panel.Id);
        Assert.True((bool)details["deadline"]!["overdue"]!);
        Assert.True((bool)details["deadline"]!["reminded"]!);
        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        Assert.Equal(1, Count(history, "ReviewersReminded"));
        Assert.Equal(1, Count(history, "PanelBecameOverdue"));
        Assert.Equal("Panel (scheduled)", (string)history[^1]!["actor"]!["name"]!);
        await Task.Delay(500);
        Assert.Equal(2, receiver.Requests.Count);

        // The last verdict completes the panel: it is no longer overdue.
        await Api.Verdict(owing, panel.Id, panel.Tools[1], "Ship");
        Assert.False((bool)(await Api.Details(panel.Editor, panel.Id))["deadline"]!["overdue"]!);
    }

    [Fact]
    public async Task moving_the_deadline_supersedes_the_reminder_scheduled_for_the_old_one()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "deadline.reminder");
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        await Api.Deadline(panel.Editor, panel.Id, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddSeconds(1));
        var movedRemindAt = DateTimeOffset.UtcNow.AddSeconds(2.5);

        await Api.Deadline(panel.Editor, panel.Id, DateTimeOffset.UtcNow.AddMinutes(20), movedRemindAt);

        var reminder = (await receiver.WaitFor(r => r.Count >= 1, what: "the moved reminder")).Single();
        Assert.True(reminder.At >= movedRemindAt, $"reminded at {reminder.At:O}, for the old deadline");
        await Task.Delay(700);
        Assert.Single(receiver.Requests);
        Assert.Equal(1, Count((await Api.History(panel.Editor, panel.Id)).AsArray(), "ReviewersReminded"));
    }

    [Fact]
    public async Task a_cleared_deadline_reminds_nobody_and_never_becomes_overdue()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "deadline.reminder", "deadline.overdue");
        var cleared = await Api.Panel(tools: 2, reviewers: 1);
        var kept = await Api.Panel(tools: 2, reviewers: 1);
        var at = DateTimeOffset.UtcNow;
        await Api.Deadline(cleared.Editor, cleared.Id, at.AddSeconds(2), at.AddSeconds(1));
        await Api.Deadline(kept.Editor, kept.Id, at.AddSeconds(2), at.AddSeconds(1));

        var after = await Api.Json(HttpMethod.Delete, $"/api/comparisons/{cleared.Id}/deadline", cleared.Editor.Token, null, 200);
        Assert.Null(after["dueAt"]);

        // The other panel's notices are the witness that the cleared one's moments have passed.
        await receiver.WaitFor(r => r.Count >= 2, what: "the kept panel's reminder and overdue notice");
        await Task.Delay(500);
        Assert.All(receiver.Requests, r => Assert.Equal(kept.Id, (Guid)JsonNode.Parse(r.Body)!["data"]!["comparisonId"]!));
        var history = (await Api.History(cleared.Editor, cleared.Id)).AsArray();
        Assert.Equal(0, Count(history, "ReviewersReminded") + Count(history, "PanelBecameOverdue"));
        Assert.Equal("DeadlineCleared", (string)history[^1]!["type"]!);
    }

    [Fact]
    public async Task a_complete_panel_is_not_overdue_and_a_reviewer_who_owes_nothing_is_not_reminded()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "deadline.reminder", "deadline.overdue");
        var complete = await Api.CompletedPanel("SS");
        var witness = await Api.Panel(tools: 2, reviewers: 1);
        var at = DateTimeOffset.UtcNow;
        await Api.Deadline(complete.Editor, complete.Id, at.AddSeconds(2), at.AddSeconds(1));
        await Api.Deadline(witness.Editor, witness.Id, at.AddSeconds(2), at.AddSeconds(1));

        await receiver.WaitFor(r => r.Count >= 2, what: "the witness panel's notices");
        await Task.Delay(500);
        Assert.All(receiver.Requests, r => Assert.Equal(witness.Id, (Guid)JsonNode.Parse(r.Body)!["data"]!["comparisonId"]!));
        Assert.False((bool)(await Api.Details(complete.Editor, complete.Id))["deadline"]!["overdue"]!);
    }

    [Fact]
    public async Task setting_the_same_deadline_again_changes_nothing()
    {
        var panel = await Api.Panel();
        var dueAt = DateTimeOffset.UtcNow.AddDays(3);
        var first = await Api.Deadline(panel.Editor, panel.Id, dueAt, dueAt.AddDays(-1));
        var again = await Api.Deadline(panel.Editor, panel.Id, dueAt, dueAt.AddDays(-1));
        Assert.Equal((long)first["version"]!, (long)again["version"]!);
    }

    [Fact]
    public async Task a_bad_deadline_is_refused_and_changes_nothing()
    {
        var panel = await Api.Panel();
        var reviewer = panel.Reviewers[0];
        var url = $"/api/comparisons/{panel.Id}/deadline";
        var before = (await Api.History(panel.Editor, panel.Id)).AsArray().Count;
        var soon = DateTimeOffset.UtcNow.AddDays(1);

        var missing = await Problem.Read(await Api.Send(HttpMethod.Put, url, panel.Editor.Token, new { remindAt = soon }, 400), 400);
        Assert.NotNull(missing["errors"]!["dueAt"]);
        var past = await Problem.Read(await Api.Send(HttpMethod.Put, url, panel.Editor.Token, new { dueAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, 400), 400);
        Assert.NotNull(past["errors"]!["dueAt"]);
        var late = await Problem.Read(await Api.Send(HttpMethod.Put, url, panel.Editor.Token, new { dueAt = soon, remindAt = soon.AddHours(1) }, 400), 400);
        Assert.NotNull(late["errors"]!["remindAt"]);
        await Api.Send(HttpMethod.Put, url, panel.Editor.Token, """{"dueAt":"next tuesday"}""", 400);
        await Api.Send(HttpMethod.Put, url, reviewer.Token, new { dueAt = soon }, 403);
        await Api.Send(HttpMethod.Put, $"/api/comparisons/{Guid.NewGuid()}/deadline", panel.Editor.Token, new { dueAt = soon }, 404);
        await Api.Send(HttpMethod.Delete, $"/api/comparisons/{Guid.NewGuid()}/deadline", panel.Editor.Token, null, 404);
        await Api.Send(HttpMethod.Put, url, panel.Editor.Token, new { dueAt = soon }, 412, ifMatch: "\"1\"");

        Assert.Equal(before, (await Api.History(panel.Editor, panel.Id)).AsArray().Count);
    }
}
