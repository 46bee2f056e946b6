using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// An email exists if and only if its change committed, also across a restart of the service process: the
/// invitation commits with its email and the message that sends it (Wolverine's outbox); the process is stopped
/// with SIGTERM before the mail server is reachable, and the next process sends it, once.
/// </summary>
[Collection(ServiceProcesses.Name)]
public class RestartEmailTests
{
    [Fact]
    public async Task an_invitation_committed_before_a_sigterm_is_sent_once_by_the_next_process()
    {
        var connection = await TestDatabases.CreateAsync("restart_email");
        await using var mail = await MailServer.StartAsync();
        await mail.StopAsync();
        var environment = mail.Settings("__");
        environment["ConnectionStrings__Marten"] = connection;
        environment["Panel__AdminKey"] = AppFixture.AdminKey;
        environment["Panel__Smtp__FirstRetrySeconds"] = "0.3";
        environment["Panel__Smtp__MaxRetrySeconds"] = "0.6";

        var first = await ServiceProcess.StartAsync(environment);
        using (var http = new HttpClient { BaseAddress = new Uri(first.BaseUrl) })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", AppFixture.AdminKey);
            var created = await http.PostAsJsonAsync("/api/users", new { name = "Rita Reviewer", role = "Reviewer", email = "rita@example.org" });
            Assert.Equal(201, (int)created.StatusCode);
            var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
            var invited = await http.PostAsync($"/api/users/{id}/invitations", null);
            Assert.Equal(202, (int)invited.StatusCode);
        }
        await first.StopAsync();
        Assert.Empty(mail.Messages);

        await mail.StartAgainAsync();
        await using var second = await ServiceProcess.StartAsync(environment);
        var got = await mail.WaitFor(m => m.Count >= 1, "the invitation after the restart", seconds: 30);
        Assert.Equal("rita@example.org", got.Single().To.Mailboxes.Single().Address);
        await Task.Delay(1500);
        Assert.Single(mail.Messages);

        using var admin = new HttpClient { BaseAddress = new Uri(second.BaseUrl) };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AppFixture.AdminKey);
        var emails = JsonNode.Parse(await admin.GetStringAsync("/api/emails"))!.AsArray();
        Assert.Equal("Sent", (string)emails.Single()!["status"]!);
    }
}
