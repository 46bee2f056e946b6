using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

// Verdict writes against the running service (see scripts/benchmark.sh, which starts it on a
// durable PostgreSQL). Baseline: every writer on a comparison of its own. Contention: all writers
// on one comparison, where the server retries lost races. The ratio is the price of contention.
var baseUrl = args.Length > 0 ? args[0] : "http://127.0.0.1:5182";
var adminKey = Environment.GetEnvironmentVariable("PANEL_BENCH_ADMIN_KEY") ?? "bench-admin-key-0123456789abcdef";
var writers = args.Length > 1 ? int.Parse(args[1]) : 8;
var writesPerWriter = args.Length > 2 ? int.Parse(args[2]) : 40;

using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
var api = new Api(http, adminKey);
var editor = await api.User("Editor", "Bench editor");
var tools = new[] { await api.Tool(editor, $"Bench A {Guid.NewGuid():N}"), await api.Tool(editor, $"Bench B {Guid.NewGuid():N}") };

Console.WriteLine($"Panel verdict-write benchmark: {writers} writers × {writesPerWriter} writes, {baseUrl}");
Console.WriteLine($"{"scenario",-34} {"writes/s",10} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"non-2xx",8}");

// Warm-up: first requests pay for connection pools and JIT.
await Run("warm-up (not counted)", await Separate(2), 5, quiet: true);
var baseline = await Run("baseline: one comparison each", await Separate(writers), writesPerWriter);
var contended = await Run("contention: one shared comparison", await Shared(writers), writesPerWriter);
Console.WriteLine($"contention ÷ baseline throughput: {contended / baseline:0.00}");

async Task<List<(Guid Comparison, Person Reviewer)>> Separate(int count)
{
    var seats = new List<(Guid, Person)>();
    for (var i = 0; i < count; i++)
    {
        var comparison = await api.Comparison(editor, tools);
        var reviewer = await api.User("Reviewer", $"Reviewer {i}");
        await api.Seat(editor, comparison, reviewer);
        seats.Add((comparison, reviewer));
    }
    return seats;
}

async Task<List<(Guid Comparison, Person Reviewer)>> Shared(int count)
{
    var comparison = await api.Comparison(editor, tools);
    var seats = new List<(Guid, Person)>();
    for (var i = 0; i < count; i++)
    {
        var reviewer = await api.User("Reviewer", $"Shared reviewer {i}");
        await api.Seat(editor, comparison, reviewer);
        seats.Add((comparison, reviewer));
    }
    return seats;
}

async Task<double> Run(string name, List<(Guid Comparison, Person Reviewer)> seats, int writes, bool quiet = false)
{
    var latencies = new List<double>();
    var failures = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(seats.Select(seat => Task.Run(async () =>
    {
        for (var i = 0; i < writes; i++)
        {
            var started = Stopwatch.GetTimestamp();
            // Alternate decisions so every write after the first is a real revision (an event).
            var ok = await api.Verdict(seat.Reviewer, seat.Comparison, tools[i % 2], i % 4 < 2 ? "Ship" : "Skip", $"Take {i}.", i < 2 ? null : $"Revision {i}");
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (latencies)
            {
                latencies.Add(elapsed);
                if (!ok) failures++;
            }
        }
    })));
    clock.Stop();
    var rate = latencies.Count / clock.Elapsed.TotalSeconds;
    if (!quiet)
    {
        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine($"{name,-34} {rate,10:0} {P(0.50),8:0.0} {P(0.95),8:0.0} {P(0.99),8:0.0} {failures,8}");
    }
    return rate;
}

sealed record Person(Guid Id, string Token);

sealed class Api(HttpClient http, string adminKey)
{
    private async Task<JsonNode> Send(HttpMethod method, string url, string token, object body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<Person> User(string role, string name)
    {
        var created = await Send(HttpMethod.Post, "/api/users", adminKey, new { name, role });
        return new Person(Guid.Parse((string)created["id"]!), (string)created["token"]!);
    }

    public async Task<Guid> Tool(Person editor, string name) =>
        Guid.Parse((string)(await Send(HttpMethod.Post, "/api/tools", editor.Token, new
        {
            name,
            vendor = "Bench",
            category = "Benchmarks",
            tagline = "A tool to write verdicts on",
            description = "Exists to be judged.",
            entryTier = "Free",
            pricingRead = "Free."
        }))["id"]!);

    public async Task<Guid> Comparison(Person editor, Guid[] tools) =>
        Guid.Parse((string)(await Send(HttpMethod.Post, "/api/comparisons", editor.Token, new { title = "Bench comparison", toolIds = tools }))["id"]!);

    public Task Seat(Person editor, Guid comparison, Person reviewer) =>
        Send(HttpMethod.Post, $"/api/comparisons/{comparison}/seats", editor.Token, new { reviewerId = reviewer.Id, angle = "benchmark" });

    public async Task<bool> Verdict(Person reviewer, Guid comparison, Guid tool, string decision, string quote, string? reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/comparisons/{comparison}/verdicts/{tool}")
        {
            Content = JsonContent.Create(new { decision, quote, reason })
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", reviewer.Token);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }
}
