using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Panel.Bench;

/// <summary>
/// Verdict PUTs at a fixed rate, whatever the answers' speed (an open loop, which wrk is not): each
/// request's latency counts from the moment it was due, so a stall shows in the percentiles instead
/// of slowing the load down (no coordinated omission). Two seconds at the same rate go first, uncounted,
/// so the generator's own start (a cold .NET process on the database's core) is not measured as the
/// service's latency. At most 64 connections, like wrk's largest run: a request due while all are busy
/// waits in the client, and that wait counts.
/// </summary>
public static class OpenLoop
{
    public static async Task<int> Run(string[] args)
    {
        var url = new Uri(args[0]);
        var targets = File.ReadAllLines(args[1]).Select(l => l.Split(' ')).ToArray();
        var rate = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var seconds = double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
        var run = Environment.GetEnvironmentVariable("BENCH_RUN") ?? "0";

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, UseCookies = false })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30)
        };
        var random = new Random(42);
        await Send(http, targets, random, $"warm-{run}", rate, WarmUpSeconds);
        var (latencies, failures, elapsed) = await Send(http, targets, random, run, rate, seconds);
        var total = latencies.Length;
        Array.Sort(latencies);
        double P(double q) => latencies[(int)Math.Min(total - 1, Math.Ceiling(q * total) - 1)];
        // rate asked, rate achieved, p50, p90, p99, max (ms), failures, requests
        Console.WriteLine(FormattableString.Invariant(
            $"OPENLOOP {rate:0} {total / elapsed:0.0} {P(0.50):0.00} {P(0.90):0.00} {P(0.99):0.00} {latencies[^1]:0.00} {failures} {total}"));
        return 0;
    }

    private const int Connections = 64;
    private const double WarmUpSeconds = 2;

    private static async Task<(double[] Latencies, int Failures, double Seconds)> Send(
        HttpClient http, string[][] targets, Random random, string run, double rate, double seconds)
    {
        var total = (int)(rate * seconds);
        var latencies = new double[total];
        var failures = 0;
        var tasks = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / rate;
        for (var i = 0; i < total;)
        {
            var now = Stopwatch.GetTimestamp();
            // Everything due by now goes out now; then sleep about a millisecond.
            for (; i < total && start + (long)(i * ticksPerRequest) <= now; i++)
            {
                var n = i;
                var due = start + (long)(n * ticksPerRequest);
                var t = targets[random.Next(targets.Length)];
                tasks.Add(Task.Run(async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/comparisons/{t[1]}/verdicts/{t[2]}")
                    {
                        Content = new StringContent(
                            $$"""{"decision":"{{(n % 2 == 0 ? "Ship" : "Skip")}}","quote":"Open-loop take {{run}}.{{n}}.","reason":"Open-loop revision {{run}}.{{n}}"}""",
                            Encoding.UTF8, "application/json")
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", t[0]);
                    try
                    {
                        using var response = await http.SendAsync(request);
                        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    latencies[n] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(tasks);
        return (latencies, failures, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
