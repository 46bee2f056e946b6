using System.Diagnostics;
using System.Text.Json.Nodes;
using Panel.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Panel.Tests.Api;

/// <summary>
/// Lints the document the service serves with Redocly CLI's recommended rules (pinned in
/// tools/openapi/package-lock.json, configured in tools/openapi/redocly.yaml): any error fails the run.
/// </summary>
public class OpenApiLintTests(AppFixture fixture, ITestOutputHelper output) : ApiTest(fixture)
{
    private static string Tools => Path.Combine(RepositoryRoot(), "tools", "openapi");

    [Fact]
    public async Task redocly_finds_no_error_in_the_served_document()
    {
        var result = await Api.Send(HttpMethod.Get, "/openapi/v1.json", null, null, 200);
        var document = Path.Combine(Path.GetTempPath(), $"panel-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await result.ReadAsTextAsync());
        try
        {
            await EnsureRedoclyAsync();
            var lint = await RunAsync("node", Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"),
                "lint", document, "--config", "redocly.yaml", "--format", "json");
            output.WriteLine(lint.Stderr);
            var report = JsonNode.Parse(lint.Stdout[lint.Stdout.IndexOf('{')..])!;
            var problems = report["problems"]!.AsArray()
                .Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}")
                .ToList();
            foreach (var problem in problems) output.WriteLine(problem);

            Assert.True((int)report["totals"]!["errors"]! == 0, "Redocly reports errors:\n" + string.Join("\n", problems));
            Assert.Equal(0, lint.ExitCode);
        }
        finally
        {
            File.Delete(document);
        }
    }

    /// <summary>Installs the pinned CLI once (npm ci) when it is missing or not the version the lock file names.</summary>
    private async Task EnsureRedoclyAsync()
    {
        var wanted = (string)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Tools, "package.json")))!["devDependencies"]!["@redocly/cli"]!;
        var installed = Path.Combine(Tools, "node_modules", "@redocly", "cli", "package.json");
        if (File.Exists(installed) && (string?)JsonNode.Parse(await File.ReadAllTextAsync(installed))!["version"] == wanted) return;

        var ci = await RunAsync("npm", "ci", "--no-audit", "--no-fund");
        output.WriteLine(ci.Stdout + ci.Stderr);
        Assert.True(ci.ExitCode == 0, $"npm ci in tools/openapi failed ({ci.ExitCode}); is Node.js installed? ./test.sh installs it.\n{ci.Stderr}");
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    private static async Task<Run> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        // No telemetry or update checks: the network here is loopback only.
        info.Environment["REDOCLY_TELEMETRY"] = "off";
        info.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        info.Environment["NO_UPDATE_NOTIFIER"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Panel.sln"))) return dir.FullName;
        throw new InvalidOperationException("Panel.sln not found above the test output.");
    }
}
