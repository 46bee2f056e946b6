using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

// The client side of scripts/chaos: reviewers write verdict revisions, each logical write with a fresh
// Idempotency-Key, retrying the same key and body until it is acknowledged, while the script stops
// PostgreSQL and kills the service under them. The script names the current phase in <out>/phase and
// asks for the end with <out>/stop. Then every acknowledged write is looked for in the event store (the
// comparison's history) and in the projection (the comparison's verdicts): exactly once each.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Panel.Chaos <base-url> <admin-key> <out-dir> <clients>");
    return 2;
}
var (baseUrl, adminKey, outDir, clients) = (args[0], args[1], args[2], int.Parse(args[3]));
var phaseFile = Path.Combine(outDir, "phase");
var stopFile = Path.Combine(outDir, "stop");

using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
var tally = new ConcurrentDictionary<(string Phase, string Outcome), int>();
var acked = new ConcurrentBag<Write>();
var refused = new ConcurrentBag<string>();

string Phase()
{
    try
    {
        return File.ReadAllText(phaseFile).Trim();
    }
    catch (IOException)
    {
        return "steady";
    }
}

// One logical write: the same key and body until a 2xx; a 4xx other than 409 is a refusal, not retried.
async Task<(int Status, JsonNode? Body, bool Replayed)> Send(HttpMethod method, string url, string token, object? body, bool count)
{
    var key = Guid.NewGuid().ToString();
    var give = DateTime.UtcNow.AddMinutes(3);
    for (var attempt = 1; ; attempt++)
    {
        string outcome;
        try
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            outcome = status.ToString();
            var text = await response.Content.ReadAsStringAsync();
            // Counted in the phase it ended in: a request cut off by the kill belongs to the outage.
            if (count) tally.AddOrUpdate((Phase(), outcome), 1, (_, n) => n + 1);
            if (status is >= 200 and < 300)
                return (status, text.Length > 0 ? JsonNode.Parse(text) : null, response.Headers.Contains("Idempotent-Replayed"));
            if (status is >= 400 and < 500 and not (409 or 429)) return (status, text.Length > 0 ? JsonNode.Parse(text) : null, false);
        }
        catch (HttpRequestException e)
        {
            outcome = e.InnerException is SocketException s ? $"000({s.SocketErrorCode})" : "000(connection lost)";
            if (count) tally.AddOrUpdate((Phase(), outcome), 1, (_, n) => n + 1);
        }
        catch (TaskCanceledException)
        {
            if (count) tally.AddOrUpdate((Phase(), "000(timeout)"), 1, (_, n) => n + 1);
        }
        if (DateTime.UtcNow > give) throw new TimeoutException($"{method} {url} was not acknowledged within 3 minutes");
        await Task.Delay(Math.Min(1000, 50 * attempt) + Random.Shared.Next(50));
    }
}

async Task<JsonNode> Must(HttpMethod method, string url, string token, object? body)
{
    var (status, answer, _) = await Send(method, url, token, body, count: false);
    if (status is < 200 or >= 300) throw new InvalidOperationException($"{method} {url} answered {status}: {answer?.ToJsonString()}");
    return answer!;
}

async Task<(Guid Id, string Token)> User(string role, string name)
{
    var created = await Must(HttpMethod.Post, "/api/users", adminKey, new { name, role });
    return ((Guid)created["id"]!, (string)created["token"]!);
}

// Two reviewers to a panel, two tools to a comparison: each client is one reviewer writing on both tools.
var editor = await User("Editor", "Chaos editor");
var run = Guid.NewGuid().ToString("N")[..8];
var tools = new List<Guid>();
foreach (var name in new[] { $"Chaos A {run}", $"Chaos B {run}" })
{
    var tool = await Must(HttpMethod.Post, "/api/tools", editor.Token, new
    {
        name,
        vendor = "Chaos Inc.",
        category = "Testing",
        tagline = "Survives outages",
        description = "A tool for the chaos run.",
        entryTier = "Free",
        pricingRead = "Free."
    });
    tools.Add((Guid)tool["id"]!);
}
var seats = new List<(Guid Comparison, Guid Reviewer, string Token)>();
for (var c = 0; c < clients; c += 2)
{
    var comparison = (Guid)(await Must(HttpMethod.Post, "/api/comparisons", editor.Token, new { title = $"Chaos panel {c / 2 + 1}", toolIds = tools }))["id"]!;
    for (var r = c; r < Math.Min(clients, c + 2); r++)
    {
        var reviewer = await User("Reviewer", $"Chaos reviewer {r + 1}");
        await Must(HttpMethod.Post, $"/api/comparisons/{comparison}/seats", editor.Token, new { reviewerId = reviewer.Id, angle = $"angle {r + 1}" });
        seats.Add((comparison, reviewer.Id, reviewer.Token));
    }
}
Console.WriteLine($"chaos: {clients} clients writing verdicts on {seats.Select(s => s.Comparison).Distinct().Count()} comparisons");
File.WriteAllText(Path.Combine(outDir, "ready"), "");

