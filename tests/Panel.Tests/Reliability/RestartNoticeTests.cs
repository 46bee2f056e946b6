using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Reliability;

/// <summary>
/// A notice exists if and only if its event committed, also across a restart of the service process: the
/// notice subscription resumes where it stopped, and what it schedules (reminders, due dates) is carried out
/// by the next process. Run against the built service, stopped with SIGTERM as an orchestrator stops it.
/// </summary>
[Collection(ServiceProcesses.Name)]
public class RestartNoticeTests
{
    private sealed class Remote(string baseUrl) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl) };

        public async Task<JsonNode> Send(HttpMethod method, string url, string token, object? body, int status)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new("Bearer", token);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{method} {url}: {(int)response.StatusCode} {text}");
            return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
        }

        public void Dispose() => _http.Dispose();
    }

    private static Dictionary<string, string> Environment(string connection) => new()
    {
        ["ConnectionStrings__Marten"] = connection,
        ["Panel__AdminKey"] = AppFixture.AdminKey,
        ["Panel__Signing__KeyPath"] = AppFixture.SigningKeyPath,
        ["Panel__Webhooks__AllowPrivateNetworks"] = "true",
        ["Panel__Webhooks__FirstRetrySeconds"] = "0.2",
        ["Panel__Webhooks__MaxRetrySeconds"] = "0.5"
    };

    [Fact]
    public async Task notices_and_scheduled_reminders_survive_a_sigterm_between_a_change_and_its_notice()
    {
        var connection = await TestDatabases.CreateAsync("restart_notices");
        await using var receiver = await Receiver.StartAsync();
        const string admin = AppFixture.AdminKey;

        var first = await ServiceProcess.StartAsync(Environment(connection));
        string editor, reviewer1, reviewer2;
        Guid id, r1, r2;
        Guid[] tools;
        DateTimeOffset dueAt;
        using (var api = new Remote(first.BaseUrl))
        {
            async Task<(Guid Id, string Token)> User(string role) =>
                await api.Send(HttpMethod.Post, "/api/users", admin, new { name = $"{role} {Guid.NewGuid():N}"[..20], role }, 201) is var u
                    ? (Guid.Parse((string)u["id"]!), (string)u["token"]!) : default;
            (_, editor) = await User("Editor");
            (r1, reviewer1) = await User("Reviewer");
            (r2, reviewer2) = await User("Reviewer");
            tools = new Guid[2];
            for (var i = 0; i < 2; i++)
            {
                var name = $"Restart tool {i} {Guid.NewGuid():N}"[..28];
                var tool = await api.Send(HttpMethod.Post, "/api/tools", editor, new
                {
                    name,
                    vendor = "Vendor",
                    category = "Developer Tools",
                    tagline = "A tagline",
                    description = "A description.",
                    entryTier = "Free",
                    pricingRead = "Free to start."
                }, 201);
                tools[i] = Guid.Parse((string)tool["id"]!);
            }
            id = Guid.Parse((string)(await api.Send(HttpMethod.Post, "/api/comparisons", editor, new { title = "Across a restart", toolIds = tools }, 201))["id"]!);
            await api.Send(HttpMethod.Post, $"/api/comparisons/{id}/seats", editor, new { reviewerId = r1, angle = "skeptic" }, 200);
            await api.Send(HttpMethod.Post, $"/api/comparisons/{id}/seats", editor, new { reviewerId = r2, angle = "buyer" }, 200);
            await api.Send(HttpMethod.Post, "/api/webhooks", admin, new
            {
                url = receiver.Url,
                secret = Receiver.Secret,
                events = new[] { "verdict.submitted", "panel.completed", "scorecard.published", "deadline.reminder", "deadline.overdue" }
            }, 201);
            dueAt = DateTimeOffset.UtcNow.AddSeconds(16);
            await api.Send(HttpMethod.Put, $"/api/comparisons/{id}/deadline", editor, new { dueAt, remindAt = dueAt.AddSeconds(-8) }, 200);
            // The first reviewer's verdicts, then at once a stop: their notices (and the deadline's scheduling) may still be unhandled.
            foreach (var tool in tools)
                await api.Send(HttpMethod.Put, $"/api/comparisons/{id}/verdicts/{tool}", reviewer1, new { decision = "Ship", quote = "Before the restart." }, 200);
        }
        await first.StopAsync();
        Assert.True(DateTimeOffset.UtcNow < dueAt.AddSeconds(-8), "the first process took so long to stop that the reminder was due already");
        await first.DisposeAsync();

        await using var second = await ServiceProcess.StartAsync(Environment(connection));
        using (var api = new Remote(second.BaseUrl))
        {
            await receiver.WaitFor(r => r.Any(x => x.Event == "deadline.overdue"), seconds: 40, what: "the overdue notice from the new process");
            foreach (var tool in tools)
                await api.Send(HttpMethod.Put, $"/api/comparisons/{id}/verdicts/{tool}", reviewer2, new { decision = "Skip", quote = "After the restart." }, 200);
            await api.Send(HttpMethod.Put, $"/api/comparisons/{id}/editors-verdict", editor, new { bottomLine = "A bottom line written after the restart." }, 200);
            await api.Send(HttpMethod.Post, $"/api/comparisons/{id}/publications", editor, new { }, 201);
        }

        await receiver.WaitFor(r => r.Any(x => x.Event == "scorecard.published") && r.Count(x => x.Event == "verdict.submitted") >= 4,
            seconds: 30, what: "every notice");
        await Task.Delay(1500);
        var counts = receiver.Requests.GroupBy(r => r.Delivery).Select(g => g.First().Event)
            .GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, counts.GetValueOrDefault("verdict.submitted"));
        Assert.Equal(1, counts.GetValueOrDefault("panel.completed"));
        Assert.Equal(1, counts.GetValueOrDefault("scorecard.published"));
        // At the reminder only the second reviewer still owed: one reminder, for them.
        Assert.Equal(1, counts.GetValueOrDefault("deadline.reminder"));
        Assert.Equal(1, counts.GetValueOrDefault("deadline.overdue"));
    }
}
