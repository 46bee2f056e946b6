using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Panel.Tests.Infrastructure;

/// <summary>An account at the test provider: what its ID token says about the person's address.</summary>
public sealed record OidcAccount(string Email, bool EmailVerified, string Name);

/// <summary>
/// A real OpenID Connect provider for the single sign-on tests: panva's oidc-provider (OpenID certified, pinned in
/// tests/oidc/package-lock.json), run by tests/oidc/provider.mjs on a port of its own, with one client and the
/// accounts the test names. Its development login page signs in as whatever login is typed, with any password.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "panel-workspace";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private OidcProvider(Process process, int port, string clientSecret)
    {
        _process = process;
        Port = port;
        ClientSecret = clientSecret;
    }

    public int Port { get; }
    public string Issuer => $"http://127.0.0.1:{Port}";
    public string ClientSecret { get; }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static string Directory => Path.Combine(RepositoryRoot(), "tests", "oidc");

    /// <summary>A port nobody listens on now: Panel is told the provider's address before the provider starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The settings that point Panel at a provider on <paramref name="port"/> (plain http, so metadata over http is allowed).</summary>
    public static Dictionary<string, string> PanelSettings(int port, string clientSecret, string displayName) => new()
    {
        ["Panel__Oidc__Authority"] = $"http://127.0.0.1:{port}",
        ["Panel__Oidc__ClientId"] = ClientId,
        ["Panel__Oidc__ClientSecret"] = clientSecret,
        ["Panel__Oidc__DisplayName"] = displayName,
        ["Panel__Oidc__RequireHttpsMetadata"] = "false"
    };

    public static async Task<OidcProvider> StartAsync(int port, string clientSecret, string redirectUri, IReadOnlyDictionary<string, OidcAccount> accounts)
    {
        await EnsureInstalledAsync();
        var claims = new JsonObject();
        foreach (var (login, account) in accounts)
            claims[login] = new JsonObject { ["email"] = account.Email, ["email_verified"] = account.EmailVerified, ["name"] = account.Name };

        var info = new ProcessStartInfo("node", ["provider.mjs"])
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        info.Environment["OIDC_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["OIDC_CLIENT_ID"] = ClientId;
        info.Environment["OIDC_CLIENT_SECRET"] = clientSecret;
        info.Environment["OIDC_REDIRECT_URI"] = redirectUri;
        info.Environment["OIDC_ACCOUNTS"] = claims.ToJsonString();
        var provider = new OidcProvider(Process.Start(info)!, port, clientSecret);
        provider._process.OutputDataReceived += (_, e) => provider.Append(e.Data);
        provider._process.ErrorDataReceived += (_, e) => provider.Append(e.Data);
        provider._process.BeginOutputReadLine();
        provider._process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (provider._process.HasExited)
                throw new InvalidOperationException($"The OIDC provider exited with {provider._process.ExitCode}:\n{provider.Log}");
            try
            {
                using var discovery = await http.GetAsync($"{provider.Issuer}/.well-known/openid-configuration");
                if (discovery.IsSuccessStatusCode) return provider;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        await provider.DisposeAsync();
        throw new TimeoutException($"The OIDC provider did not answer its discovery document within 30 s:\n{provider.Log}");
    }

    /// <summary>The pinned oidc-provider, installed once (npm ci) when missing; ./test.sh does the same before the run.</summary>
    private static async Task EnsureInstalledAsync()
    {
        var wanted = (string)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Directory, "package.json")))!["dependencies"]!["oidc-provider"]!;
        var installed = Path.Combine(Directory, "node_modules", "oidc-provider", "package.json");
        if (File.Exists(installed) && (string?)JsonNode.Parse(await File.ReadAllTextAsync(installed))!["version"] == wanted) return;

        var info = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        using var npm = Process.Start(info)!;
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm ci in tests/oidc failed ({npm.ExitCode}); is Node.js installed? ./test.sh installs it.\n{await stdout}{await stderr}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) return dir.FullName;
        throw new InvalidOperationException("Panel.sln not found above the test output.");
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