await Task.WhenAll(seats.Select((seat, client) => Task.Run(async () =>
{
    for (var n = 1; !File.Exists(stopFile); n++)
    {
        var tool = tools[n % 2];
        var quote = $"client {client + 1} write {n}";
        var (status, answer, replayed) = await Send(HttpMethod.Put, $"/api/comparisons/{seat.Comparison}/verdicts/{tool}", seat.Token,
            new { decision = (n / 2) % 2 == 0 ? "Ship" : "Skip", quote, reason = $"chaos {quote}" }, count: true);
        if (status is >= 200 and < 300) acked.Add(new Write(seat.Comparison, seat.Reviewer, tool, quote, replayed));
        else refused.Add($"{status} {answer?.ToJsonString()}");
    }
})));

// Verification, on the service as it now stands.
var lost = 0;
var duplicated = 0;
var projectionLost = 0;
var projectionDuplicated = 0;
foreach (var comparison in acked.Select(w => w.Comparison).Distinct())
{
    var history = (await Must(HttpMethod.Get, $"/api/comparisons/{comparison}/history", adminKey, null)).AsArray();
    var stored = history
        .Where(e => (string)e!["type"]! is "VerdictSubmitted" or "VerdictRevised")
        .GroupBy(e => (string)e!["data"]!["quote"]!)
        .ToDictionary(g => g.Key, g => g.Count());
    var writes = acked.Where(w => w.Comparison == comparison).ToList();
    foreach (var write in writes)
    {
        var times = stored.GetValueOrDefault(write.Quote);
        if (times == 0) lost++;
        if (times > 1) duplicated += times - 1;
    }

    // The projection: a verdict counts its revisions; each pair's writes are one submission and the rest revisions.
    var details = await Must(HttpMethod.Get, $"/api/comparisons/{comparison}", adminKey, null);
    foreach (var pair in writes.GroupBy(w => (w.Reviewer, w.Tool)))
    {
        var verdict = details["verdicts"]!.AsArray()
            .FirstOrDefault(v => (Guid)v!["reviewerId"]! == pair.Key.Reviewer && (Guid)v["toolId"]! == pair.Key.Tool);
        var projected = verdict is null ? 0 : (int)verdict["revisions"]! + 1;
        projectionLost += Math.Max(0, pair.Count() - projected);
        projectionDuplicated += Math.Max(0, projected - pair.Count());
    }
}

var outages = tally.Where(x => x.Key.Phase != "steady").ToList();
foreach (var phase in tally.Keys.Select(k => k.Phase).Distinct().Order())
    Console.WriteLine($"PHASE {phase}: " + string.Join(" ", tally.Where(x => x.Key.Phase == phase).OrderBy(x => x.Key.Outcome).Select(x => $"{x.Key.Outcome}={x.Value}")));
Console.WriteLine("DURING-OUTAGE " + string.Join(" ", outages.GroupBy(x => x.Key.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Sum(x => x.Value)}")));
Console.WriteLine($"REPLAYED {acked.Count(w => w.Replayed)} (acknowledged from a stored answer after a retry)");
Console.WriteLine($"PROJECTION LOST {projectionLost} DUPLICATED {projectionDuplicated}");
if (!refused.IsEmpty) Console.WriteLine($"REFUSED {refused.Count}: {string.Join(" | ", refused.Take(3))}");
Console.WriteLine($"ACKED {acked.Count} LOST {lost + projectionLost} DUPLICATED {duplicated + projectionDuplicated}");
return lost + projectionLost + duplicated + projectionDuplicated > 0 || !refused.IsEmpty || acked.IsEmpty ? 1 : 0;

internal sealed record Write(Guid Comparison, Guid Reviewer, Guid Tool, string Quote, bool Replayed);
