using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;

namespace Panel.Tests.Operations;

/// <summary>
/// The built service exports its traces over OTLP/HTTP to a receiver the test starts: a verdict's trace
/// holds the HTTP request, Panel's decision and append, and the SQL that committed it.
/// </summary>
public class TelemetryTests(AppFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task a_verdict_write_is_traced_from_the_request_through_the_decision_to_the_commit()
    {
        await using var receiver = OtlpReceiver.Start();
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Panel__AdminKey"] = AppFixture.AdminKey,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_SERVICE_NAME"] = "panel-under-test"
        });
        using var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        async Task<JsonNode> Post(string url, string token, object body, HttpMethod? method = null)
        {
            using var request = new HttpRequestMessage(method ?? HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        var editor = (string)(await Post("/api/users", AppFixture.AdminKey, new { name = "Traced Editor", role = "Editor" }))["token"]!;
        var reviewer = await Post("/api/users", AppFixture.AdminKey, new { name = "Traced Reviewer", role = "Reviewer" });
        var tools = new List<string>();
        foreach (var name in new[] { "Traced A", "Traced B" })
        {
            tools.Add((string)(await Post("/api/tools", editor, new
            {
                name,
                vendor = "V",
                category = "C",
                tagline = "T",
                description = "D",
                entryTier = "Free",
                pricingRead = "Free."
            }))["id"]!);
        }
        var comparison = (string)(await Post("/api/comparisons", editor, new { title = "Traced", toolIds = tools }))["id"]!;
        await Post($"/api/comparisons/{comparison}/seats", editor, new { reviewerId = (string)reviewer["id"]!, angle = "skeptic" });
        await Post($"/api/comparisons/{comparison}/verdicts/{tools[0]}", (string)reviewer["token"]!,
            new { decision = "Ship", quote = "Traced and shipped." }, HttpMethod.Put);

        OtlpReceiver.Span? request = null, decide = null, append = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var spans = receiver.Spans();
            request = spans.FirstOrDefault(s => s.Name.StartsWith("PUT") && s.Name.Contains("verdicts/{toolId}"));
            decide = spans.FirstOrDefault(s => s.Name == "panel.decide" && s.TraceId == request?.TraceId);
            append = spans.FirstOrDefault(s => s.Name == "panel.append" && s.TraceId == request?.TraceId);
            if (request is not null && decide is not null && append is not null
                && spans.Any(s => s.Scope == "Npgsql" && s.TraceId == request.TraceId)) break;
            await Task.Delay(200);
        }

        Assert.NotNull(request);
        Assert.NotNull(decide);
        Assert.NotNull(append);
        // A parent ends after its children: give its batch time to arrive.
        await Task.Delay(1500);
        var all = receiver.Spans();
        var sql = all.Where(s => s.Scope == "Npgsql" && s.TraceId == request.TraceId).ToList();
        Assert.NotEmpty(sql);
        // Every Panel and database span of the write descends from the request's span.
        var byId = all.Where(s => s.TraceId == request.TraceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        foreach (var span in sql.Append(decide).Append(append))
        {
            var up = span;
            while (up.ParentId != "" && up.SpanId != request.SpanId && byId.TryGetValue(up.ParentId, out var parent)) up = parent;
            Assert.True(up.SpanId == request.SpanId, $"{span.Name} ({span.Scope}) does not descend from the request; stopped at {up.Name} ({up.Scope}) whose parent {up.ParentId} is missing. Trace: " +
                string.Join("; ", byId.Values.Select(x => $"{x.SpanId}<-{x.ParentId} {x.Name} ({x.Scope})")));
        }
        // The append's own statements: the events, the projected documents and the commit.
        Assert.True(sql.Any(s => s.ParentId == append.SpanId),
            "no SQL under panel.append: " + string.Join("; ", byId.Values.Select(x => $"{x.SpanId}<-{x.ParentId} {x.Name} ({x.Scope})")));
        Assert.Contains("panel-under-test", receiver.ServiceNames());
    }

    /// <summary>A minimal OTLP/HTTP receiver: takes protobuf trace exports and reads the spans' ids and names.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        public sealed record Span(string TraceId, string SpanId, string ParentId, string Name, string Scope);

        private readonly HttpListener _listener = new();
        private readonly ConcurrentBag<Span> _spans = [];
        private readonly ConcurrentBag<string> _services = [];
        private readonly Task _loop;

        public string Url { get; }

        private OtlpReceiver()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(Serve);
        }

        public static OtlpReceiver Start() => new();

        public IReadOnlyList<Span> Spans() => [.. _spans];
        public IReadOnlyList<string> ServiceNames() => [.. _services];

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url!.AbsolutePath == "/v1/traces") Read(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        // ExportTraceServiceRequest: 1 resource_spans { 1 resource { 1 attributes { 1 key, 2 value { 1 string } } },
        // 2 scope_spans { 1 scope { 1 name }, 2 spans { 1 trace_id, 2 span_id, 4 parent_span_id, 5 name } } }
        private void Read(byte[] export)
        {
            foreach (var (field, resourceSpans) in Fields(export))
            {
                if (field != 1) continue;
                foreach (var (f, value) in Fields(resourceSpans))
                {
                    if (f == 1)
                    {
                        foreach (var (a, attribute) in Fields(value))
                        {
                            if (a != 1) continue;
                            var parts = Fields(attribute).ToDictionary(x => x.Field, x => x.Value);
                            if (Encoding.UTF8.GetString(parts[1]) == "service.name")
                                _services.Add(Encoding.UTF8.GetString(Fields(parts[2]).First().Value));
                        }
                    }
                    if (f != 2) continue;
                    var scope = "";
                    foreach (var (s, part) in Fields(value))
                    {
                        if (s == 1) scope = Encoding.UTF8.GetString(Fields(part).FirstOrDefault(x => x.Field == 1).Value ?? []);
                        if (s != 2) continue;
                        var span = Fields(part).GroupBy(x => x.Field).ToDictionary(g => g.Key, g => g.First().Value);
                        _spans.Add(new Span(Convert.ToHexString(span[1]), Convert.ToHexString(span[2]),
                            span.TryGetValue(4, out var parent) ? Convert.ToHexString(parent) : "", Encoding.UTF8.GetString(span[5]), scope));
                    }
                }
            }
        }

        /// <summary>The length-delimited fields of a protobuf message (varints and fixed-width ones skipped).</summary>
        private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
        {
            var i = 0;
            while (i < message.Length)
            {
                var tag = Varint(message, ref i);
                var field = (int)(tag >> 3);
                switch (tag & 7)
                {
                    case 0: Varint(message, ref i); break;
                    case 1: i += 8; break;
                    case 5: i += 4; break;
                    case 2:
                        var length = (int)Varint(message, ref i);
                        yield return (field, message[i..(i + length)]);
                        i += length;
                        break;
                    default: yield break;
                }
            }
        }

        private static ulong Varint(byte[] bytes, ref int i)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[i++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return value;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                await _loop;
            }
            catch (ObjectDisposedException)
            {
                // stopped while waiting for a request
            }
        }
    }
}
