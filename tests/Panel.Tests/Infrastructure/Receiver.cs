using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Panel.Tests.Infrastructure;

/// <summary>One request a receiver got, and the status it answered.</summary>
public sealed record Received(string Delivery, string Event, string Signature, string Body, int Answered, DateTimeOffset At);

/// <summary>
/// A real webhook receiver: a small Kestrel app on 127.0.0.1 and a free port, recording every request.
/// It answers what <see cref="Answer"/> says for the n-th request (1-based), 200 by default.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    public const string Secret = "receiver-secret-0123456789abcdef";
    private readonly WebApplication _app;
    private readonly List<Received> _requests = [];

    public string Url { get; }
    public Func<int, int> Answer { get; set; } = _ => 200;

    private Receiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<Receiver> StartAsync(Func<int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Receiver? receiver = null;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            int status;
            lock (receiver!._requests)
            {
                status = receiver.Answer(receiver._requests.Count + 1);
                receiver._requests.Add(new Received(http.Request.Headers["Panel-Delivery"].ToString(), http.Request.Headers["Panel-Event"].ToString(),
                    http.Request.Headers["Panel-Signature"].ToString(), body, status, DateTimeOffset.UtcNow));
            }
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver = new Receiver(app, app.Urls.Single().TrimEnd('/') + "/hook");
        if (answer is not null) receiver.Answer = answer;
        return receiver;
    }

    public IReadOnlyList<Received> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    /// <summary>The requests it accepted (answered 2xx).</summary>
    public IReadOnlyList<Received> Accepted => [.. Requests.Where(r => r.Answered is >= 200 and < 300)];

    /// <summary>Polls until <paramref name="done"/> holds for the requests so far, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<Received>> WaitFor(Func<IReadOnlyList<Received>, bool> done, double seconds = 15, string? what = null)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var requests = Requests;
            if (done(requests)) return requests;
            if (DateTime.UtcNow > until)
                Assert.Fail($"Within {seconds} s the receiver did not get {what ?? "what was expected"}; it got: " +
                    string.Join("; ", requests.Select(r => $"{r.Event} {r.Delivery} → {r.Answered}")));
            await Task.Delay(50);
        }
    }

    /// <summary>Checks Panel-Signature the way a receiver would: t=…,v1=hex HMAC-SHA256 of "t.body".</summary>
    public static bool SignatureIsValid(Received r, string secret = Secret)
    {
        var parts = r.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{r.Body}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]))
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"])) < 300;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
