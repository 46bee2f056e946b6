using System.Text.Json.Nodes;
using Marten;
using Panel.Tests.Infrastructure;
using Panel.Webhooks;

namespace Panel.Tests.Api;

/// <summary>Admins register, list, change and delete webhooks; secrets are never shown again nor stored in clear.</summary>
public class WebhookAdminTests(AppFixture fixture) : ApiTest(fixture)
{
    private const string Secret = "a-long-enough-secret-0123";

    private Task<IReadOnlyList<Webhook>> Stored() => Store.QuerySession().Query<Webhook>().ToListAsync();

    [Fact]
    public async Task an_admin_registers_a_webhook_and_its_secret_is_never_shown_again_nor_stored_in_clear()
    {
        var result = await Api.Send(HttpMethod.Post, "/api/webhooks", Scenarios.Admin,
            new { url = "http://127.0.0.1:9/hook", secret = Secret, events = new[] { "scorecard.published", "verdict.submitted" } }, 201);
        var text = await result.ReadAsTextAsync();
        var created = JsonNode.Parse(text)!;
        var id = Guid.Parse((string)created["id"]!);
        Assert.Equal($"/api/webhooks/{id}", result.Context.Response.Headers.Location.ToString());
        Assert.Equal(["verdict.submitted", "scorecard.published"], created["events"]!.AsArray().Select(e => (string)e!));
        Assert.DoesNotContain(Secret, text);
        Assert.Null(created["secret"]);

        var listed = await Api.Get("/api/webhooks", Scenarios.Admin);
        var one = await Api.Get($"/api/webhooks/{id}", Scenarios.Admin);
        Assert.DoesNotContain(Secret, listed.ToJsonString() + one.ToJsonString());
        Assert.Equal("http://127.0.0.1:9/hook", (string)one["url"]!);

        var stored = Assert.Single(await Stored());
        Assert.DoesNotContain(Secret, stored.ProtectedSecret);
        Assert.NotEqual(Secret, stored.ProtectedSecret);
    }

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { """{"url":"ftp://example.com/hook","secret":"a-long-enough-secret-0123","events":["panel.completed"]}""", "url" },
        { """{"url":"/relative","secret":"a-long-enough-secret-0123","events":["panel.completed"]}""", "url" },
        { """{"url":"http://user:pass@example.com/hook","secret":"a-long-enough-secret-0123","events":["panel.completed"]}""", "url" },
        { """{"secret":"a-long-enough-secret-0123","events":["panel.completed"]}""", "url" },
        { """{"url":"http://١٢٧.٠.٠.١/hook","secret":"a-long-enough-secret-0123","events":["panel.completed"]}""", "url" },
        { """{"url":"http://127.0.0.1:9/hook","events":["panel.completed"]}""", "secret" },
        { """{"url":"http://127.0.0.1:9/hook","secret":"short","events":["panel.completed"]}""", "secret" },
        { """{"url":"http://127.0.0.1:9/hook","secret":"a-long-enough-secret-0123","events":[]}""", "events" },
        { """{"url":"http://127.0.0.1:9/hook","secret":"a-long-enough-secret-0123"}""", "events" },
        { """{"url":"http://127.0.0.1:9/hook","secret":"a-long-enough-secret-0123","events":["panel.finished"]}""", "events" },
        { """{"url":"http://127.0.0.1:9/hook","secret":"a-long-enough-secret-0123","events":["panel.completed","panel.completed"]}""", "events" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task a_bad_registration_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var problem = await Problem.Read(await Api.Send(HttpMethod.Post, "/api/webhooks", Scenarios.Admin, body, 400), 400);

        Assert.Equal(Problem.Type("validation"), (string)problem["type"]!);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty(await Stored());
    }

    [Fact]
    public async Task only_admins_manage_webhooks()
    {
        var editor = await Api.User("Editor");
        var body = new { url = "http://127.0.0.1:9/hook", secret = Secret, events = new[] { "panel.completed" } };
        await Api.Send(HttpMethod.Post, "/api/webhooks", editor.Token, body, 403);
        await Api.Send(HttpMethod.Post, "/api/webhooks", null, body, 401);
        await Api.Send(HttpMethod.Get, "/api/webhooks", editor.Token, null, 403);
        Assert.Empty(await Stored());
    }

