using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>Notices reach real receivers on loopback: signed, once, retried, dead-lettered and replayed.</summary>
public class WebhookTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_publication_reaches_the_receiver_once_with_a_valid_signature()
    {
        await using var receiver = await Receiver.StartAsync();
        var webhook = await Api.Webhook(receiver, "scorecard.published");

        var panel = await Api.PublishedPanel("SS", "SK");

        var got = await receiver.WaitFor(r => r.Count >= 1, what: "the publication");
        var notice = got.Single();
        Assert.Equal("scorecard.published", notice.Event);
        Assert.True(Receiver.SignatureIsValid(notice), $"signature {notice.Signature} does not match the body");
        Assert.False(Receiver.SignatureIsValid(notice, "another-secret-0123456789"));
        var body = JsonNode.Parse(notice.Body)!;
        Assert.Equal("scorecard.published", (string)body["type"]!);
        Assert.Equal(panel.Id, (Guid)body["data"]!["comparisonId"]!);
        Assert.Equal(1, (int)body["data"]!["version"]!);
        Assert.NotEqual(Guid.Empty, (Guid)body["id"]!);
        Assert.InRange((DateTimeOffset)body["occurredAt"]!, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        var deliveries = await Api.WaitForDeliveries(webhook, d => d.Count == 1 && (string)d[0]!["status"]! == "Delivered");
        Assert.Equal(notice.Delivery, (string)deliveries[0]!["id"]!);
        Assert.Equal(1, (int)deliveries[0]!["attempts"]!);
        // Nothing more comes: the verdicts and the completion were not subscribed to, the publication went once.
        await Task.Delay(500);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task a_receiver_that_fails_three_times_gets_the_notice_once_recovered_as_one_delivery_with_four_attempts()
    {
        await using var receiver = await Receiver.StartAsync(n => n <= 3 ? 500 : 200);
        var webhook = await Api.Webhook(receiver, "scorecard.published");

        await Api.PublishedPanel("SS");

        var got = await receiver.WaitFor(r => r.Count >= 4, what: "three failures and a success");
        Assert.Equal([500, 500, 500, 200], got.Select(r => r.Answered));
        Assert.Single(got.Select(r => r.Delivery).Distinct());
        Assert.Single(got.Select(r => r.Body).Distinct());
        Assert.All(got, r => Assert.True(Receiver.SignatureIsValid(r)));
        var deliveries = await Api.WaitForDeliveries(webhook, d => d.Count == 1 && (string)d[0]!["status"]! == "Delivered");
        Assert.Equal(4, (int)deliveries[0]!["attempts"]!);
        Assert.Equal(200, (int)deliveries[0]!["lastStatusCode"]!);
        await Task.Delay(500);
        Assert.Single(receiver.Accepted);
        Assert.Equal(4, receiver.Requests.Count);
    }

    [Fact]
    public async Task a_receiver_that_never_recovers_ends_dead_lettered_and_a_replay_after_it_recovers_delivers_it()
    {
        await using var receiver = await Receiver.StartAsync(_ => 503);
        var webhook = await Api.Webhook(receiver, "scorecard.published");
        await Api.PublishedPanel("SK");

        var dead = await Api.WaitForDeliveries(webhook, d => d.Count == 1 && (string)d[0]!["status"]! == "DeadLettered");
        var failed = receiver.Requests;
        Assert.True(failed.Count >= 3, $"retried with back-off before giving up, got {failed.Count} attempts");
        Assert.Equal(failed.Count, (int)dead[0]!["attempts"]!);
        Assert.Equal(503, (int)dead[0]!["lastStatusCode"]!);
        Assert.Contains("503", (string)dead[0]!["lastError"]!);
        // Dead means dead: no further attempt without a replay.
        await Task.Delay(700);
        Assert.Equal(failed.Count, receiver.Requests.Count);

        receiver.Answer = _ => 204;
        var deliveryId = (string)dead[0]!["id"]!;
        var replayed = await Api.Json(HttpMethod.Post, $"/api/webhooks/{webhook}/deliveries/{deliveryId}/replay", Scenarios.Admin, null, 202);
        Assert.Equal("Pending", (string)replayed["status"]!);

        var got = await receiver.WaitFor(r => r.Any(x => x.Answered == 204), what: "the replay");
        var delivered = got.Single(x => x.Answered == 204);
        Assert.Equal(deliveryId, delivered.Delivery);
        Assert.Equal(failed[0].Body, delivered.Body);
        Assert.True(Receiver.SignatureIsValid(delivered));
        var after = await Api.WaitForDeliveries(webhook, d => (string)d[0]!["status"]! == "Delivered");
        Assert.Equal(failed.Count + 1, (int)after[0]!["attempts"]!);
        Assert.Null(after[0]!["lastError"]);

        // A delivered delivery can be replayed too (the receiver lost it); a pending one cannot.
        await Api.Json(HttpMethod.Post, $"/api/webhooks/{webhook}/deliveries/{deliveryId}/replay", Scenarios.Admin, null, 202);
        await receiver.WaitFor(r => r.Count(x => x.Answered == 204) == 2, what: "the second replay");
    }

    [Fact]
    public async Task replaying_a_pending_or_unknown_delivery_is_refused()
    {
        await using var receiver = await Receiver.StartAsync(_ => 500);
        var webhook = await Api.Webhook(receiver, "scorecard.published");
        await Api.PublishedPanel("SS");
        var pending = await Api.WaitForDeliveries(webhook, d => d.Count == 1);
        var id = (string)pending[0]!["id"]!;

        // Failing, it stays pending for the retry time (two seconds in tests).
        Assert.Equal("Pending", (string)pending[0]!["status"]!);
        var conflict = await Problem.Read(await Api.Send(HttpMethod.Post, $"/api/webhooks/{webhook}/deliveries/{id}/replay", Scenarios.Admin, null, 409), 409);
        Assert.Equal(Problem.Type("delivery-pending"), (string)conflict["type"]!);
        await Api.Send(HttpMethod.Post, $"/api/webhooks/{webhook}/deliveries/{Guid.NewGuid()}/replay", Scenarios.Admin, null, 404);
        await Api.Send(HttpMethod.Post, $"/api/webhooks/{Guid.NewGuid()}/deliveries/{id}/replay", Scenarios.Admin, null, 404);
        var editor = await Api.User("Editor");
        await Api.Send(HttpMethod.Post, $"/api/webhooks/{webhook}/deliveries/{id}/replay", editor.Token, null, 403);
    }

    [Fact]
    public async Task a_change_refused_by_validation_or_by_the_rules_sends_nothing()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "verdict.submitted", "verdict.revised", "panel.completed", "scorecard.published");
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        var reviewer = panel.Reviewers[0];
        var outsider = await Api.User("Reviewer", "Outsider");

        await Api.Send(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}", reviewer.Token, new { decision = "Ship", quote = "" }, 400);
        await Api.Send(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}", reviewer.Token, "{\"decision\":\"Maybe\"}", 400);
        await Api.Verdict(outsider, panel.Id, panel.Tools[0], "Ship", status: 403);
        await Api.Publish(panel.Editor, panel.Id, status: 409);
        // Then one change that lands: it is the only notice, so nothing before it went out.
        await Api.Verdict(reviewer, panel.Id, panel.Tools[1], "Skip", "Not for me.");

        var got = await receiver.WaitFor(r => r.Count >= 1, what: "the one verdict");
        await Task.Delay(700);
        var only = Assert.Single(receiver.Requests);
        Assert.Equal("verdict.submitted", only.Event);
        var data = JsonNode.Parse(only.Body)!["data"]!;
        Assert.Equal(panel.Tools[1], (Guid)data["toolId"]!);
        Assert.Equal(reviewer.Id, (Guid)data["reviewerId"]!);
        Assert.Equal(panel.Id, (Guid)data["comparisonId"]!);
        Assert.Equal("Skip", (string)data["decision"]!);
    }

    [Fact]
    public async Task the_last_missing_verdict_completes_the_panel_and_editors_are_notified_once()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "panel.completed");
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        var (r1, r2) = (panel.Reviewers[0], panel.Reviewers[1]);
        await Api.Verdict(r1, panel.Id, panel.Tools[0], "Ship");
        await Api.Verdict(r1, panel.Id, panel.Tools[1], "Ship");
        await Api.Verdict(r2, panel.Id, panel.Tools[0], "Skip");

        await Api.Verdict(r2, panel.Id, panel.Tools[1], "Ship");
        // A revision afterwards leaves it complete: no second notice.
        await Api.Verdict(r2, panel.Id, panel.Tools[1], "Skip", "Second thoughts.", reason: "Tried it again.");

        var got = await receiver.WaitFor(r => r.Count >= 1, what: "panel.completed");
        var data = JsonNode.Parse(got[0].Body)!["data"]!;
        Assert.Equal(panel.Id, (Guid)data["comparisonId"]!);
        Assert.Equal(r2.Id, (Guid)data["completedBy"]!);
        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        Assert.Single(history, e => (string)e!["type"]! == "PanelCompleted");
        await Task.Delay(500);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task unseating_the_only_reviewer_who_still_owes_completes_the_panel_too()
    {
        var panel = await Api.Panel(tools: 2, reviewers: 2);
        var (r1, r2) = (panel.Reviewers[0], panel.Reviewers[1]);
        await Api.Verdict(r1, panel.Id, panel.Tools[0], "Ship");
        await Api.Verdict(r1, panel.Id, panel.Tools[1], "Skip");
        Assert.Null((await Api.Details(panel.Editor, panel.Id))["completedAt"]);

        await Api.Json(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/seats/{r2.Id}", panel.Editor.Token, null, 200);

        var details = await Api.Details(panel.Editor, panel.Id);
        Assert.True((bool)details["complete"]!);
        Assert.NotNull(details["completedAt"]);
        var history = (await Api.History(panel.Editor, panel.Id)).AsArray();
        Assert.Equal("PanelCompleted", (string)history[^1]!["type"]!);
    }

    [Fact]
    public async Task every_notice_type_reaches_a_webhook_that_subscribed_to_it_and_no_other()
    {
        await using var all = await Receiver.StartAsync();
        await using var some = await Receiver.StartAsync();
        await Api.Webhook(all, "verdict.submitted", "verdict.revised", "verdict.withdrawn", "panel.completed", "scorecard.published",
            "scorecard.corrected");
        await Api.Webhook(some, "scorecard.corrected");

        var panel = await Api.PublishedPanel("SS");
        var reviewer = panel.Reviewers[0];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[0], "Skip", "Changed.", reason: "Retested.");
        await Api.Withdraw(reviewer, panel.Id, panel.Tools[1]);
        await Api.Publish(panel.Editor, panel.Id, "Reviewer 1 changed their mind.");

        var got = await all.WaitFor(r => r.Count >= 7, what: "seven notices");
        Assert.Equal(
            ["panel.completed", "scorecard.corrected", "scorecard.published", "verdict.revised", "verdict.submitted", "verdict.submitted", "verdict.withdrawn"],
            got.Select(r => r.Event).Order());
        var corrected = (await some.WaitFor(r => r.Count >= 1, what: "the correction")).Single();
        Assert.Equal("scorecard.corrected", corrected.Event);
        var data = JsonNode.Parse(corrected.Body)!["data"]!;
        Assert.Equal(2, (int)data["version"]!);
        Assert.Equal("Reviewer 1 changed their mind.", (string)data["note"]!);
        Assert.Equal($"/scorecards/{panel.Id}/versions/2", (string)data["page"]!);
        // One notice per event: the ids differ, and each is the same for both webhooks.
        Assert.Equal(7, got.Select(r => (string)JsonNode.Parse(r.Body)!["id"]!).Distinct().Count());
        Assert.Contains(got, r => JsonNode.Parse(r.Body)!["id"]!.ToString() == JsonNode.Parse(corrected.Body)!["id"]!.ToString());
        Assert.DoesNotContain(got, r => r.Delivery == corrected.Delivery);
        await Task.Delay(500);
        Assert.Equal(7, all.Requests.Count);
        Assert.Single(some.Requests);
    }

    [Fact]
    public async Task a_write_made_through_the_write_path_without_http_is_notified_too()
    {
        await using var receiver = await Receiver.StartAsync();
        await Api.Webhook(receiver, "verdict.submitted", "panel.completed");
        var panel = await Api.Panel(tools: 2, reviewers: 1);
        var reviewer = panel.Reviewers[0];
        await Api.Verdict(reviewer, panel.Id, panel.Tools[1], "Skip");

        // What a workspace form does: the use case's entry point, no JSON endpoint involved.
        var written = await Panel.Comparisons.SubmittingVerdict.SubmittingVerdictEndpoint.SubmitAsync(Store, panel.Id, reviewer.Id, panel.Tools[0],
            new Panel.Comparisons.SubmittingVerdict.SubmitVerdict(Panel.Comparisons.Decision.Ship, "From a form."), null, DateTimeOffset.UtcNow,
            CancellationToken.None);

        Assert.Null(written.Problem);
        Assert.IsType<Panel.Comparisons.PanelCompleted>(written.Appended[^1]);
        var got = await receiver.WaitFor(r => r.Count >= 3, what: "both verdicts and the completion");
        Assert.Equal(["panel.completed", "verdict.submitted", "verdict.submitted"], got.Select(r => r.Event).Order());
        Assert.Contains(got, r => r.Event == "verdict.submitted" && (Guid)JsonNode.Parse(r.Body)!["data"]!["toolId"]! == panel.Tools[0]);
    }
}
