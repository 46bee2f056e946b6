using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JasperFx;
using Marten;
using Panel.Comparisons;
using Panel.Tools;
using Weasel.Core;

// Exporting events: bulk-loads comparison events with Marten (batches of whole streams, not one HTTP call
// each) until the store holds the target count, then streams GET /api/exports/events.jsonl from the
// running service, counting rows and bytes while sampling the service's resident memory.
// Usage: Panel.ExportBenchmark <connection string> <base url> <service pid> [events] (see scripts/benchmark-export.sh)
var connection = args[0];
var baseUrl = args[1];
var pid = int.Parse(args[2]);
var target = args.Length > 3 ? long.Parse(args[3]) : 1_000_000;
var adminKey = Environment.GetEnvironmentVariable("PANEL_BENCH_ADMIN_KEY") ?? "bench-admin-key-0123456789abcdef";
const int EventsPerComparison = 100;
const int ComparisonsPerBatch = 100;

using var store = DocumentStore.For(opts =>
{
    opts.Connection(connection);
    opts.DatabaseSchemaName = "panel";
    opts.UseSystemTextJsonForSerialization(EnumStorage.AsString);
    // The service created the schema; this store only appends (no projections: the export reads events).
    opts.AutoCreateSchemaObjects = AutoCreate.None;
});

long stored;
await using (var query = store.QuerySession())
    // Comparison events only: the export's rows (each run also registers one editor, a person's event).
    stored = await query.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "user_registered").LongCountAsync();
Console.WriteLine($"events already stored: {stored:N0}; loading up to {target:N0}");
var load = Stopwatch.StartNew();
var loaded = 0L;
var at = DateTimeOffset.UtcNow;
var editor = Guid.NewGuid();
var reviewers = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
while (stored + loaded < target)
{
    await using var session = store.LightweightSession();
    for (var c = 0; c < ComparisonsPerBatch && stored + loaded < target; c++)
    {
        var id = Guid.CreateVersion7();
        var tools = new[] { Tool("Alpha"), Tool("Beta") };
        var events = new List<object> { new ComparisonOpened(id, $"Alpha vs Beta {id:N}", tools, editor, at) };
        events.AddRange(reviewers.Select((r, i) => (object)new ReviewerSeated(id, r, $"Reviewer {i + 1}", "developer experience", editor, at)));
        var n = (int)Math.Min(EventsPerComparison, target - stored - loaded);
        for (var i = events.Count; i < n; i++)
        {
            var reviewer = reviewers[i % reviewers.Length];
            var tool = tools[i / reviewers.Length % 2].ToolId;
            var decision = i % 3 == 0 ? Decision.Skip : Decision.Ship;
            events.Add(i < 13
                ? new VerdictSubmitted(id, tool, reviewer, decision, $"Take {i}: a quote of ordinary length, with an apostrophe's worth of care.", "a private note", at)
                : new VerdictRevised(id, tool, reviewer, decision, $"Take {i}: a quote of ordinary length, revised after a re-test.", null, $"Revision {i}", at));
        }
        session.Events.StartStream<Comparison>(id, events.Take(n).ToArray());
        loaded += n;
    }
    await session.SaveChangesAsync();
}
load.Stop();
if (loaded > 0) Console.WriteLine($"bulk load: {loaded:N0} events in {load.Elapsed.TotalSeconds:0.0} s ({loaded / load.Elapsed.TotalSeconds:N0} events/s)");

using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
var created = await (await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/users")
{
    Headers = { Authorization = new AuthenticationHeaderValue("Bearer", adminKey) },
    Content = JsonContent.Create(new { name = "Export bench editor", role = "Editor" })
})).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
var token = (string)created!["token"]!;

var before = Rss("VmRSS");
var peak = before;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        peak = Math.Max(peak, Rss("VmRSS"));
        try { await Task.Delay(20, sampling.Token); } catch (OperationCanceledException) { }
    }
});

var clock = Stopwatch.StartNew();
using var request = new HttpRequestMessage(HttpMethod.Get, "/api/exports/events.jsonl");
request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
response.EnsureSuccessStatusCode();
var firstByte = clock.Elapsed;
await using var body = await response.Content.ReadAsStreamAsync();
var buffer = new byte[1 << 16];
long bytes = 0, rows = 0;
int read;
while ((read = await body.ReadAsync(buffer)) > 0)
{
    bytes += read;
    rows += buffer.AsSpan(0, read).Count((byte)'\n');
}
clock.Stop();
sampling.Cancel();
await sampler;

Console.WriteLine($"export: {rows:N0} rows, {bytes / 1048576.0:N0} MiB in {clock.Elapsed.TotalSeconds:0.0} s " +
                  $"= {rows / clock.Elapsed.TotalSeconds:N0} rows/s; first byte after {firstByte.TotalMilliseconds:N0} ms");
Console.WriteLine($"service RSS: {before / 1024.0:N0} MiB before, peak {peak / 1024.0:N0} MiB during the export (sampled every 20 ms); " +
                  $"VmHWM since start {Rss("VmHWM") / 1024.0:N0} MiB");

ComparedTool Tool(string name) => new(Guid.NewGuid(), name, $"{name} Inc.", "Developer Tools", $"{name} does one thing well",
    $"{name}, described at the length a tool description usually has in a comparison.", EntryTier.Free, "Free to start.", at);

long Rss(string field) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field + ":"))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).First();
