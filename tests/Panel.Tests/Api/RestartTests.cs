using Alba;
using Microsoft.Extensions.DependencyInjection;
using Panel.Tests.Infrastructure;
using Wolverine.Runtime;

namespace Panel.Tests.Api;

/// <summary>
/// The service stops and a new one starts on the same database: what was scheduled or still being
/// retried is carried out by the new host, once. Each test has a database of its own (no other host
/// may act on it), and runs in the "api" collection so it never competes with the shared host for time.
/// </summary>
[Collection("api")]
public class RestartTests
{
    private static Dictionary<string, string> On(string connection) => new() { ["ConnectionStrings:Marten"] = connection };

    private static async Task<IAlbaHost> Start(string connection)
    {
        var host = await AppFixture.StartAsync(demo: false, On(connection));
        await Daemons.StartAsync(host);
        return host;
    }

    private static async Task Stop(IAlbaHost host)
    {
        await Daemons.StopAsync(host);
        await host.DisposeAsync();
    }

    private static async Task WaitForScheduled(IAlbaHost host, int count)
    {
        var storage = host.Services.GetRequiredService<IWolverineRuntime>().Storage;
        var until = DateTime.UtcNow.AddSeconds(15);
        while ((await storage.Admin.FetchCountsAsync()).Scheduled < count)
        {
            Assert.True(DateTime.UtcNow < until, $"fewer than {count} scheduled messages were stored");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task a_reminder_scheduled_before_a_restart_is_delivered_exactly_once_by_the_next_host()
    {
        var connection = await TestDatabases.CreateAsync("panel_restart_reminder");
        await using var receiver = await Receiver.StartAsync();
        PanelSetup panel;
        DateTimeOffset remindAt;

        var first = await Start(connection);
        try
        {
            var api = new Scenarios(first);
            await api.Webhook(receiver, "deadline.reminder");
            panel = await api.Panel(tools: 2, reviewers: 1);
            remindAt = DateTimeOffset.UtcNow.AddSeconds(5);
            await api.Deadline(panel.Editor, panel.Id, DateTimeOffset.UtcNow.AddMinutes(30), remindAt);
            // The reminder and the due date are stored as scheduled messages before the host goes.
            await WaitForScheduled(first, 2);
        }
        finally
        {
            await Stop(first);
        }
        Assert.True(DateTimeOffset.UtcNow < remindAt, "the first host took so long to stop that the reminder was already due");
        Assert.Empty(receiver.Requests);

        var second = await Start(connection);
        try
        {
            var got = await receiver.WaitFor(r => r.Count >= 1, seconds: 20, what: "the reminder from the new host");
            Assert.Equal("deadline.reminder", got[0].Event);
            Assert.True(got[0].At >= remindAt);
            Assert.True(Receiver.SignatureIsValid(got[0]));
            await Task.Delay(1000);
            Assert.Single(receiver.Requests);
            var history = (await new Scenarios(second).History(panel.Editor, panel.Id)).AsArray();
            Assert.Single(history, e => (string)e!["type"]! == "ReviewersReminded");
        }
        finally
        {
            await Stop(second);
        }
    }

    [Fact]
    public async Task a_delivery_still_being_retried_when_the_host_stops_is_delivered_by_the_next_host()
    {
        var connection = await TestDatabases.CreateAsync("panel_restart_delivery");
        await using var receiver = await Receiver.StartAsync(_ => 500);
        Guid webhook;

        var first = await Start(connection);
        try
        {
            var api = new Scenarios(first);
            webhook = await api.Webhook(receiver, "scorecard.published");
            await api.PublishedPanel("SS");
            await receiver.WaitFor(r => r.Count >= 1, what: "a first, failed attempt");
        }
        finally
        {
            await Stop(first);
        }
        var failedAttempts = receiver.Requests.Count;
        receiver.Answer = _ => 200;

        var second = await Start(connection);
        try
        {
            var got = await receiver.WaitFor(r => r.Any(x => x.Answered == 200), seconds: 20, what: "the retry from the new host");
            Assert.Single(got.Select(r => r.Delivery).Distinct());
            var deliveries = await new Scenarios(second).WaitForDeliveries(webhook, d => (string)d[0]!["status"]! == "Delivered");
            Assert.Single(deliveries);
            Assert.Equal(receiver.Requests.Count, (int)deliveries[0]!["attempts"]!);
            await Task.Delay(700);
            Assert.Single(receiver.Accepted);
            Assert.True(receiver.Requests.Count > failedAttempts);
        }
        finally
        {
            await Stop(second);
        }
    }

    [Fact]
    public async Task by_default_a_webhook_on_a_private_network_is_refused_at_registration()
    {
        var connection = await TestDatabases.CreateAsync("panel_private_networks");
        var settings = On(connection);
        settings["Panel:Webhooks:AllowPrivateNetworks"] = "false";
        await using var host = await AppFixture.StartAsync(demo: false, settings);
        var api = new Scenarios(host);

        foreach (var url in new[] { "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.7/hook", "http://169.254.169.254/latest" })
        {
            var problem = await Problem.Read(await api.Send(HttpMethod.Post, "/api/webhooks", Scenarios.Admin,
                new { url, secret = Receiver.Secret, events = new[] { "panel.completed" } }, 400), 400);
            Assert.Contains("only public addresses", (string)problem["errors"]!["url"]![0]!);
        }
        Assert.Empty((await api.Get("/api/webhooks", Scenarios.Admin)).AsArray());
        await api.Send(HttpMethod.Post, "/api/webhooks", Scenarios.Admin,
            new { url = "https://93.184.216.34/hook", secret = Receiver.Secret, events = new[] { "panel.completed" } }, 201);
    }
}
