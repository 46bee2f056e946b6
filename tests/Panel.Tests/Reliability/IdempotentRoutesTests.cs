using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Infrastructure;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// Every state-changing route under /api, read from the running app's route table: a new one without a
/// scenario here fails, and each one stores its key with its change and gives its first answer again.
/// </summary>
public class IdempotentRoutesTests(AppFixture fixture) : ApiTest(fixture)
{
    /// <summary>A request to make and replay; <paramref name="State"/> reads what a replay must leave unchanged.</summary>
    private sealed record Shot(HttpMethod Method, string Url, string? Token, object? Body, Func<Task<string>>? State = null, Func<Task>? Settle = null);

    private Dictionary<string, Func<Task<Shot>>> Scenarios() => new()
    {
        ["POST /api/users"] = () => Task.FromResult(new Shot(HttpMethod.Post, "/api/users", Admin, new { name = "Kim Key", role = "Reviewer" })),
        ["POST /api/users/{id}/token"] = async () =>
            new Shot(HttpMethod.Post, $"/api/users/{(await Api.User("Reviewer")).Id}/token", Admin, null),
        ["PUT /api/users/{id}/email"] = async () =>
            new Shot(HttpMethod.Put, $"/api/users/{(await Api.User("Reviewer")).Id}/email", Admin, new { email = "kim.key@example.org" }),
        ["POST /api/me/keys"] = async () => new Shot(HttpMethod.Post, "/api/me/keys", (await Api.User("Reviewer")).Token, new { name = "Keyed key" }),
        ["DELETE /api/me/keys/{keyId}"] = async () =>
        {
            var person = await Api.User("Reviewer");
            var key = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "To revoke" }, 201);
            return new Shot(HttpMethod.Delete, $"/api/me/keys/{key["id"]}", person.Token, null);
        },
        ["DELETE /api/users/{id}/keys/{keyId}"] = async () =>
        {
            var person = await Api.User("Reviewer");
            var key = await Api.Json(HttpMethod.Post, "/api/me/keys", person.Token, new { name = "Admin revokes" }, 201);
            return new Shot(HttpMethod.Delete, $"/api/users/{person.Id}/keys/{key["id"]}", Admin, null);
        },
        ["DELETE /api/users/{id}/token"] = async () =>
            new Shot(HttpMethod.Delete, $"/api/users/{(await Api.User("Reviewer")).Id}/token", Admin, null),
        ["POST /api/tools"] = async () => new Shot(HttpMethod.Post, "/api/tools", (await Api.User("Editor")).Token, new
        {
            name = "Keyed Tool",
            vendor = "Keyed Inc.",
            category = "Developer Tools",
            tagline = "Once only",
            description = "Registered once.",
            entryTier = "Free",
            pricingRead = "Free to start."
        }),
        ["PUT /api/tools/{id}/pricing"] = async () =>
        {
            var editor = await Api.User("Editor");
            var tool = await Api.Tool(editor, "Reprice Me");
            return new Shot(HttpMethod.Put, $"/api/tools/{tool}/pricing", editor.Token, new { entryTier = "Paid", pricingRead = "Paid from now on." });
        },
        ["POST /api/comparisons"] = async () =>
        {
            var editor = await Api.User("Editor");
            Guid[] tools = [await Api.Tool(editor, "Open A"), await Api.Tool(editor, "Open B")];
            return new Shot(HttpMethod.Post, "/api/comparisons", editor.Token, new { title = "Keyed comparison", toolIds = tools });
        },
        ["POST /api/comparisons/{id}/seats"] = async () =>
        {
            var panel = await Api.Panel(reviewers: 1);
            var reviewer = await Api.User("Reviewer");
            return new Shot(HttpMethod.Post, $"/api/comparisons/{panel.Id}/seats", panel.Editor.Token, new { reviewerId = reviewer.Id, angle = "late" });
        },
        ["DELETE /api/comparisons/{id}/seats/{reviewerId}"] = async () =>
        {
            var panel = await Api.Panel();
            return new Shot(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/seats/{panel.Reviewers[1].Id}", panel.Editor.Token, null);
        },
        ["PUT /api/comparisons/{id}/verdicts/{toolId}"] = async () =>
        {
            var panel = await Api.Panel();
            return new Shot(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}", panel.Reviewers[0].Token,
                new { decision = "Ship", quote = "Once." });
        },
        ["POST /api/comparisons/{id}/verdicts/{toolId}/withdrawal"] = async () =>
        {
            var panel = await Api.CompletedPanel("SS");
            return new Shot(HttpMethod.Post, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}/withdrawal", panel.Reviewers[0].Token,
                new { reason = "A conflict of interest." });
        },
        ["PUT /api/comparisons/{id}/verdicts/{toolId}/reviewers/{reviewerId}/quote"] = async () =>
        {
            var panel = await Api.CompletedPanel("SS");
            return new Shot(HttpMethod.Put, $"/api/comparisons/{panel.Id}/verdicts/{panel.Tools[0]}/reviewers/{panel.Reviewers[0].Id}/quote",
                panel.Editor.Token, new { quote = "Tighter.", reason = "For print." });
        },
        ["POST /api/comparisons/{id}/publications"] = async () =>
        {
            var panel = await Api.CompletedPanel("SK");
            await Api.EditorsVerdict(panel.Editor, panel.Id, Infrastructure.Scenarios.BottomLine);
            return new Shot(HttpMethod.Post, $"/api/comparisons/{panel.Id}/publications", panel.Editor.Token, new { note = "First." });
        },
        ["PUT /api/comparisons/{id}/editors-verdict"] = async () =>
        {
            var panel = await Api.CompletedPanel("SK");
            return new Shot(HttpMethod.Put, $"/api/comparisons/{panel.Id}/editors-verdict", panel.Editor.Token,
                new { bottomLine = "Both tools hold up; the panel leans to the first.", recommendedToolId = panel.Tools[0] });
        },
        ["PUT /api/comparisons/{id}/seats/{reviewerId}/conflicts"] = async () =>
        {
            var panel = await Api.Panel();
            return new Shot(HttpMethod.Put, $"/api/comparisons/{panel.Id}/seats/{panel.Reviewers[0].Id}/conflicts", panel.Reviewers[0].Token,
                new { conflicts = new object[] { new { description = "Advised the vendor in 2025.", toolId = panel.Tools[0] } } });
        },
        ["PUT /api/comparisons/{id}/tools/{toolId}/conflict-rule"] = async () =>
        {
            var panel = await Api.Panel();
            return new Shot(HttpMethod.Put, $"/api/comparisons/{panel.Id}/tools/{panel.Tools[0]}/conflict-rule", panel.Editor.Token,
                new { conflictFree = true });
        },
        ["POST /api/comparisons/{id}/tool-facts"] = async () =>
        {
            var panel = await Api.Panel();
            await Api.Json(HttpMethod.Put, $"/api/tools/{panel.Tools[0]}/pricing", panel.Editor.Token,
                new { entryTier = "Paid", pricingRead = "Paid from now on." }, 200);
            return new Shot(HttpMethod.Post, $"/api/comparisons/{panel.Id}/tool-facts", panel.Editor.Token, new { toolId = panel.Tools[0] });
        },
        ["PUT /api/tools/{id}/description"] = async () =>
        {
            var editor = await Api.User("Editor");
            var tool = await Api.Tool(editor, "Reword Me");
            return new Shot(HttpMethod.Put, $"/api/tools/{tool}/description", editor.Token,
                new { name = "Reworded", tagline = "Said again", description = "In other words." });
        },
        ["PUT /api/comparisons/{id}/deadline"] = async () =>
        {
            var panel = await Api.Panel();
            return new Shot(HttpMethod.Put, $"/api/comparisons/{panel.Id}/deadline", panel.Editor.Token,
                new { dueAt = DateTimeOffset.UtcNow.AddDays(7) });
        },
        ["DELETE /api/comparisons/{id}/deadline"] = async () =>
        {
            var panel = await Api.Panel();
            await Api.Deadline(panel.Editor, panel.Id, DateTimeOffset.UtcNow.AddDays(7));
            return new Shot(HttpMethod.Delete, $"/api/comparisons/{panel.Id}/deadline", panel.Editor.Token, null);
        },
        ["POST /api/scorecards/{id}/votes"] = async () =>
        {
            var panel = await Api.PublishedPanel("SK");
            return new Shot(HttpMethod.Post, $"/api/scorecards/{panel.Id}/votes", null, new { toolId = panel.Tools[1] });
        },
        ["POST /api/webhooks"] = () => Task.FromResult(new Shot(HttpMethod.Post, "/api/webhooks", Admin,
            new { url = "http://127.0.0.1:9/hook", secret = Receiver.Secret, events = new[] { "panel.completed" } }, WebhookList)),
        ["PUT /api/webhooks/{id}"] = async () =>
        {
            var webhook = await Webhook();
            return new Shot(HttpMethod.Put, $"/api/webhooks/{webhook}", Admin,
                new { url = "http://127.0.0.1:9/other", events = new[] { "panel.completed" } }, WebhookList);
        },
        ["DELETE /api/webhooks/{id}"] = async () => new Shot(HttpMethod.Delete, $"/api/webhooks/{await Webhook()}", Admin, null, WebhookList),
        ["POST /api/webhooks/{id}/deliveries/{deliveryId}/replay"] = async () =>
        {
            var receiver = await Receiver.StartAsync(_ => 204);
            _receivers.Add(receiver);
            var webhook = await Api.Webhook(receiver, "scorecard.published");
            await Api.PublishedPanel("SK");
            // A publication from an earlier scenario may still reach this webhook too: replay the newest delivery.
            var delivered = await Api.WaitForDeliveries(webhook, d => d.Count >= 1 && d.All(x => (string)x!["status"]! == "Delivered"));
            var delivery = (string)delivered[0]!["id"]!;
            var url = $"/api/webhooks/{webhook}/deliveries/{delivery}/replay";
            async Task<string> Rounds() => (await Api.Deliveries(webhook)).ToJsonString();
            Task Settle() => Api.WaitForDeliveries(webhook, d => d.Any(x =>
                (string)x!["id"]! == delivery && (string)x["status"]! == "Delivered" && (int)x["attempts"]! == 2));
            return new Shot(HttpMethod.Post, url, Admin, null, Rounds, Settle);
        },
        // Last: a publication notice still on its way would reach the webhooks the replay scenario waits on.
        ["POST /api/comparisons/{id}/retractions"] = async () =>
        {
            var panel = await Api.PublishedPanel("SK");
            return new Shot(HttpMethod.Post, $"/api/comparisons/{panel.Id}/retractions", panel.Editor.Token, new { note = "A reviewer's undeclared conflict." });
        }
    };

    private const string Admin = Infrastructure.Scenarios.Admin;

    /// <summary>Routes that succeed only with a mail server: EmailTests replays their keys against a real one.</summary>
    public static readonly string[] NeedMail = ["POST /api/users/{id}/invitations", "POST /api/emails/{id}/replay"];
    private readonly List<Receiver> _receivers = [];

    private async Task<string> WebhookList() => (await Api.Get("/api/webhooks", Admin)).ToJsonString();

    private async Task<Guid> Webhook() =>
        Guid.Parse((string)(await Api.Json(HttpMethod.Post, "/api/webhooks", Admin,
            new { url = "http://127.0.0.1:9/hook", secret = Receiver.Secret, events = new[] { "panel.completed" } }, 201))["id"]!);

    [Fact]
    public async Task every_state_changing_api_route_stores_its_key_with_the_change_and_replays_its_first_answer()
    {
        var routes = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(r => Idempotency.IsStateChanging(r.Split(' ')[0]) && r.Split(' ')[1].StartsWith("/api/"))
            .Distinct().Order().ToList();
        var scenarios = Scenarios();

        Assert.Equal(scenarios.Keys.Concat(NeedMail).Order(), routes);

        foreach (var (route, prepare) in scenarios)
        {
            var shot = await prepare();
            var key = Guid.NewGuid().ToString();
            var staged = await StagedRecords();

            var first = await Host.Keyed(shot.Method, shot.Url, shot.Token, shot.Body, key);
            Assert.True(first.Status is >= 200 and < 300, $"{route}: {first.Status} {first.Body}");
            Assert.True(staged + 1 == await StagedRecords(), $"{route}: its key was not written in the change's transaction");
            if (shot.Settle is not null) await shot.Settle();
            var events = await Store.EventCount();
            var state = shot.State is null ? "" : await shot.State();

            var again = await Host.Keyed(shot.Method, shot.Url, shot.Token, shot.Body, key);

            IdempotencySteps.SameAnswer(first, again);
            Assert.True(events == await Store.EventCount(), $"{route}: the replay appended events");
            if (shot.State is not null) Assert.Equal(state, await shot.State());
        }
        foreach (var receiver in _receivers) await receiver.DisposeAsync();
    }

    private async Task<int> StagedRecords()
    {
        await using var session = Store.QuerySession();
        return await session.Query<IdempotencyRecord>().CountAsync(x => x.WithChange);
    }
}
