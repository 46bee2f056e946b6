using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Panel.Community;
using Panel.Comparisons;
using Panel.Exports;
using Panel.People;
using Panel.Tools;
using Panel.Webhooks;
using Weasel.Core;

namespace Panel.Bench;

/// <summary>
/// The data every run measures: people and tools over HTTP; comparisons as events bulk-appended with
/// Marten (a whole stream per append, a hundred streams per transaction, no HTTP call per event);
/// the comparison projection rebuilt over all of them (timed); publications over HTTP, because a
/// publication is sealed by the service. Writes the target files the load generators read.
/// </summary>
public static class Prepare
{
    private const int Reviewers = 64, Groups = 16, WriteComparisons = 256, ReadComparisons = 256, FillerLength = 100;

    public static async Task<int> Run(string[] args)
    {
        var (connection, url, dir) = (args[0], args[1], args[2]);
        var events = long.Parse(args[3]);
        var bigEvents = int.Parse(args[4]);
        var pairs = int.Parse(args[5]);
        Directory.CreateDirectory(dir);
        var adminKey = Environment.GetEnvironmentVariable("PANEL_BENCH_ADMIN_KEY") ?? throw new InvalidOperationException("PANEL_BENCH_ADMIN_KEY");

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var api = new Api(http, adminKey);
        var editor = await api.User("Editor", "Bench editor");
        var reviewers = new List<Person>();
        for (var i = 0; i < Reviewers; i++) reviewers.Add(await api.User("Reviewer", $"Bench reviewer {i + 1}"));
        var at = DateTimeOffset.UtcNow;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var tools = new List<ComparedTool>();
        foreach (var name in new[] { "Alpha", "Beta" })
        {
            var tool = new ComparedTool(Guid.Empty, $"{name} {suffix}", $"{name} Inc.", "Developer Tools", $"{name} does one thing well",
                $"{name}, described at the length a tool description usually has in a comparison.", EntryTier.Free, "Free to start.", at);
            tools.Add(tool with { ToolId = await api.Tool(editor, tool) });
        }

        using var store = DocumentStore.For(opts =>
        {
            opts.Connection(connection);
            opts.DatabaseSchemaName = "panel";
            opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
            // The service made the schema; the projections are registered for the rebuild, not run on append.
            opts.AutoCreateSchemaObjects = AutoCreate.None;
            opts.AddPeople();
            opts.AddTools();
            opts.AddComparisons();
            opts.AddCommunity();
            opts.AddExports();
            opts.AddWebhooks();
        });

        var streams = new List<(Guid Id, object[] Events)>();
        Guid Open(string title, out List<object> list)
        {
            var id = Guid.CreateVersion7();
            list = [new ComparisonOpened(id, title, tools, editor.Id, at)];
            return id;
        }
        void Seat(Guid id, List<object> list, int reviewer, Guid person) =>
            list.Add(new ReviewerSeated(id, person, $"Bench reviewer {reviewer + 1}", "developer experience", editor.Id, at));
        void Verdicts(Guid id, List<object> list, IEnumerable<Guid> people, int total)
        {
            var seated = people.ToArray();
            foreach (var person in seated)
                foreach (var tool in tools)
                    list.Add(new VerdictSubmitted(id, tool.ToolId, person, Decision.Ship, "A first take of ordinary length.", null, at));
            for (var i = 0; list.Count < total; i++)
                list.Add(new VerdictRevised(id, tools[i % 2].ToolId, seated[i % seated.Length], i % 3 == 0 ? Decision.Skip : Decision.Ship,
                    $"Take {i}: a quote of ordinary length, revised after a re-test.", null, $"Revision {i}", at));
        }
        // Publishing needs the editor's verdict; every panel that is published gets one as its last event.
        void BottomLine(Guid id, List<object> list) =>
            list.Add(new EditorsVerdictWritten(id, "Both tools hold up; the panel's split is the story here.", null, editor.Id, at));

        // Writes: reviewer r sits on comparison c when r ≡ c (mod 16), so every panel has four seats.
        var writeTargets = new List<string>();
        for (var c = 0; c < WriteComparisons; c++)
        {
            var id = Open($"Write {c}", out var list);
            for (var r = c % Groups; r < Reviewers; r += Groups)
            {
                Seat(id, list, r, reviewers[r].Id);
                foreach (var tool in tools) writeTargets.Add($"{reviewers[r].Token} {id} {tool.ToolId}");
            }
            streams.Add((id, list.ToArray()));
        }
        var reads = new List<Guid>();
        for (var c = 0; c < ReadComparisons; c++)
        {
            var id = Open($"Read {c}", out var list);
            var seated = Enumerable.Range(0, Reviewers).Where(r => r % Groups == c % Groups).ToList();
            foreach (var r in seated) Seat(id, list, r, reviewers[r].Id);
            Verdicts(id, list, seated.Select(r => reviewers[r].Id), 0);
            BottomLine(id, list);
            streams.Add((id, list.ToArray()));
            reads.Add(id);
        }
        // Growth: one reviewer, a complete panel, then revisions up to the length asked for.
        (Guid Id, string Target) Growth(string name, int length)
        {
            var id = Open(name, out var list);
            Seat(id, list, 0, reviewers[0].Id);
            Verdicts(id, list, [reviewers[0].Id], length - 1);
            BottomLine(id, list);
            streams.Add((id, list.ToArray()));
            return (id, $"{reviewers[0].Token} {id} {tools[0].ToolId}");
        }
        var small = Growth("Growth: 10 events", 10);
        var big = Growth($"Growth: {bigEvents} events", bigEvents);
        // Publishing: complete panels of 4 and of 64 reviewers.
        var publish4 = new List<Guid>();
        var publish64 = new List<Guid>();
        for (var p = 0; p < pairs; p++)
        {
            foreach (var (size, into) in new[] { (4, publish4), (64, publish64) })
            {
                var id = Open($"Publish {size} #{p}", out var list);
                for (var r = 0; r < size; r++) Seat(id, list, r, reviewers[r].Id);
                Verdicts(id, list, reviewers.Take(size).Select(x => x.Id), 0);
                BottomLine(id, list);
                streams.Add((id, list.ToArray()));
                into.Add(id);
            }
        }
        var fixedEvents = streams.Sum(s => (long)s.Events.Length);

        // The rest up to the target: comparisons of a hundred events with four reviewers who are not users.
        var clock = Stopwatch.StartNew();
        var appended = 0L;
        await Append(store, streams);
        appended += fixedEvents;
        var fillerReviewers = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var batch = new List<(Guid, object[])>();
        while (appended < events)
        {
            var id = Open("Filler", out var list);
            for (var r = 0; r < fillerReviewers.Length; r++) Seat(id, list, r, fillerReviewers[r]);
            Verdicts(id, list, fillerReviewers, (int)Math.Min(FillerLength, events - appended));
            batch.Add((id, list.ToArray()));
            appended += list.Count;
            if (batch.Count == 100) { await Append(store, batch); batch.Clear(); }
        }
        await Append(store, batch);
        clock.Stop();
        Console.WriteLine($"RESULT bulk_load_events {appended}");
        Console.WriteLine($"RESULT bulk_load_events_per_s {appended / clock.Elapsed.TotalSeconds:0}");

        // The comparison documents come from a rebuild over every comparison event in the store.
        long comparisonEvents;
        await using (var query = store.QuerySession())
            comparisonEvents = await query.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "user_registered" && e.EventTypeName != "tool_registered").LongCountAsync();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            clock.Restart();
            await daemon.RebuildProjectionAsync<ComparisonProjection>(TimeSpan.FromMinutes(20), CancellationToken.None);
            clock.Stop();
        }
        Console.WriteLine($"RESULT rebuild_events {comparisonEvents}");
        Console.WriteLine($"RESULT rebuild_seconds {clock.Elapsed.TotalSeconds:0.0}");
        Console.WriteLine($"RESULT rebuild_events_per_s {comparisonEvents / clock.Elapsed.TotalSeconds:0}");

        foreach (var id in reads) await api.Publish(editor, id);
        await api.Publish(editor, small.Id);
        await api.Publish(editor, big.Id);
        var ms4 = new List<double>();
        var ms64 = new List<double>();
        for (var p = 0; p < pairs; p++)
        {
            ms4.Add(await Timed(() => api.Publish(editor, publish4[p])));
            ms64.Add(await Timed(() => api.Publish(editor, publish64[p])));
        }
        Console.WriteLine($"RESULT publish_4_ms {Median(ms4):0.0}");
        Console.WriteLine($"RESULT publish_64_ms {Median(ms64):0.0}");
        Console.WriteLine($"RATIO publish_64_vs_4 {Median(ms64) / Median(ms4):0.00}");

        var etags = new List<string>();
        foreach (var id in reads) etags.Add($"{id} {await api.ETag(id)}");
        File.WriteAllLines(Path.Combine(dir, "write-targets.txt"), writeTargets);
        File.WriteAllLines(Path.Combine(dir, "read-targets.txt"), reads.Select(x => x.ToString()));
        File.WriteAllLines(Path.Combine(dir, "etag-targets.txt"), etags);
        File.WriteAllLines(Path.Combine(dir, "growth-small-write.txt"), [small.Target]);
        File.WriteAllLines(Path.Combine(dir, "growth-big-write.txt"), [big.Target]);
        File.WriteAllLines(Path.Combine(dir, "growth-small-read.txt"), [small.Id.ToString()]);
        File.WriteAllLines(Path.Combine(dir, "growth-big-read.txt"), [big.Id.ToString()]);
        return 0;
    }

    private static async Task Append(IDocumentStore store, IEnumerable<(Guid Id, object[] Events)> streams)
    {
        var list = streams.ToList();
        for (var i = 0; i < list.Count; i += 100)
        {
            await using var session = store.LightweightSession();
            foreach (var (id, events) in list.Skip(i).Take(100)) session.Events.StartStream<Comparison>(id, events);
            await session.SaveChangesAsync();
        }
    }

    private static async Task<double> Timed(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

public sealed record Person(Guid Id, string Token);

public sealed class Api(HttpClient http, string adminKey)
{
    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private async Task<JsonNode> Json(HttpMethod method, string url, string token, object? body)
    {
        using var response = await Send(method, url, token, body);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<Person> User(string role, string name)
    {
        var created = await Json(HttpMethod.Post, "/api/users", adminKey, new { name, role });
        return new Person(Guid.Parse((string)created["id"]!), (string)created["token"]!);
    }

    public async Task<Guid> Tool(Person editor, ComparedTool t) =>
        Guid.Parse((string)(await Json(HttpMethod.Post, "/api/tools", editor.Token, new
        {
            name = t.Name,
            vendor = t.Vendor,
            category = t.Category,
            tagline = t.Tagline,
            description = t.Description,
            entryTier = t.EntryTier.ToString(),
            pricingRead = t.PricingRead
        }))["id"]!);

    public async Task Publish(Person editor, Guid comparison)
    {
        using var _ = await Send(HttpMethod.Post, $"/api/comparisons/{comparison}/publications", editor.Token, new { });
    }

    public async Task<string> ETag(Guid comparison)
    {
        using var response = await http.GetAsync($"/api/scorecards/{comparison}");
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.ToString();
    }
}
