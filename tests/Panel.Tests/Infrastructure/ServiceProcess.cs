using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Panel.Tests.Infrastructure;

/// <summary>
/// The built service running as its own process on a real port, for clients that need a socket (a
/// browser). It is the same Panel.Api.dll that ships, started the way run.sh starts it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public string BaseUrl { get; }

    /// <summary>The service's database: one of its own unless the caller names one.</summary>
    public string ConnectionString { get; }

    private ServiceProcess(Process process, string baseUrl, string connectionString)
    {
        _process = process;
        BaseUrl = baseUrl;
        ConnectionString = connectionString;
    }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>
    /// Starts the service on a database of its own (named after the calling test), so its async daemon
    /// never competes with the shared test host's; <c>ConnectionStrings__Marten</c> in
    /// <paramref name="environment"/> chooses another.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> environment,
        [System.Runtime.CompilerServices.CallerMemberName] string caller = "")
    {
        var connectionString = environment.TryGetValue("ConnectionStrings__Marten", out var given)
            ? given
            : await TestDatabases.CreateAsync("svc_" + new string(caller.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray()));
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Panel.Api.dll"), "--urls", baseUrl])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Panel__KeyEncryptionKey"] = AppFixture.KeyEncryptionKey;
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var service = new ServiceProcess(Process.Start(info)!, baseUrl, connectionString);
        service._process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (service._process.HasExited)
                throw new InvalidOperationException($"Panel exited with {service._process.ExitCode}:\n{service.Log}");
            try
            {
                if ((await http.GetAsync($"{baseUrl}/health")).IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        await service.DisposeAsync();
        throw new TimeoutException($"Panel did not answer /health within 90 s:\n{service.Log}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the service as an operator or an orchestrator does: SIGTERM, then waits for it to shut down.</summary>
    public async Task StopAsync(TimeSpan? patience = null)
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }
        using var waiting = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(waiting.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
