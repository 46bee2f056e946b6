using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Panel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Panel.Tests.Operations;

/// <summary>
/// The README's "Five minutes with curl", run as written by bash against the built service in its own
/// process (as <c>./run.sh</c> starts it: demo loaded, a signing key, the admin key in .local/admin-key),
/// so a retired route, field or rule in it fails here instead of silently in a newcomer's terminal.
/// </summary>
public partial class ReadmeWalkthroughTests(ITestOutputHelper output)
{
    public const string Marker = "<!-- walk-through: ReadmeWalkthroughTests runs this block with bash -euo pipefail -->";

    [Fact]
    public async Task the_readme_curl_walkthrough_runs_as_written_and_publishes()
    {
        var script = WalkthroughBlock();
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Panel__AdminKey"] = AppFixture.AdminKey,
            ["Panel__Signing__KeyPath"] = AppFixture.SigningKeyPath,
            ["Panel__Demo"] = "true"
        });
        // The walk-through reads the admin key where run.sh keeps it, relative to the repository root.
        var root = Directory.CreateTempSubdirectory("panel-readme-");
        Directory.CreateDirectory(Path.Combine(root.FullName, ".local"));
        await File.WriteAllTextAsync(Path.Combine(root.FullName, ".local", "admin-key"), AppFixture.AdminKey + "\n");
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "walkthrough.sh"), script);

        var (code, stdout, stderr) = await Bash(root.FullName, new Uri(service.BaseUrl).Port);
        output.WriteLine($"exit {code}\n--- stdout\n{stdout}\n--- stderr (bash -x)\n{stderr}");

        Assert.True(code == 0, $"the walk-through stopped with {code}:\n{stderr[Math.Max(0, stderr.Length - 3000)..]}");
        // The one deliberate refusal: publishing before the verdicts are in.
        Assert.Contains("https://panel.dev/problems/incomplete-panel", stdout);
        Assert.Contains("\n409\n", stdout);

        using var http = new HttpClient { BaseAddress = new Uri(service.BaseUrl) };
        var listed = (await http.GetFromJsonAsync<JsonArray>("/api/scorecards"))!;
        var id = (string)listed.Single(s => (string)s!["title"]! == "Zed vs Cursor")!["id"]!;
        var scorecard = (await http.GetFromJsonAsync<JsonObject>($"/api/scorecards/{id}"))!;
        Assert.Equal(2, (int)scorecard["version"]!);
        Assert.NotNull(scorecard["retraction"]);
        var verification = (await http.GetFromJsonAsync<JsonObject>($"/api/scorecards/{id}/versions/1/verification"))!;
        Assert.True((bool)verification["valid"]!, verification.ToJsonString());
        Assert.Equal("valid", (string)verification["signature"]!);
    }

    private static string WalkthroughBlock()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var at = readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no line {Marker} before its curl walk-through");
        var block = Block().Match(readme, at + Marker.Length);
        Assert.True(block.Success && block.Index - (at + Marker.Length) <= 2, "the marker must stand right above a ```sh block");
        return block.Groups[1].Value;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Bash(string directory, int port)
    {
        var info = new ProcessStartInfo("bash", ["-x", "-euo", "pipefail", "walkthrough.sh"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        info.Environment["PANEL_PORT"] = port.ToString();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the walk-through ran longer than 60 s:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) return dir.FullName;
        throw new InvalidOperationException("Panel.sln not found above the test output.");
    }

    [GeneratedRegex(@"```sh\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
