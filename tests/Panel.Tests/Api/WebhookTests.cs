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
}
