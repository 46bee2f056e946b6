using System.Text.Json.Nodes;

namespace Panel.Tests.Infrastructure;

/// <summary>The steps of webhook and deadline tests.</summary>
public static class WebhookSteps
{
    public static async Task<Guid> Webhook(this Scenarios api, Receiver receiver, params string[] events)
    {
        var created = await api.Json(HttpMethod.Post, "/api/webhooks", Scenarios.Admin,
            new { url = receiver.Url, secret = Receiver.Secret, events }, 201);
        return Guid.Parse((string)created["id"]!);
    }

    public static async Task<JsonArray> Deliveries(this Scenarios api, Guid webhook) =>
        (await api.Get($"/api/webhooks/{webhook}/deliveries", Scenarios.Admin)).AsArray();

    /// <summary>Polls the deliveries list until <paramref name="done"/> holds, or fails after the timeout.</summary>
    public static async Task<JsonArray> WaitForDeliveries(this Scenarios api, Guid webhook, Func<JsonArray, bool> done, double seconds = 15)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var deliveries = await api.Deliveries(webhook);
            if (done(deliveries)) return deliveries;
            if (DateTime.UtcNow > until) Assert.Fail($"Within {seconds} s the deliveries did not come to that; they are: {deliveries.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static Task<JsonNode> Deadline(this Scenarios api, Person editor, Guid comparison, DateTimeOffset dueAt, DateTimeOffset? remindAt = null,
        int status = 200) =>
        api.Json(HttpMethod.Put, $"/api/comparisons/{comparison}/deadline", editor.Token, new { dueAt, remindAt }, status);
}