    [Fact]
    public async Task a_change_replaces_url_events_and_when_sent_the_secret_which_then_signs()
    {
        await using var receiver = await Receiver.StartAsync();
        var id = Guid.Parse((string)(await Api.Json(HttpMethod.Post, "/api/webhooks", Scenarios.Admin,
            new { url = "http://127.0.0.1:9/old", secret = Secret, events = new[] { "panel.completed" } }, 201))["id"]!);

        var changed = await Api.Json(HttpMethod.Put, $"/api/webhooks/{id}", Scenarios.Admin,
            new { url = receiver.Url, events = new[] { "scorecard.published" }, secret = "the-new-secret-0123456789" }, 200);
        Assert.Equal(receiver.Url, (string)changed["url"]!);
        Assert.NotNull(changed["changedAt"]);

        await Api.PublishedPanel("SS");
        var got = (await receiver.WaitFor(r => r.Count >= 1, what: "the publication")).Single();
        Assert.Equal("scorecard.published", got.Event);
        Assert.True(Receiver.SignatureIsValid(got, "the-new-secret-0123456789"));
        Assert.False(Receiver.SignatureIsValid(got, Secret));

        // Without a secret the secret stays; a bad change changes nothing; an unknown webhook is a 404.
        var secretBefore = Assert.Single(await Stored()).ProtectedSecret;
        await Api.Json(HttpMethod.Put, $"/api/webhooks/{id}", Scenarios.Admin, new { url = receiver.Url, events = new[] { "panel.completed" } }, 200);
        var before = System.Text.Json.JsonSerializer.Serialize(Assert.Single(await Stored()));
        Assert.Contains(secretBefore, before);
        await Api.Send(HttpMethod.Put, $"/api/webhooks/{id}", Scenarios.Admin, new { url = "gopher://x", events = new[] { "panel.completed" } }, 400);
        await Api.Send(HttpMethod.Put, $"/api/webhooks/{Guid.NewGuid()}", Scenarios.Admin, new { url = receiver.Url, events = new[] { "panel.completed" } }, 404);
        Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(Assert.Single(await Stored())));
    }

    [Fact]
    public async Task deleting_a_webhook_removes_it_and_its_deliveries()
    {
        await using var receiver = await Receiver.StartAsync();
        var id = await Api.Webhook(receiver, "scorecard.published");
        await Api.PublishedPanel("SS");
        await Api.WaitForDeliveries(id, d => d.Count == 1);

        await Api.Send(HttpMethod.Delete, $"/api/webhooks/{id}", Scenarios.Admin, null, 204);

        await Api.Send(HttpMethod.Get, $"/api/webhooks/{id}", Scenarios.Admin, null, 404);
        await Api.Send(HttpMethod.Get, $"/api/webhooks/{id}/deliveries", Scenarios.Admin, null, 404);
        await Api.Send(HttpMethod.Delete, $"/api/webhooks/{id}", Scenarios.Admin, null, 404);
        Assert.Empty(await Stored());
        Assert.Empty(await Store.QuerySession().Query<WebhookDelivery>().ToListAsync());
    }

    [Fact]
    public async Task a_webhook_deleted_while_a_delivery_is_in_flight_does_not_come_back_with_it()
    {
        var inFlight = new TaskCompletionSource();
        using var release = new ManualResetEventSlim();
        await using var receiver = await Receiver.StartAsync(_ =>
        {
            inFlight.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(5));
            return 200;
        });
        var id = await Api.Webhook(receiver, "scorecard.published");
        await Api.PublishedPanel("SS");
        await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(15));

        await Api.Send(HttpMethod.Delete, $"/api/webhooks/{id}", Scenarios.Admin, null, 204);
        release.Set();
        await receiver.WaitFor(r => r.Count == 1, what: "the delivery it was holding");
        await Task.Delay(700);

        Assert.Empty(await Store.QuerySession().Query<WebhookDelivery>().ToListAsync());
        Assert.Single(receiver.Requests);
    }
}
