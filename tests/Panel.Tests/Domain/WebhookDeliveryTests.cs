using System.Text.Json.Nodes;
using Panel.Comparisons;
using Panel.Webhooks;
using Panel.Webhooks.Delivering;
using Panel.Webhooks.Notices;
using Panel.Webhooks.Deliveries;

namespace Panel.Tests.Domain;

/// <summary>Retry and dead-letter decisions, notices and signatures, without a network.</summary>
public class WebhookDeliveryTests
{
    private static readonly DateTimeOffset T = Given.T0;
    private static readonly WebhookOptions Options = new() { FirstRetrySeconds = 10, MaxRetrySeconds = 60, RetryForSeconds = 300 };

    private static WebhookDelivery Fresh() =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "panel.completed", "{}", T, T, DeliveryStatus.Pending, 0, 1, T, null, null, null, null);

    private static readonly Attempt Failure = new(false, 500, "The receiver answered 500.");

    [Fact]
    public void failures_are_retried_with_doubling_waits_up_to_the_longest()
    {
        var d = Fresh();
        var at = T;
        var waits = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var recorded = DeliveringWebhookHandler.Record(d, Failure, Options, at);
            waits.Add((recorded.RetryAt!.Value - at).TotalSeconds);
            (d, at) = (recorded.Delivery, recorded.RetryAt.Value);
        }
        Assert.Equal([10, 20, 40, 60, 60], waits);
        Assert.Equal(5, d.Attempts);
        Assert.Equal(DeliveryStatus.Pending, d.Status);
    }

    [Fact]
    public void the_attempt_whose_retry_would_pass_the_retry_time_dead_letters_the_delivery()
    {
        var recorded = DeliveringWebhookHandler.Record(Fresh() with { Attempts = 7 }, Failure, Options, T.AddSeconds(250));
        Assert.Equal(DeliveryStatus.DeadLettered, recorded.Delivery.Status);
        Assert.Null(recorded.RetryAt);
        Assert.Equal((8, 500, "The receiver answered 500."), (recorded.Delivery.Attempts, recorded.Delivery.LastStatusCode, recorded.Delivery.LastError));
    }

    [Fact]
    public void a_success_is_delivered_and_clears_the_last_error()
    {
        var failed = DeliveringWebhookHandler.Record(Fresh(), Failure, Options, T).Delivery;
        var recorded = DeliveringWebhookHandler.Record(failed, new Attempt(true, 200, null), Options, T.AddSeconds(10));
        Assert.Equal((DeliveryStatus.Delivered, 2, (string?)null, T.AddSeconds(10)),
            (recorded.Delivery.Status, recorded.Delivery.Attempts, recorded.Delivery.LastError, recorded.Delivery.DeliveredAt));
        Assert.Null(recorded.RetryAt);
    }

    [Fact]
    public void a_replay_starts_a_new_round_with_fresh_back_off_and_keeps_counting_attempts()
    {
        var dead = Fresh() with { Status = DeliveryStatus.DeadLettered, Attempts = 9 };
        var replayed = ReplayingDeliveryEndpoint.Replay(dead, T.AddHours(1));
        Assert.Equal((DeliveryStatus.Pending, 2, 9, T.AddHours(1)), (replayed.Status, replayed.Round, replayed.AttemptsAtRoundStart, replayed.RoundStartedAt));

        var retried = DeliveringWebhookHandler.Record(replayed, Failure, Options, T.AddHours(1));
        Assert.Equal(T.AddHours(1).AddSeconds(10), retried.RetryAt);
        Assert.Equal(10, retried.Delivery.Attempts);
    }

    [Fact]
    public void the_signature_is_hex_hmac_sha256_of_the_time_a_dot_and_the_body()
    {
        // Known answer, computed independently: printf '1700000000.{"id":1}' | openssl dgst -sha256 -hmac secret
        Assert.Equal("t=1700000000,v1=3dd1b9aef568d75f6790a84bd2e5dfa1f44409eef3cbdbd3f10b837376100c11",
            WebhookSender.Signature("secret", 1700000000, """{"id":1}"""));
        Assert.NotEqual(WebhookSender.Signature("secret", 1700000000, """{"id":1}"""), WebhookSender.Signature("secret", 1700000000, """{"id":2}"""));
    }

    [Fact]
    public void notices_of_one_event_have_ids_derived_from_it_and_name_the_comparison_reviewer_and_tool()
    {
        var given = Given.Comparison(tools: 2, reviewers: 1);
        var eventId = Guid.NewGuid();
        var submitted = new VerdictSubmitted(given.Id, given.Tools[0], given.Reviewers[0], Decision.Ship, "Yes.", "private note", T);

        var notice = Assert.Single(Notices.From(eventId, submitted, given.State));
        var again = Assert.Single(Notices.From(eventId, submitted, given.State));

        Assert.Equal(notice.Id, again.Id);
        Assert.NotEqual(notice.Id, Assert.Single(Notices.From(Guid.NewGuid(), submitted, given.State)).Id);
        var json = JsonNode.Parse(notice.ToJson())!;
        Assert.Equal("verdict.submitted", (string)json["type"]!);
        Assert.Equal(given.Id, (Guid)json["data"]!["comparisonId"]!);
        Assert.Equal(given.Tools[0], (Guid)json["data"]!["toolId"]!);
        Assert.Equal("Alpha", (string)json["data"]!["toolName"]!);
        Assert.Equal(given.Reviewers[0], (Guid)json["data"]!["reviewerId"]!);
        Assert.Equal("Ship", (string)json["data"]!["decision"]!);
        Assert.DoesNotContain("private note", notice.ToJson());
        Assert.NotEqual(Notices.DeliveryId(notice.Id, Guid.NewGuid()), Notices.DeliveryId(notice.Id, Guid.NewGuid()));
    }

    [Fact]
    public void a_reminder_makes_one_notice_per_reviewer_and_events_without_a_notice_make_none()
    {
        var given = Given.Comparison(tools: 2, reviewers: 2);
        var reminded = new ReviewersReminded(given.Id, Guid.NewGuid(), T.AddDays(1),
            [new Reminded(given.Reviewers[0], "Reviewer 1", [given.Tools[0]]), new Reminded(given.Reviewers[1], "Reviewer 2", given.Tools)], T);

        var notices = Notices.From(Guid.NewGuid(), reminded, given.State).ToList();

        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal("deadline.reminder", n.Type));
        Assert.Equal(2, notices.Select(n => n.Id).Distinct().Count());
        Assert.Empty(Notices.From(Guid.NewGuid(), new QuoteEdited(given.Id, given.Tools[0], given.Reviewers[0], "x", "y", given.Editor, T), given.State));
        Assert.Empty(Notices.From(Guid.NewGuid(), new DeadlineSet(given.Id, Guid.NewGuid(), T.AddDays(1), null, given.Editor, T), given.State));
    }
}
