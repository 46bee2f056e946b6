using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Api;

/// <summary>
/// The served document tells the truth about real answers: a rich scenario runs through the real pipeline,
/// answers every operation the document declares at least once, and every answer it receives (JSON, and each
/// line of JSON Lines) is checked against the schema declared for its route, method and status.
/// </summary>
public class OpenApiAnswersTests(AppFixture fixture) : ApiTest(fixture)
{
    private async Task<OpenApiAnswers> ServedDocument()
    {
        var result = await Api.Send(HttpMethod.Get, "/openapi/v1.json", null, null, 200);
        return new OpenApiAnswers(JsonNode.Parse(await result.ReadAsTextAsync())!);
    }

    [Fact]
    public async Task every_answer_of_a_rich_scenario_matches_the_served_document()
    {
        var answers = new List<Answer>();
        var api = new Scenarios(Host) { Recorded = answers };
        await using var receiver = await Receiver.StartAsync();

        // People, tools and a webhook.
        var webhook = await api.Webhook(receiver, "verdict.submitted", "scorecard.published");
        var panel = await api.Panel(tools: 2, reviewers: 2);
        var (editor, first, second) = (panel.Editor, panel.Reviewers[0], panel.Reviewers[1]);
        var (toolA, toolB) = (panel.Tools[0], panel.Tools[1]);
        await api.Get("/api/me", editor.Token);
        await api.Get("/api/users", Scenarios.Admin);
        await api.Get($"/api/users/{first.Id}", Scenarios.Admin);
        await api.Get("/api/tools", editor.Token);
        await api.Get($"/api/tools/{toolA}", editor.Token);
        await api.Json(HttpMethod.Put, $"/api/tools/{toolB}/pricing", editor.Token, new { entryTier = "Paid", pricingRead = "$20/month." }, 200);

        // Seating, conflicts, deadlines, queues.
        var extra = await api.User("Reviewer", "Reviewer 3");
        await api.Seat(editor, panel.Id, extra, "angle 3");
        await api.Json(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/seats/{extra.Id}", editor.Token, null, 200);
        await api.DeclareConflicts(first, panel.Id, [new { description = "I consulted for the vendor of B.", toolId = toolB }]);
        await api.RequireConflictFree(editor, panel.Id, toolA, conflictFree: false);
        await api.Deadline(editor, panel.Id, DateTimeOffset.UtcNow.AddDays(7), DateTimeOffset.UtcNow.AddDays(6));
        await api.Get("/api/me/queue", first.Token);
        await api.Get("/api/me/comparisons", first.Token);
        await api.Get("/api/queue", editor.Token);
        await api.Json(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/deadline", editor.Token, null, 200);

        // Verdicts, a revision, a withdrawal and its replacement, an edited quote.
        await api.Verdict(first, panel.Id, toolA, "Ship", "Fast and cheap.");
        await api.Verdict(first, panel.Id, toolA, "Ship", "Fast and reliable.", reason: "Cost was wrong.");
        await api.Verdict(first, panel.Id, toolB, "Skip", "Slow to start.");
        await api.Verdict(second, panel.Id, toolA, "Ship", "Does the job.");
        await api.Verdict(second, panel.Id, toolB, "Ship", "Good enough.");
        await api.Withdraw(second, panel.Id, toolB);
        await api.Verdict(second, panel.Id, toolB, "Skip", "Not good enough after all.", reason: "Looked again.");
        await api.EditQuote(editor, panel.Id, toolA, first.Id, "Fast, and reliable.", "Comma.");
        await api.LiveScorecard(editor, panel.Id);
        await api.LiveScorecard(first, panel.Id);
        await api.Details(editor, panel.Id);
        await api.Details(first, panel.Id);
        await api.Get("/api/comparisons", editor.Token);
        await api.Json(HttpMethod.Put, $"/api/tools/{toolB}/description", editor.Token,
            new { name = "Tool B, renamed", tagline = "Does one thing better", description = "Tool B, described again." }, 200);
        await api.Json(HttpMethod.Post, $"/api/comparisons/{panel.Id}/tool-facts", editor.Token, new { toolId = toolB }, 200);

        // Publishing, a correction, the public reads, votes, evidence.
        await api.EditorsVerdict(editor, panel.Id, Scenarios.BottomLine, toolA);
        await api.Publish(editor, panel.Id);
        await api.Verdict(second, panel.Id, toolB, "Ship", "Better since the update.", reason: "Retested.");
        await api.Publish(editor, panel.Id, note: "A reviewer retested tool B.");
        await api.Get("/api/scorecards");
        await api.Get("/api/scorecards?q=versus");
        await api.Get($"/api/scorecards/{panel.Id}");
        await api.Get($"/api/scorecards/{panel.Id}/versions/1");
        await api.Get($"/api/scorecards/{panel.Id}/versions/2/changes");
        await api.Get($"/api/scorecards/{panel.Id}/versions/2/verification");
        await api.Get($"/api/scorecards/{panel.Id}/versions/2/evidence");
        await api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}/versions/2/tools.csv", null, null, 200);
        await api.Send(HttpMethod.Get, $"/api/scorecards/{panel.Id}/versions/2/verdicts.csv", null, null, 200);
        await api.Json(HttpMethod.Post, $"/api/scorecards/{panel.Id}/votes", null, new { toolId = toolA }, 200);
        await api.Get($"/api/tools/{toolA}/record");
        await api.Get($"/api/reviewers/{first.Id}/record");
        await api.Get($"/api/reviewers/{second.Id}/record?limit=1");
        await api.Send(HttpMethod.Get, "/.well-known/panel-keys", null, null, 200);

        // History, exports, webhook administration, tokens, a retraction.
        await api.History(editor, panel.Id);
        await api.Send(HttpMethod.Get, "/api/exports/verdicts.csv", editor.Token, null, 200);
        await api.Send(HttpMethod.Get, "/api/exports/verdicts.jsonl", editor.Token, null, 200);
        await api.Send(HttpMethod.Get, "/api/exports/events.jsonl", editor.Token, null, 200);
        await api.Get("/api/webhooks", Scenarios.Admin);
        await api.Get($"/api/webhooks/{webhook}", Scenarios.Admin);
        var deliveries = await api.WaitForDeliveries(webhook, d => d.Any(x => (string)x!["status"]! == "Delivered"));
        var delivered = deliveries.First(x => (string)x!["status"]! == "Delivered")!;
        await api.Json(HttpMethod.Post, $"/api/webhooks/{webhook}/deliveries/{delivered["id"]}/replay", Scenarios.Admin, null, 202);
        await api.Json(HttpMethod.Put, $"/api/webhooks/{webhook}", Scenarios.Admin,
            new { url = receiver.Url, events = new[] { "scorecard.published" } }, 200);
        await api.Json(HttpMethod.Post, $"/api/users/{extra.Id}/token", Scenarios.Admin, null, 200);
        await api.Json(HttpMethod.Delete, $"/api/users/{extra.Id}/token", Scenarios.Admin, null, 200);
        await api.Retract(editor, panel.Id, "Withdrawn pending review.");

        // Email addresses, invitations (email is off on this host), outgoing email, API keys.
        await api.Json(HttpMethod.Put, $"/api/users/{first.Id}/email", Scenarios.Admin, new { email = "first@example.org" }, 200);
        await api.Send(HttpMethod.Post, $"/api/users/{first.Id}/invitations", Scenarios.Admin, null, 409);
        await api.Get("/api/emails", Scenarios.Admin);
        await api.Get("/api/emails/settings", Scenarios.Admin);
        await api.Send(HttpMethod.Post, $"/api/emails/{Guid.NewGuid()}/replay", Scenarios.Admin, null, 404);
        var key = await api.Json(HttpMethod.Post, "/api/me/keys", editor.Token, new { name = "CI script" }, 201);
        var other = await api.Json(HttpMethod.Post, "/api/me/keys", editor.Token, new { name = "Laptop" }, 201);
        await api.Get("/api/me/keys", editor.Token);
        await api.Get($"/api/users/{editor.Id}/keys", Scenarios.Admin);
        await api.Json(HttpMethod.Delete, $"/api/me/keys/{key["id"]}", editor.Token, null, 200);
        await api.Json(HttpMethod.Delete, $"/api/users/{editor.Id}/keys/{other["id"]}", Scenarios.Admin, null, 200);
        await api.Json(HttpMethod.Delete, $"/api/webhooks/{webhook}", Scenarios.Admin, null, 204);

        // Refusals: each problem shape the document declares.
        await api.Send(HttpMethod.Get, $"/api/comparisons/{Guid.NewGuid()}", editor.Token, null, 404);
        await api.Send(HttpMethod.Post, "/api/users", Scenarios.Admin, new { name = "X", role = "Nobody" }, 400);
        await api.Send(HttpMethod.Post, "/api/comparisons", editor.Token, new { title = "Unknown", toolIds = new[] { Guid.NewGuid(), Guid.NewGuid() } }, 404);
        await api.Send(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{toolA}", first.Token,
            new { decision = "Skip", quote = "Changed my mind.", reason = "Again." }, 412, ifMatch: "\"1\"");
        await api.Send(HttpMethod.Get, "/api/comparisons", null, null, 401);
        await api.Send(HttpMethod.Get, "/api/users", editor.Token, null, 403);
        await api.Send(HttpMethod.Get, $"/api/reviewers/{Guid.NewGuid()}/record", null, null, 404);
        await api.Send(HttpMethod.Get, $"/api/reviewers/{first.Id}/record?cursor=not-a-cursor", null, null, 400);
        await api.Send(HttpMethod.Get, "/api/exports/events.jsonl?from=yesterday", editor.Token, null, 400);
        await api.Send(HttpMethod.Get, $"/api/webhooks/{Guid.NewGuid()}/deliveries", Scenarios.Admin, null, 404);

        var document = await ServedDocument();
        var checkedAnswers = answers.Where(a => !a.Path.StartsWith("/openapi")).ToList();
        var operations = checkedAnswers.Select(document.OperationOf).Distinct().Count();
        Assert.True(operations >= 45, $"The scenario exercised only {operations} documented operations.");

        var exercised = checkedAnswers.Select(document.OperationOf).ToHashSet();
        var missed = document.Operations().Where(o => !exercised.Contains(o)).ToList();
        Assert.True(missed.Count == 0, $"The scenario exercises no answer of {missed.Count} documented operations:\n" + string.Join("\n", missed));

        var violations = checkedAnswers.SelectMany(document.Violations).ToList();

        Assert.True(violations.Count == 0, $"{violations.Count} answers disagree with the served document:\n" + string.Join("\n", violations.Distinct().Take(60)));
    }
}
